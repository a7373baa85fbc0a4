"""Load the demo curriculum: the MMSc catalog, two requirement versions and every demo
fellow's courses and grades, consistent with where they are in the program.

`load_demo_curriculum(program)` runs after `demo.programs.load_demo_program` and is
idempotent: courses are found by code, versions by name, enrollments by fellow, course and
term; a demo fellow's enrollments that the data no longer names are removed. Terms move
with the academic year like the rest of the demo (DemoCalendar), and a term's status
follows the day the demo is loaded: past terms are completed with their grades, the
current term is enrolled, later terms are planned.

The data is written for the academic year 2026-27 (cohort 2025 in its second year):
- cohorts 2023 and 2024 (alumni) completed every requirement of the 2023 version;
- cohort 2025 (second year, the 2025 version): most courses done, spring planned.
  fellow@example.org (Jordan Baptiste) got a C+ in BMI 705 and retakes it this fall, and
  is one elective short with planned electives covering it; Olivia Hartmann's leave pushes
  her plan past the end of her appointment; Lucia Ortega failed BMI 702 and retakes it,
  and her planned electives leave her one credit short;
- cohort 2026 (first year): this fall enrolled, the rest planned;
- cohort 2027 (incoming): nothing yet.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fellowship.curriculum.models import Course, Enrollment, Requirement, RequirementSet
from fellowship.demo import data as core_data
from fellowship.demo.programs import DemoCalendar
from fellowship.programs.models import Fellow

# The catalog and its requirement versions are data: fellowship/demo/data/curriculum.toml.
_CATALOG = core_data.read("curriculum.toml")
COURSES: list[dict] = _CATALOG["courses"]
VERSIONS: list[dict] = _CATALOG["versions"]

PASS_FAIL = {"BMI 704", "BMI 801", "BMI 802", "BMI 803", "BMI 804", "BMI 890"}
GRADES = ["A", "A-", "B+", "A", "A-", "A", "B+", "A-", "B"]

# (year offset from the cohort, season, course codes) of the usual two-year plan.
STANDARD_PLAN = [
    (0, "fall", ["BMI 701", "BMI 703", "BMI 704", "BMI 705", "BMI 801"]),
    (1, "spring", ["BMI 702", "E1", "BMI 802"]),
    (1, "fall", ["BMI 803", "E2"]),
    (2, "spring", ["BMI 804", "BMI 890", "E3"]),
]
ELECTIVES = [  # E1 (spring), E2 (fall), E3 (spring), rotated by fellow
    ("BMI 710", "BMI 720", "BMI 711"),
    ("BMI 711", "BMI 712", "BMI 713"),
    ("BMI 713", "BMI 715", "BMI 710"),
    ("BMI 713", "BMI 720", "BMI 711"),
]

# Written out for the fellows whose record tells a story: (data year, season, code,
# status or None for "by the date", grade).
SPECIAL = {
    "fellow@example.org": [
        (2025, "fall", "BMI 701", None, "A-"),
        (2025, "fall", "BMI 703", None, "B+"),
        (2025, "fall", "BMI 704", None, "P"),
        (2025, "fall", "BMI 705", None, "C+"),
        (2025, "fall", "BMI 801", None, "P"),
        (2026, "spring", "BMI 702", None, "A"),
        (2026, "spring", "BMI 711", None, "A"),
        (2026, "spring", "BMI 802", None, "P"),
        (2026, "summer", "BMI 721", None, "B+"),
        (2026, "fall", "BMI 705", None, None),
        (2026, "fall", "BMI 720", None, None),
        (2026, "fall", "BMI 803", None, None),
        (2027, "spring", "BMI 804", None, None),
        (2027, "spring", "BMI 890", None, None),
        (2027, "spring", "BMI 723", None, None),
    ],
    # On leave this year: her plan runs a year past the end of her appointment.
    "olivia.hartmann@example.org": [
        (2025, "fall", "BMI 701", None, "A"),
        (2025, "fall", "BMI 703", None, "A-"),
        (2025, "fall", "BMI 704", None, "P"),
        (2025, "fall", "BMI 705", None, "B+"),
        (2025, "fall", "BMI 801", None, "P"),
        (2026, "spring", "BMI 702", "withdrawn", ""),
        (2026, "spring", "BMI 802", None, "P"),
        (2027, "spring", "BMI 702", "planned", ""),
        (2027, "spring", "BMI 713", "planned", ""),
        (2027, "fall", "BMI 803", "planned", ""),
        (2027, "fall", "BMI 720", "planned", ""),
        (2028, "spring", "BMI 804", "planned", ""),
        (2028, "spring", "BMI 890", "planned", ""),
    ],
    # Failed BMI 702 and retakes it in the spring.
    "lucia.ortega@example.org": [
        (2025, "fall", "BMI 701", None, "B"),
        (2025, "fall", "BMI 703", None, "A-"),
        (2025, "fall", "BMI 704", None, "P"),
        (2025, "fall", "BMI 705", None, "B+"),
        (2025, "fall", "BMI 801", None, "P"),
        (2026, "spring", "BMI 702", "failed", "F"),
        (2026, "spring", "BMI 710", None, "A-"),
        (2026, "spring", "BMI 802", None, "P"),
        (2026, "fall", "BMI 803", None, None),
        (2026, "fall", "BMI 712", None, None),
        (2027, "spring", "BMI 702", None, None),
        (2027, "spring", "BMI 804", None, None),
        (2027, "spring", "BMI 890", None, None),
        (2027, "spring", "BMI 723", None, None),
    ],
    # Left the program in March of the first year.
    "sofia.carvajal@example.org": [
        (2023, "fall", "BMI 701", None, "B+"),
        (2023, "fall", "BMI 703", None, "A-"),
        (2023, "fall", "BMI 704", None, "P"),
        (2023, "fall", "BMI 801", None, "P"),
        (2024, "spring", "BMI 702", "withdrawn", ""),
        (2024, "spring", "BMI 802", "withdrawn", ""),
    ],
}

_STARTS = {"winter": (1, 1), "spring": (2, 1), "summer": (6, 1), "fall": (9, 1)}
_ENDS = {"winter": (1, 31), "spring": (5, 31), "summer": (8, 31), "fall": (12, 31)}


def term_status(year: int, season: str, today: date) -> str:
    if date(year, *_ENDS[season]) < today:
        return Enrollment.Status.COMPLETED
    if date(year, *_STARTS[season]) <= today:
        return Enrollment.Status.ENROLLED
    return Enrollment.Status.PLANNED


@transaction.atomic
def load_demo_curriculum(program, *, stdout=None, today: date | None = None) -> None:
    today = today or timezone.localdate()
    cal = DemoCalendar.for_day(today)
    courses = catalog_load(program)
    versions_load(program, courses, cal)
    fellows = {f.email: f for f in Fellow.objects.filter(program=program)}
    count = 0
    for index, spec in enumerate(core_data.FELLOWS):
        fellow = fellows.get(spec["email"])
        if fellow is None:
            continue
        rows = _rows_for(spec, index, fellow, cal, today)
        count += enrollments_load(fellow, courses, rows, today=today, seed=index)
    if stdout is not None:
        stdout.write(f"  {len(courses)} courses, {len(VERSIONS)} requirement versions, "
                     f"{count} enrollments\n")  # fmt: skip


def catalog_load(program) -> dict[str, Course]:
    courses = {}
    for spec in COURSES:
        code = spec["code"]
        course = Course.objects.filter(program=program, code=code).first() or Course(
            program=program, code=code
        )
        course.title, course.credits, course.kind = (
            spec["title"],
            Decimal(spec["credits"]),
            spec["kind"],
        )
        course.groups, course.terms_offered = spec.get("groups", ""), spec["terms_offered"]
        course.active = spec.get("active", True)
        course.description = spec["description"]
        course.full_clean()
        course.save()
        courses[code] = course
    for spec in COURSES:
        courses[spec["code"]].prerequisites.set(
            [courses[code] for code in spec.get("prerequisites", [])]
        )
    return courses


def versions_load(program, courses, cal: DemoCalendar) -> None:
    names = [spec["name"] for spec in VERSIONS]
    # A version of the demo's moved to another first cohort is the same version.
    RequirementSet.objects.filter(program=program).exclude(version__in=names).filter(
        version__startswith="MMSc requirements"
    ).delete()
    for spec in VERSIONS:
        year, name = spec["year"], spec["name"]
        rs = RequirementSet.objects.filter(program=program, version=name).first()
        rs = rs or RequirementSet(program=program, version=name)
        rs.cohort_from, rs.min_grade = cal.year(year), spec["min_grade"]
        rs.notes = (
            f"The requirements for fellows entering from {cal.year(year)}. A course counts "
            "toward one requirement only (and toward total credits)."
        )
        rs.full_clean()
        rs.save()
        rs.requirements.all().delete()
        for position, item in enumerate(spec["requirements"], start=1):
            row = Requirement(requirement_set=rs, position=position, kind=_KINDS[item["kind"]])
            if item["kind"] == "course":
                row.course = courses[item["course"]]
            elif item["kind"] == "credits":
                row.label, row.course_kind = item["label"], item["course_kind"]
                row.min_credits, row.group = Decimal(item["credits"]), item.get("group", "")
            elif item["kind"] == "total":
                row.min_credits = Decimal(item["credits"])
            row.full_clean()
            row.save()


_KINDS = {
    "course": Requirement.Kind.REQUIRED_COURSE,
    "credits": Requirement.Kind.MIN_CREDITS,
    "total": Requirement.Kind.MIN_TOTAL,
    "thesis": Requirement.Kind.THESIS,
}


def _rows_for(spec, index, fellow, cal, today):
    """(year, season, code, status, grade) for one demo fellow, in real years."""
    if spec["email"] in SPECIAL:
        written = SPECIAL[spec["email"]]
        return [
            (cal.year(y), season, code, status, grade) for y, season, code, status, grade in written
        ]
    if spec["status"] in (Fellow.Status.INCOMING, Fellow.Status.WITHDRAWN):
        return []
    electives = dict(zip(("E1", "E2", "E3"), ELECTIVES[index % len(ELECTIVES)], strict=True))
    rows = []
    for offset, season, codes in STANDARD_PLAN:
        for code in codes:
            rows.append(
                (fellow.cohort_year + offset, season, electives.get(code, code), None, None)
            )
    return rows


def enrollments_load(fellow, courses, rows, *, today=None, seed: int = 0) -> int:
    today = today or timezone.localdate()
    keep = []
    for n, (year, season, code, status, grade) in enumerate(rows):
        status = status or term_status(year, season, today)
        if status == Enrollment.Status.COMPLETED and grade is None:
            grade = "P" if code in PASS_FAIL else GRADES[(n + seed) % len(GRADES)]
        if status in (Enrollment.Status.PLANNED, Enrollment.Status.ENROLLED):
            grade = ""
        course = courses[code]
        e = Enrollment.objects.filter(
            fellow=fellow, course=course, term_year=year, term_season=season
        ).first() or Enrollment(fellow=fellow, course=course, term_year=year, term_season=season)
        e.status, e.grade = status, grade or ""
        e.full_clean()
        e.save()
        keep.append(e.pk)
    Enrollment.objects.filter(fellow=fellow).exclude(pk__in=keep).delete()
    return len(keep)
