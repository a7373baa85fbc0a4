"""The pages: forms refuse impossible data on the field, private data stays private."""

import pytest
from django.urls import reverse

from fellowship.programs.models import FacultyMember, Fellow, Leave, Mentorship

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(name, kwargs={"program": world.program.slug, **kwargs})


def fellow_form(world, **changes):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@test.org",
        "cohort_year": "2026",
        "status": "incoming",
        "appointment_start": "2026-07-01",
        "appointment_end": "2028-06-30",
        "laboratory": str(world.lab.pk),
        "topics": [str(world.topic.pk)],
        "citizenship": "us_citizen",
        "prior_research_months": "3",
    }
    data.update(changes)
    return data


def test_coordinator_adds_a_fellow(client, world):
    client.force_login(world.coordinator)
    response = client.post(url("programs:fellow_create", world), fellow_form(world))
    fellow = Fellow.objects.get(email="grace@test.org")
    assert response.status_code == 302 and response["Location"] == fellow.get_absolute_url()
    assert list(fellow.topics.all()) == [world.topic]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"appointment_end": "2026-06-30"}, "appointment_end", "must end after it starts"),
        ({"email": "FELLOW@test.org"}, "email", "has the email fellow@test.org"),
        ({"appointment_start": "2026-02-30"}, "appointment_start", "Enter a valid date"),
        ({"cohort_year": "1800"}, "cohort_year", "greater than or equal to 1950"),
    ],
)
def test_fellow_form_refuses_impossible_data_on_the_field(client, world, changes, field, message):
    client.force_login(world.coordinator)
    before = Fellow.objects.count()
    response = client.post(url("programs:fellow_create", world), fellow_form(world, **changes))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert Fellow.objects.count() == before


def test_fellow_form_refuses_a_lab_of_another_program(client, world):
    from tests.factories import InstitutionFactory, LaboratoryFactory

    foreign = LaboratoryFactory(institution=InstitutionFactory(program=world.other_program))
    client.force_login(world.coordinator)
    response = client.post(
        url("programs:fellow_create", world), fellow_form(world, laboratory=str(foreign.pk))
    )
    assert "laboratory" in response.context["form"].errors


def test_leave_outside_the_appointment_or_overlapping_is_refused_on_the_field(client, world):
    client.force_login(world.coordinator)
    create = url(
        "programs:fellow_record_create", world, fellow=world.fellow_record.pk, kind="leaves"
    )
    response = client.post(create, {"kind": "medical", "start": "2028-01-01", "end": "2028-02-01"})
    assert "must lie within the appointment" in str(response.context["form"].errors["start"])
    response = client.post(create, {"kind": "medical", "start": "2026-01-20", "end": "2026-03-01"})
    assert "overlaps another" in str(response.context["form"].errors["start"])
    assert Leave.objects.filter(fellow=world.fellow_record).count() == 1
    response = client.post(create, {"kind": "parental", "start": "2026-09-01", "end": "2026-11-30"})
    assert response.status_code == 302
    assert Leave.objects.filter(fellow=world.fellow_record).count() == 2


def test_mentorship_with_someone_who_is_not_faculty_of_the_program(client, world):
    from tests.factories import FacultyFactory

    foreign = FacultyFactory(program=world.other_program)
    client.force_login(world.coordinator)
    create = url(
        "programs:fellow_record_create",
        world,
        fellow=world.other_fellow_record.pk,
        kind="mentorships",
    )
    response = client.post(
        create, {"faculty": foreign.pk, "kind": "primary", "start": "2025-07-01"}
    )
    assert "faculty" in response.context["form"].errors
    assert not Mentorship.objects.filter(faculty=foreign).exists()


def test_duplicate_faculty_email_is_refused(client, world):
    client.force_login(world.director)
    response = client.post(
        url("programs:faculty_create", world),
        {
            "first_name": "Mina",
            "last_name": "Again",
            "email": "mentor@test.org",
            "rank": "professor",
            "institution": world.institution.pk,
        },
    )
    assert "email" in response.context["form"].errors
    assert FacultyMember.objects.filter(email="mentor@test.org").count() == 1


def test_unknown_kind_of_fellow_record_is_404(client, world):
    client.force_login(world.coordinator)
    response = client.get(
        url("programs:fellow_record_create", world, fellow=world.fellow_record.pk, kind="salaries")
    )
    assert response.status_code == 404


def test_removing_a_leave(client, world):
    client.force_login(world.coordinator)
    delete = url(
        "programs:fellow_record_delete",
        world,
        fellow=world.fellow_record.pk,
        kind="leaves",
        pk=world.leave.pk,
    )
    assert client.post(delete).status_code == 302
    assert not Leave.objects.filter(pk=world.leave.pk).exists()


PRIVATE = ["U.S. citizen", "6 months", "Medical leave"]


@pytest.mark.parametrize(
    ("role", "sees_private"),
    [("fellow", True), ("coordinator", True), ("director", True), ("mentor", False)],
)
def test_private_fields_only_for_staff_and_the_fellow(client, world, role, sees_private):
    client.force_login(getattr(world, role))
    response = client.get(url("programs:fellow_detail", world, pk=world.fellow_record.pk))
    assert response.status_code == 200
    text = response.content.decode()
    for snippet in PRIVATE:
        assert (snippet in text) == sees_private, (role, snippet)


def test_fellow_list_filters(client, world):
    from tests.factories import FellowFactory

    FellowFactory(program=world.program, cohort_year=2027, status="incoming", last_name="Zed")
    client.force_login(world.coordinator)
    listing = url("programs:fellow_list", world)
    names = lambda r: [f.last_name for f in r.context["object_list"]]  # noqa: E731
    assert names(client.get(listing, {"cohort_year": 2027})) == ["Zed"]
    assert names(client.get(listing, {"status": "incoming"})) == ["Zed"]
    assert sorted(names(client.get(listing, {"laboratory": world.lab.pk}))) == ["Fellow", "Other"]
    assert names(client.get(listing, {"q": "fay fell"})) == ["Fellow"]
    by_inst = client.get(listing, {"institution": world.institution.pk})
    assert sorted(names(by_inst)) == ["Fellow", "Other"]


def test_lab_list_filters_by_institution_and_topic(client, world):
    from tests.factories import InstitutionFactory, LaboratoryFactory

    LaboratoryFactory(institution=InstitutionFactory(program=world.program), name="Imaging Lab")
    client.force_login(world.fellow)
    listing = url("programs:lab_list", world)
    names = lambda r: [lab.name for lab in r.context["object_list"]]  # noqa: E731
    assert names(client.get(listing, {"topic": world.topic.pk})) == ["Clinical Data Lab"]
    assert names(client.get(listing, {"institution": world.institution.pk})) == [
        "Clinical Data Lab"
    ]
    assert len(names(client.get(listing))) == 2


def test_dashboards_show_each_role_its_own(client, world):
    client.force_login(world.director)
    text = client.get(url("programs:dashboard", world)).content.decode()
    assert "Fellows by cohort and status" in text and "Needs attention" in text
    client.force_login(world.mentor)
    text = client.get(url("programs:dashboard", world)).content.decode()
    assert "My mentees" in text and "Fay Fellow" in text and "Otto" not in text
    assert "Fellows by cohort" not in text
    client.force_login(world.fellow)
    text = client.get(url("programs:dashboard", world)).content.decode()
    assert "My program at a glance" in text and "Clinical Data Lab" in text
    assert "My mentees" not in text


def test_needs_attention_names_the_reason(client, world):
    # other_fellow_record has a lab but no mentor; fellow_record has both.
    client.force_login(world.coordinator)
    response = client.get(url("programs:dashboard", world))
    attention = {a.fellow.pk: a.reasons for a in response.context["staff"].attention}
    assert attention[world.other_fellow_record.pk] == ["no current primary mentor"]
    assert world.fellow_record.pk not in attention


def test_public_home_shows_program_institutions_and_labs(client, world):
    text = client.get(reverse("web:public_home")).content.decode()
    assert world.program.name in text
    assert "Medical School" in text and "Clinical Data Lab" in text
    assert "fellow@test.org" not in text


def test_login_by_email_any_case_lands_on_dashboard(client, world):
    world.fellow.set_password("a-long-password")
    world.fellow.save()
    response = client.post(
        reverse("login"),
        {"username": "Fellow@Test.org", "password": "a-long-password"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("programs:dashboard", world)


def test_password_reset_sends_an_email(client, world, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "fellow@test.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "fellow@test.org" in mailoutbox[0].to


def test_invited_faculty_accepts_and_lands_on_the_dashboard(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    import re

    from tests.factories import FacultyFactory

    newcomer = FacultyFactory(program=world.program, email="new.mentor@test.org", user=None)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("programs:faculty_invite", world, pk=newcomer.pk))
    client.logout()
    link = re.search(r"http://testserver(/p/\S+/invitation/\S+/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200
    new_password = "a-fresh-long-password"
    client.post(link, {"new_password1": new_password, "new_password2": new_password})
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "new.mentor@test.org", "password": new_password},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("programs:dashboard", world)
    assert b"My mentees" in response.content


def test_saving_a_record_never_links_the_account_with_the_same_email(world):
    """Linking is an accepted invitation (tests/accounts/test_linking.py), not a save."""
    from fellowship.programs import services
    from tests.factories import FellowFactory, UserFactory

    UserFactory(email="someone@test.org")
    fellow = FellowFactory.build(program=world.program, email="Someone@Test.org")
    services.fellow_save(fellow=fellow, by=world.coordinator)
    assert fellow.user is None


def test_mentor_dashboard_shows_a_mentee_who_starts_later(client, world):
    import datetime as dt

    from tests.factories import FellowFactory, MentorshipFactory

    incoming = FellowFactory(
        program=world.program,
        status="incoming",
        cohort_year=2027,
        appointment_start=dt.date(2027, 7, 1),
        appointment_end=dt.date(2029, 6, 30),
        first_name="Ivy",
        last_name="Incoming",
    )
    MentorshipFactory(fellow=incoming, faculty=world.mentor_faculty)
    client.force_login(world.mentor)
    text = client.get(url("programs:dashboard", world)).content.decode()
    assert "Ivy Incoming" in text and "Primary from Jul 1, 2027" in text
    # Until the mentorship begins the mentor reviews the research plan and sees nothing else.
    plan = reverse("progress:plan", kwargs={"program": world.program.slug, "pk": incoming.pk})
    assert plan in text
    assert client.get(plan).status_code == 200
    assert client.get(incoming.get_absolute_url()).status_code == 403
