"""A small curriculum in the `world`: a catalog, one requirement version for cohorts from
2020, and the world fellows' enrollments (created once per test)."""

from decimal import Decimal

from fellowship.curriculum.models import Course, Enrollment, Requirement, RequirementSet

CATALOG = [
    ("BMI 701", "Principles of Biomedical Informatics", 4, "core", ""),
    ("BMI 702", "Biomedical Data Science", 4, "core", ""),
    ("BMI 710", "Machine Learning for Health Care", 3, "elective", "data science"),
    ("BMI 720", "Clinical Decision Support", 3, "elective", "clinical informatics"),
    ("BMI 801", "Mentored Research I", 4, "research", ""),
    ("BMI 890", "Master's Thesis", 4, "thesis", ""),
]


def catalog_for(program) -> dict[str, Course]:
    courses = {}
    for code, title, credits, kind, groups in CATALOG:
        courses[code], _ = Course.objects.get_or_create(
            program=program,
            code=code,
            defaults={"title": title, "credits": Decimal(credits), "kind": kind, "groups": groups},
        )
    return courses


def requirements_for(program) -> RequirementSet:
    courses = catalog_for(program)
    rs, created = RequirementSet.objects.get_or_create(
        program=program, version="MMSc 2020", defaults={"cohort_from": 2020, "min_grade": "B-"}
    )
    if created:
        rows = [
            Requirement(kind="required_course", course=courses["BMI 701"]),
            Requirement(kind="required_course", course=courses["BMI 702"]),
            Requirement(
                kind="min_credits", course_kind="elective", min_credits=6, label="Electives"
            ),
            Requirement(kind="min_credits", course_kind="research", min_credits=4),
            Requirement(kind="min_total", min_credits=20),
            Requirement(kind="thesis"),
        ]
        for position, row in enumerate(rows, start=1):
            row.requirement_set, row.position = rs, position
            row.full_clean()
            row.save()
    return rs


def curriculum_for(world) -> RequirementSet:
    """Requirements, the catalog, and enrollments of both world fellows."""
    rs = requirements_for(world.program)
    courses = catalog_for(world.program)
    if not Enrollment.objects.filter(fellow=world.fellow_record).exists():
        for code, year, season, status, grade in [
            ("BMI 701", 2025, "fall", "completed", "A"),
            ("BMI 710", 2025, "fall", "completed", "C"),  # below the minimum
            ("BMI 801", 2025, "fall", "completed", "P"),
            ("BMI 702", 2026, "spring", "completed", "A-"),
            ("BMI 710", 2026, "fall", "enrolled", ""),
            ("BMI 720", 2027, "spring", "planned", ""),
            ("BMI 890", 2027, "spring", "planned", ""),
        ]:
            Enrollment.objects.create(
                fellow=world.fellow_record,
                course=courses[code],
                term_year=year,
                term_season=season,
                status=status,
                grade=grade,
            )
        Enrollment.objects.create(
            fellow=world.other_fellow_record,
            course=courses["BMI 701"],
            term_year=2025,
            term_season="fall",
            status="completed",
            grade="B+",
        )
    return rs


def enrollment_for(world) -> Enrollment:
    curriculum_for(world)
    return Enrollment.objects.filter(fellow=world.fellow_record).order_by("pk").first()


def requirement_for(world) -> Requirement:
    return curriculum_for(world).requirements.order_by("position").first()
