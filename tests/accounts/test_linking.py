"""Who a login is (issue 15, items 1 and 9's "forgot password").

A fellow or faculty record is linked to an account only when the invited person accepts;
an edit, an import or the admin never links one, and a staff member's account is linked
only once the director confirms.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fellowship.accounts.models import User
from fellowship.accounts.roles import forget_memberships
from fellowship.programs.importers import import_csv
from fellowship.programs.models import Fellow, Mentorship
from tests import factories as f

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/p/[^/]+/invitation/\S+/)")


def url(name, world, **kwargs):
    return reverse(name, kwargs={"program": world.program.slug, **kwargs})


@pytest.fixture
def newcomer(world):
    """A faculty record without an account who co-mentors the fellow: whoever it links to
    reads and signs off the fellow's IDP."""
    faculty = f.FacultyFactory(
        program=world.program, institution=world.institution, email="new.mentor@test.org"
    )
    f.MentorshipFactory(
        fellow=world.fellow_record,
        faculty=faculty,
        kind=Mentorship.Kind.SECONDARY,
        start=dt.date(2026, 1, 1),
    )
    return faculty


def faculty_form(faculty, **changes):
    data = {
        "first_name": faculty.first_name,
        "last_name": faculty.last_name,
        "email": faculty.email,
        "rank": faculty.rank,
        "institution": faculty.institution_id,
    }
    return {**data, **changes}


def can_read_idp(user, fellow):
    forget_memberships(user)
    return user.has_perm("progress.view_idp", fellow)


# Paths that used to link -----------------------------------------------------------------


def test_editing_a_faculty_record_to_my_email_links_nothing(client, world, newcomer):
    client.force_login(world.coordinator)
    response = client.post(
        url("programs:faculty_edit", world, pk=newcomer.pk),
        faculty_form(newcomer, email="coordinator@test.org"),
    )
    assert response.status_code == 302, response.content[:2000]
    newcomer.refresh_from_db()
    assert newcomer.email == "coordinator@test.org"
    assert newcomer.user is None
    assert not can_read_idp(world.coordinator, world.fellow_record)
    client.force_login(world.coordinator)
    idp = url("progress:idp", world, pk=world.fellow_record.pk)
    assert client.get(idp).status_code == 403


def test_importing_a_fellow_with_the_directors_email_links_nothing(world):
    csv = (
        "first_name,last_name,email,cohort_year,appointment_start,appointment_end,status\n"
        "Dana,Director,DIRECTOR@test.org,2026,2026-07-01,2028-06-30,active\n"
    )
    result = import_csv(by=world.coordinator, kind="fellows", program=world.program, file_text=csv)
    assert result.ok, result
    record = Fellow.objects.get(program=world.program, email="director@test.org")
    assert record.user is None
    forget_memberships(world.director)
    assert not world.director.has_perm("progress.write_plan", record)


def test_the_admin_cannot_link_an_account(client, world, newcomer):
    operator = User.objects.create_superuser("operator@test.org", "a-long-password")
    client.force_login(operator)
    change = reverse("admin:programs_facultymember_change", args=[newcomer.pk])
    page = client.get(change)
    assert b'name="user"' not in page.content
    data = {**faculty_form(newcomer), "program": world.program.pk, "user": world.coordinator.pk}
    response = client.post(change, data)
    assert response.status_code == 302, response.content[:3000]
    newcomer.refresh_from_db()
    assert newcomer.user is None


# The invitation --------------------------------------------------------------------------


def invite(client, world, person, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    kind = "fellow" if isinstance(person, Fellow) else "faculty"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(f"programs:{kind}_invite", world, pk=person.pk))
    assert response.status_code == 302
    client.logout()
    return LINK.search(mailoutbox[-1].body).group(1)


def test_an_invitation_links_only_when_accepted(
    client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    link = invite(client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks)
    newcomer.refresh_from_db()
    assert newcomer.user is None  # sent, not accepted
    account = User.objects.get(email="new.mentor@test.org")
    assert not account.has_usable_password()
    page = client.get(link)
    assert page.status_code == 200 and b"Choose a password" in page.content
    mismatch = client.post(link, {"new_password1": "a-fresh-long-pw", "new_password2": "other"})
    assert mismatch.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.user is None
    new_password = "a-fresh-long-password"
    response = client.post(link, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user == account
    assert can_read_idp(account, world.fellow_record)
    # The link works once.
    again = client.get(link)
    assert b"already been accepted" in again.content


def test_an_existing_account_logs_in_then_accepts(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    person = f.FellowFactory(program=world.program, email="unrelated@test.org")
    link = invite(client, world, person, mailoutbox, django_capture_on_commit_callbacks)
    assert client.get(link)["Location"].startswith(reverse("login"))
    client.force_login(world.mentor)  # somebody else
    refused = client.post(link)
    assert refused.status_code in (400, 403)
    person.refresh_from_db()
    assert person.user is None
    client.force_login(world.unrelated_faculty)
    assert client.post(link).status_code == 302
    person.refresh_from_db()
    assert person.user == world.unrelated_faculty


def test_a_staff_account_waits_for_the_directors_confirmation(
    client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer.email = "coordinator@test.org"
    newcomer.save()
    link = invite(client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks)
    client.force_login(world.coordinator)
    assert client.post(link).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user is None
    from fellowship.programs.models import Invitation  # new with linking by invitation

    invitation = Invitation.objects.get(faculty=newcomer)
    assert invitation.state == Invitation.State.AWAITING_DIRECTOR
    assert not can_read_idp(world.coordinator, world.fellow_record)
    confirm = url("programs:invitation_confirm", world, pk=invitation.pk)
    assert client.post(confirm).status_code == 403  # not the coordinator herself
    newcomer.refresh_from_db()
    assert newcomer.user is None
    client.force_login(world.director)
    page = client.get(url("programs:faculty_detail", world, pk=newcomer.pk))
    assert confirm.encode() in page.content
    assert client.post(confirm).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user == world.coordinator
    assert can_read_idp(world.coordinator, world.fellow_record)


@pytest.mark.parametrize("token", ["garbage", "x" * 300, "1:abc:def", "%00"])
def test_a_bad_invitation_link_says_so(client, world, token):
    response = client.get(url("programs:invitation_accept", world, token=token))
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_an_older_invitation_is_replaced_by_a_newer_one(world, newcomer, rf):
    from fellowship.programs import linking  # new with linking by invitation

    request = rf.get("/")
    first = linking.person_invite(person=newcomer, by=world.coordinator, request=request)
    second = linking.person_invite(person=newcomer, by=world.coordinator, request=request)
    with pytest.raises(Exception, match="replaced"):
        linking.invitation_for_token(linking.invitation_token(first))
    assert linking.invitation_for_token(linking.invitation_token(second)) == second


# Forgot password -------------------------------------------------------------------------


def test_forgot_password_sends_an_invited_person_the_invitation_again(
    client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    invite(client, world, newcomer, mailoutbox, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "New.Mentor@test.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.mentor@test.org"]
    link = LINK.search(mailoutbox[0].body).group(1)
    new_password = "a-fresh-long-password"
    client.post(link, {"new_password1": new_password, "new_password2": new_password})
    newcomer.refresh_from_db()
    assert newcomer.user.email == "new.mentor@test.org"


def test_forgot_password_without_an_open_invitation_sends_a_set_password_link(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("no.password@test.org")  # no usable password
    assert not user.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "no.password@test.org"})
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body


def test_forgot_password_still_works_for_an_account_with_a_password(client, world, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "fellow@test.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/reset/" in mailoutbox[0].body
