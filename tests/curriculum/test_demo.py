"""The demo curriculum: accurate for every stage of the program, and loads twice the same."""

import datetime as dt

import pytest

from fellowship.curriculum import selectors
from fellowship.curriculum.models import Course, Enrollment, Requirement, RequirementSet
from fellowship.demo.curriculum import load_demo_curriculum
from fellowship.demo.programs import load_demo_program
from fellowship.programs.models import Fellow, Program
from tests.demo_once import demo_once

pytestmark = pytest.mark.django_db


# First, on an empty database: the test that loads the demo itself. The module's demo
# (below) stays loaded from the first test that uses it to the end of the module.


@pytest.fixture
def empty_db(db):
    assert not Program.objects.exists(), "keep this test above the first one using the demo"


def test_terms_move_with_the_academic_year(empty_db):
    program = load_demo_program(today=dt.date(2027, 11, 25))
    load_demo_curriculum(program, today=dt.date(2027, 11, 25))
    jordan = Fellow.objects.get(email="fellow@example.org")
    assert jordan.cohort_year == 2026
    e = Enrollment.objects.get(fellow=jordan, course__code="BMI 705", status="enrolled")
    assert e.term_year == 2027
    assert RequirementSet.objects.get(version="MMSc requirements (revised)").cohort_from == 2026


module_demo, demo = demo_once(load_demo_curriculum)


def test_loading_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in (Course, RequirementSet, Requirement, Enrollment)]
    load_demo_curriculum(demo)
    assert [m.objects.count() for m in (Course, RequirementSet, Requirement, Enrollment)] == counts


def test_the_demo_fellow_has_an_interesting_accurate_audit(demo):
    jordan = Fellow.objects.get(email="fellow@example.org")
    a = selectors.fellow_audit(jordan)
    assert a.requirement_set.version == "MMSc requirements (revised)"
    assert a.state == "on_track"
    assert a.lacks == [
        "BMI 705 not completed",
        "4 more elective credits",
        "8 more mentored research credits",
        "18 more credits",
        "Thesis not completed",
    ]
    assert a.result.credits_earned_total == 24
    assert "BMI 705 grade C+ in Fall 2025 is below the minimum B-" in a.result.notes[0]
    electives = next(r for r in a.result.requirements if r.label == "Other electives")
    assert electives.counted == ["BMI 721"] and electives.planned == ["BMI 720", "BMI 723"]
    assert a.outlook.completes


def test_every_stage_is_consistent(demo):
    audits = {a.fellow.email: a for a in selectors.fellow_audits(demo, demo.fellows.all())}
    for a in audits.values():
        if a.fellow.status == Fellow.Status.COMPLETED:
            assert a.result.complete, (a.fellow.email, a.lacks)
            assert a.requirement_set.version == "MMSc requirements"
        if a.fellow.status == Fellow.Status.INCOMING:
            assert a.enrollments == []
        if a.fellow.cohort_year == 2026:  # first years: this fall enrolled, the rest planned
            assert a.result.credits_earned_total == 0 and a.outlook.completes
    olivia = audits["olivia.hartmann@example.org"]
    assert olivia.state == "late"
    assert [str(t) for t in olivia.outlook.late_terms] == ["Fall 2027", "Spring 2028"]
    lucia = audits["lucia.ortega@example.org"]
    assert "BMI 702 was failed in Spring 2026; a retake is planned for Spring 2027" in (
        lucia.result.notes
    )
    # Her planned electives leave her one credit short: the table says so.
    assert lucia.state == "short" and lucia.outlook.missing == ["1 more elective credit"]
