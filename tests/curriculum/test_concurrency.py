"""No lost updates in the curriculum: a grade or a course edited twice at once."""

import pytest
from django.urls import reverse

from fellowship.curriculum.models import Course, Enrollment, RequirementSet
from tests.editing import opened_form, second_save_is_refused

from .helpers import catalog_for, enrollment_for, requirements_for

pytestmark = pytest.mark.django_db


def enrollment_url(world, enrollment):
    return reverse(
        "curriculum:enrollment_edit",
        kwargs={
            "program": world.program.slug,
            "pk": enrollment.fellow_id,
            "enrollment": enrollment.pk,
        },
    )


def test_second_grade_of_an_enrollment_is_refused(world):
    enrollment = enrollment_for(world)
    assert enrollment.grade == "A"
    second_save_is_refused(
        url=enrollment_url(world, enrollment),
        first=world.director,
        second=world.coordinator,
        field="grade",
        first_value="B",
        second_value="A-",
        stored=lambda: Enrollment.objects.get(pk=enrollment.pk).grade,
        changed_by="Dana Director",
    )


def test_a_grade_does_not_go_silently_back(world):
    """The reported case: A, then B by one person, then the other's stale form (still A,
    a new term) saved: the grade must stay B."""
    enrollment = enrollment_for(world)
    url = enrollment_url(world, enrollment)
    director, director_data = opened_form(world.director, url)
    coordinator, coordinator_data = opened_form(world.coordinator, url)
    assert director.post(url, {**director_data, "grade": "B"}).status_code == 302
    response = coordinator.post(url, {**coordinator_data, "term_year": "2026"})
    assert response.status_code == 200
    enrollment.refresh_from_db()
    assert (enrollment.grade, enrollment.term_year) == ("B", 2025)
    rows = {d.label: (d.saved, d.yours) for d in response.context["form"].stale_differences}
    assert rows == {"Grade": ("B", "A"), "Year": ("2025", "2026")}


def test_second_edit_of_a_course_is_refused(world):
    course = catalog_for(world.program)["BMI 701"]
    second_save_is_refused(
        url=reverse(
            "curriculum:course_edit", kwargs={"program": world.program.slug, "pk": course.pk}
        ),
        first=world.director,
        second=world.coordinator,
        field="title",
        first_value="Foundations of Informatics",
        second_value="Principles of Informatics",
        stored=lambda: Course.objects.get(pk=course.pk).title,
        changed_by="Dana Director",
    )


def test_second_edit_of_a_requirement_set_is_refused(world):
    """A requirement set has a `version` of its own (its name), beside the revision."""
    requirement_set = requirements_for(world.program)
    second_save_is_refused(
        url=reverse(
            "curriculum:requirement_set_edit",
            kwargs={"program": world.program.slug, "pk": requirement_set.pk},
        ),
        first=world.director,
        second=world.director,  # only the director edits requirements: two tabs
        field="notes",
        first_value="Electives from the approved list.",
        second_value="Any graduate elective counts.",
        stored=lambda: RequirementSet.objects.get(pk=requirement_set.pk).notes,
        changed_by="Dana Director",
    )
