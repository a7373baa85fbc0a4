"""The curriculum's models and services: validation, activity log, to_audit()."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.core.actors import SystemActor
from fellowship.curriculum import degree, services
from fellowship.curriculum.models import Course, Enrollment, Requirement, RequirementSet

from .helpers import catalog_for, curriculum_for

pytestmark = pytest.mark.django_db


def test_course_save_normalizes_and_logs(world):
    course = Course(
        program=world.program,
        code=" bmi  740 ",
        title="Informatics Seminar",
        credits=Decimal("1.5"),
        kind="elective",
        groups="data science;  Data Science ; clinical informatics",
        terms_offered="spring,FALL",
    )
    services.course_save(course=course, by=world.coordinator)
    course.refresh_from_db()
    assert course.code == "BMI 740"
    assert course.group_list == ["data science", "clinical informatics"]
    assert course.terms_offered == "spring,fall"
    assert course.to_audit() == degree.Course(
        "BMI 740", "Informatics Seminar", Decimal("1.5"), "elective",
        frozenset({"data science", "clinical informatics"}),
    )  # fmt: skip
    assert ActivityEntry.objects.filter(verb="course.created", actor=world.coordinator).exists()


def test_course_code_is_unique_in_a_program(world):
    catalog_for(world.program)
    with pytest.raises(ValidationError):
        services.course_save(
            course=Course(program=world.program, code="BMI 701", title="Again", credits=4),
            by=world.coordinator,
        )
    other = Course(program=world.other_program, code="BMI 701", title="Elsewhere", credits=4)
    services.course_save(course=other, by=SystemActor("test"))  # another program may use it


def test_bad_season_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.course_save(
            course=Course(
                program=world.program, code="X 1", title="X", credits=1, terms_offered="autumn"
            ),
            by=world.coordinator,
        )
    assert "terms_offered" in error.value.message_dict


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "required_course"}, "course"),
        ({"kind": "min_credits", "min_credits": 3}, "course_kind"),
        ({"kind": "min_credits", "course_kind": "elective"}, "min_credits"),
        ({"kind": "min_total"}, "min_credits"),
        (
            {"kind": "min_credits", "course_kind": "research", "group": "x", "min_credits": 1},
            "group",
        ),
    ],
)
def test_requirement_rows_say_what_they_lack(world, values, field):
    rs = RequirementSet.objects.create(program=world.program, version="V", cohort_from=2020)
    with pytest.raises(ValidationError) as error:
        services.requirement_save(
            requirement=Requirement(requirement_set=rs, **values), by=world.director
        )
    assert field in error.value.message_dict


def test_requirement_set_to_audit(world):
    rs = curriculum_for(world)
    built = RequirementSet.objects.get(pk=rs.pk).to_audit()
    assert built.version == "MMSc 2020" and built.min_grade == "B-"
    assert built.requirements[0] == degree.RequiredCourse("BMI 701")
    assert built.requirements[2] == degree.MinCredits("Electives", "elective", Decimal(6))
    assert built.requirements[3].label == "Mentored research"
    assert isinstance(built.requirements[4], degree.MinTotalCredits)
    assert isinstance(built.requirements[5], degree.ThesisRequired)


def test_two_versions_cannot_start_with_the_same_cohort(world):
    RequirementSet.objects.create(program=world.program, version="A", cohort_from=2020)
    with pytest.raises(ValidationError):
        services.requirement_set_save(
            requirement_set=RequirementSet(program=world.program, version="B", cohort_from=2020),
            by=world.director,
        )


@pytest.mark.parametrize(
    ("status", "grade", "ok"),
    [
        ("completed", "A", True),
        ("completed", "P", True),
        ("failed", "F", True),
        ("failed", "", True),
        ("planned", "A", False),
        ("enrolled", "B", False),
        ("withdrawn", "C", False),
        ("failed", "B", False),
        ("completed", "Z", False),
    ],
)
def test_enrollment_grade_fits_its_status(world, status, grade, ok):
    course = catalog_for(world.program)["BMI 701"]
    e = Enrollment(
        fellow=world.fellow_record, course=course, term_year=2025, term_season="fall",
        status=status, grade=grade,
    )  # fmt: skip
    if ok:
        services.enrollment_save(enrollment=e, by=world.coordinator)
        assert ActivityEntry.objects.filter(verb="enrollment.added").count() == 1
    else:
        with pytest.raises(ValidationError):
            services.enrollment_save(enrollment=e, by=world.coordinator)
        assert not Enrollment.objects.exists()


def test_a_course_of_another_program_is_refused(world):
    course = catalog_for(world.other_program)["BMI 701"]
    e = Enrollment(fellow=world.fellow_record, course=course, term_year=2025, term_season="fall")
    with pytest.raises(ValidationError) as error:
        services.enrollment_save(enrollment=e, by=world.coordinator)
    assert "course" in error.value.message_dict


def test_the_same_course_twice_in_a_term_is_refused(world):
    curriculum_for(world)
    course = world.program.courses.get(code="BMI 701")
    e = Enrollment(fellow=world.fellow_record, course=course, term_year=2025, term_season="fall")
    with pytest.raises(ValidationError):
        services.enrollment_save(enrollment=e, by=world.coordinator)


def test_only_the_staff_keep_the_catalog_and_only_the_director_the_requirements(world):
    course = Course(program=world.program, code="BMI 9", title="Nine", credits=1)
    with pytest.raises(PermissionDenied):
        services.course_save(course=course, by=world.fellow)
    rs = RequirementSet(program=world.program, version="Z", cohort_from=2031)
    with pytest.raises(PermissionDenied):
        services.requirement_set_save(requirement_set=rs, by=world.coordinator)
    services.requirement_set_save(requirement_set=rs, by=world.director)
    assert not Course.objects.filter(code="BMI 9").exists()
