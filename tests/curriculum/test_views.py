"""The curriculum pages: what each role sees, and the forms that change things."""

import pytest
from django.urls import reverse

from fellowship.curriculum.models import Course, Enrollment, Requirement
from tests import factories as f

from .helpers import curriculum_for, enrollment_for, requirement_for

pytestmark = pytest.mark.django_db


def audit_url(world, fellow):
    return reverse(
        "curriculum:degree_audit", kwargs={"program": world.program.slug, "pk": fellow.pk}
    )


def test_the_fellow_sees_their_audit(client, world):
    curriculum_for(world)
    client.force_login(world.fellow)
    content = client.get(audit_url(world, world.fellow_record)).content.decode()
    assert "My degree audit" in content
    assert "MMSc 2020" in content
    # What is missing, in words, and what the plan covers.
    assert "6 more elective credits" in content
    assert "covered by the plan" in content
    assert "BMI 710 grade C in Fall 2025 is below the minimum B-" in content
    assert "The plan completes the degree by the end of the appointment (Jun 30, 2027)" in content
    # The plan of study by term, with grades.
    for term in ("Fall 2025", "Spring 2026", "Fall 2026", "Spring 2027"):
        assert f'<h3 class="term">{term}</h3>' in content
    assert "Add a course" not in content  # staff only


def test_a_fellow_sees_only_their_own_grades(client, world):
    curriculum_for(world)
    client.force_login(world.fellow)
    assert client.get(audit_url(world, world.other_fellow_record)).status_code == 403
    client.force_login(world.other_fellow)
    response = client.get(audit_url(world, world.other_fellow_record))
    content = response.content.decode()
    assert response.status_code == 200
    assert "B+" in content and "BMI 710" not in content  # none of Fay's courses


def test_the_mentor_lists_their_mentees(client, world):
    curriculum_for(world)
    client.force_login(world.mentor)
    content = client.get(
        reverse("curriculum:mentees", kwargs={"program": world.program.slug})
    ).content.decode()
    assert audit_url(world, world.fellow_record) in content
    assert audit_url(world, world.other_fellow_record) not in content
    assert "On track" in content
    assert client.get(audit_url(world, world.fellow_record)).status_code == 200


def test_the_cohort_table_shows_what_each_lacks(client, world):
    curriculum_for(world)
    client.force_login(world.coordinator)
    url = reverse("curriculum:cohort", kwargs={"program": world.program.slug})
    content = client.get(url, {"cohort": 2025}).content.decode()
    assert "Fellow, Fay" in content and "Other, Otto" in content
    assert "6 more elective credits" in content  # Fay
    assert "BMI 702 not completed" in content  # Otto
    assert "Download XLSX" in content


def test_a_fellow_without_requirements_gets_a_clear_message(client, world):
    curriculum_for(world)
    late = f.FellowFactory(program=world.program, cohort_year=2019)
    client.force_login(world.director)
    content = client.get(audit_url(world, late)).content.decode()
    assert "No degree requirements apply to the 2019 cohort yet." in content


def test_staff_add_and_edit_a_course_on_the_plan(client, world):
    curriculum_for(world)
    client.force_login(world.coordinator)
    course = Course.objects.get(program=world.program, code="BMI 720")
    url = reverse(
        "curriculum:enrollment_create",
        kwargs={"program": world.program.slug, "pk": world.other_fellow_record.pk},
    )
    data = {"course": course.pk, "term_season": "spring", "term_year": 2026, "status": "completed"}
    response = client.post(url, {**data, "grade": "A"})
    assert response.status_code == 302
    e = Enrollment.objects.get(fellow=world.other_fellow_record, course=course)
    assert e.grade == "A"
    # A grade on a planned course is refused on the grade field; nothing changes.
    edit = reverse(
        "curriculum:enrollment_edit",
        kwargs={"program": world.program.slug, "pk": e.fellow_id, "enrollment": e.pk},
    )
    response = client.post(edit, {**data, "status": "planned", "grade": "A"})
    assert response.status_code == 200
    assert "has no grade yet" in response.content.decode()
    e.refresh_from_db()
    assert e.status == "completed"
    # Removing it.
    delete = reverse(
        "curriculum:enrollment_delete",
        kwargs={"program": world.program.slug, "pk": e.fellow_id, "enrollment": e.pk},
    )
    assert client.post(delete).status_code == 302
    assert not Enrollment.objects.filter(pk=e.pk).exists()


def test_only_staff_post_enrollments(client, world):
    e = enrollment_for(world)
    url = reverse(
        "curriculum:enrollment_edit",
        kwargs={"program": world.program.slug, "pk": e.fellow_id, "enrollment": e.pk},
    )
    for user in (world.fellow, world.mentor):
        client.force_login(user)
        response = client.post(
            url, {"course": e.course_id, "term_season": "fall", "term_year": 2025,
                  "status": "completed", "grade": "A+"},
        )  # fmt: skip
        assert response.status_code == 403
    e.refresh_from_db()
    assert e.grade == "A"


def test_the_director_edits_requirements(client, world):
    rs = curriculum_for(world)
    client.force_login(world.director)
    add = reverse(
        "curriculum:requirement_create", kwargs={"program": world.program.slug, "pk": rs.pk}
    )
    response = client.post(
        add, {"kind": "min_credits", "course_kind": "elective", "group": "data science",
              "min_credits": "3", "label": "", "position": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    added = rs.requirements.order_by("-position").first()
    assert added.display_label == "Electives in data science" and added.position == 7
    # The audit picks it up.
    client.force_login(world.fellow)
    assert (
        "Electives in data science"
        in client.get(audit_url(world, world.fellow_record)).content.decode()
    )


@pytest.mark.parametrize("role", ["coordinator", "mentor", "fellow"])
def test_only_the_director_removes_a_requirement(client, world, role):
    requirement = requirement_for(world)
    url = reverse(
        "curriculum:requirement_delete",
        kwargs={
            "program": world.program.slug,
            "pk": requirement.requirement_set_id,
            "item": requirement.pk,
        },
    )
    client.force_login(getattr(world, role))
    assert client.post(url).status_code == 403
    client.force_login(world.director)
    assert client.post(url).status_code == 302
    assert not Requirement.objects.filter(pk=requirement.pk).exists()


def test_the_coordinator_edits_the_catalog(client, world):
    curriculum_for(world)
    client.force_login(world.coordinator)
    url = reverse("curriculum:course_create", kwargs={"program": world.program.slug})
    prereq = Course.objects.get(program=world.program, code="BMI 701")
    response = client.post(
        url, {"code": "bmi 760", "title": "Wearables", "credits": "2", "kind": "elective",
              "groups": "", "terms_offered": ["fall", "spring"], "active": "on",
              "prerequisites": [prereq.pk], "description": ""},
    )  # fmt: skip
    assert response.status_code == 302
    course = Course.objects.get(program=world.program, code="BMI 760")
    assert course.terms_offered == "spring,fall"
    assert list(course.prerequisites.all()) == [prereq]
    response = client.post(
        url, {"code": "BMI 760", "title": "Again", "credits": "2", "kind": "elective"}
    )
    assert response.status_code == 200
    assert "already has a course with this code" in response.content.decode()
    detail = client.get(course.get_absolute_url()).content.decode()
    assert "BMI 701 Principles of Biomedical Informatics" in detail


def test_the_nav_leads_each_role_to_their_degree_page(client, world):
    curriculum_for(world)
    url = reverse("curriculum:course_list", kwargs={"program": world.program.slug})
    expected = {
        "fellow": audit_url(world, world.fellow_record),
        "mentor": reverse("curriculum:mentees", kwargs={"program": world.program.slug}),
        "coordinator": reverse("curriculum:cohort", kwargs={"program": world.program.slug}),
    }
    for role, target in expected.items():
        client.force_login(getattr(world, role))
        assert f'href="{target}"' in client.get(url).content.decode()
