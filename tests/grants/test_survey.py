"""The alumni outcomes survey: a private, expiring, single-use link."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.grants import services
from fellowship.grants.models import AlumniGrant, OutcomeSurvey
from fellowship.programs.models import Position

from .helpers import VALID_TOKEN, survey_for

pytestmark = pytest.mark.django_db

ANSWERS = {
    "position_title": "Assistant Professor",
    "position_institution": "Lakeside University",
    "position_sector": "academia",
    "position_activity": "research",
    "position_start": "2026-09-01",
    "grant_mechanism": "R01",
    "grant_role": "pi",
    "grant_year_awarded": "2026",
    "grant_award_number": "R01LM099999",
    "grant_funder": "NIH/NLM",
}


def url(token=VALID_TOKEN):
    return reverse("survey:take", kwargs={"token": token})


def counts():
    return (Position.objects.count(), AlumniGrant.objects.count())


def test_staff_send_a_link_by_email_and_only_its_hash_is_stored(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    alumnus = world.other_fellow_record
    alumnus.status = "completed"
    alumnus.save()
    client.force_login(world.coordinator)
    send = reverse("grants:survey_send", kwargs={"program": world.program.slug})
    with django_capture_on_commit_callbacks(execute=True):  # mail goes once committed
        response = client.post(send, {"fellow": alumnus.pk})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [alumnus.email]
    link = next(w for w in mailoutbox[0].body.split() if "/outcomes/" in w)
    token = link.rstrip("/").rsplit("/", 1)[1]
    survey = OutcomeSurvey.objects.get()
    assert survey.token_hash == services.token_hash(token) and token not in survey.token_hash
    assert survey.expires_at - timezone.now() > dt.timedelta(days=29)
    # Sending again retires the first link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send, {"fellow": "all"})
    assert len(mailoutbox) == 2
    assert client.get(link.replace("http://testserver", "")).status_code == 410


def test_only_staff_send(client, world, mailoutbox):
    send = reverse("grants:survey_send", kwargs={"program": world.program.slug})
    for who in ("fellow", "mentor", "unrelated_faculty"):
        client.force_login(getattr(world, who))
        assert client.post(send, {"fellow": "all"}).status_code == 403
    assert not mailoutbox and not OutcomeSurvey.objects.exists()


def test_a_current_fellow_gets_no_survey(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.survey_send(fellow=world.fellow_record, by=world.director, base_url="http://x")


def test_the_alumnus_updates_their_record_once(client, world):
    survey = survey_for(world)
    mine = world.other_fellow_record
    old = Position.objects.create(
        fellow=mine, title="Postdoc", institution="Old U", sector="academia",
        activity="research", start=dt.date(2025, 7, 1),
    )  # fmt: skip
    page = client.get(url())
    assert page.status_code == 200
    assert mine.full_name.split()[0].encode() in page.content
    assert world.fellow_record.email.encode() not in page.content  # only their own data
    assert b"Postdoc, Old U" in page.content
    response = client.post(url(), {**ANSWERS, f"end_{old.pk}": "2026-08-31"})
    assert response.status_code == 200 and b"Thank you" in response.content
    old.refresh_from_db()
    assert old.end == dt.date(2026, 8, 31)
    assert mine.positions.filter(title="Assistant Professor").exists()
    assert AlumniGrant.objects.get().fellow == mine
    survey.refresh_from_db()
    assert survey.used_at is not None
    # The log says what wrote it: no person signed in, the survey's link did.
    said = {
        e.who
        for e in ActivityEntry.objects.filter(
            verb__in=["position.created", "position.updated", "alumni_grant.recorded"]
        )
    }
    assert said == {"system: alumni outcomes survey"}
    # Reused: refused, nothing written.
    before = counts()
    again = client.post(url(), ANSWERS)
    assert again.status_code == 410 and b"already used" in again.content
    assert counts() == before


def test_an_expired_link_is_refused_and_nothing_is_written(client, world):
    survey_for(world)
    before = counts()
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert client.get(url()).status_code == 410
        response = client.post(url(), ANSWERS)
    assert response.status_code == 410 and b"expired" in response.content
    assert counts() == before


@pytest.mark.parametrize("token", [VALID_TOKEN[:-1], VALID_TOKEN + "x", "x" * 43])
def test_a_tampered_link_is_refused(client, world, token):
    survey_for(world)
    before = counts()
    response = client.post(url(token), ANSWERS)
    assert response.status_code == 410 and b"not valid" in response.content
    assert counts() == before


def test_the_link_cannot_touch_someone_elses_record(client, world):
    survey_for(world)
    theirs = world.position  # the world fellow's position, not the alumnus's
    theirs.end = None
    theirs.save()
    response = client.post(url(), {f"end_{theirs.pk}": "2026-08-31"})
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.end is None
    # The service refuses outright, and writes nothing.
    other = survey_for(world, token="second-token")
    OutcomeSurvey.objects.filter(pk=other.pk).update(used_at=None)
    with pytest.raises(services.SurveyRefused):
        services.survey_submit(
            token="second-token", position_ends={theirs.pk: dt.date(2026, 8, 31)}, new_grant={
                "mechanism": "R01", "role": "pi", "year_awarded": 2026, "funder": "NIH",
                "award_number": "", "title": ""},
        )  # fmt: skip
    theirs.refresh_from_db()
    assert theirs.end is None and not AlumniGrant.objects.exists()
    assert OutcomeSurvey.objects.get(pk=other.pk).used_at is None


def test_half_a_grant_is_refused_with_the_field_named(client, world):
    survey_for(world)
    response = client.post(url(), {"grant_mechanism": "R01"})
    assert response.status_code == 400 and b"Needed to record this." in response.content
    assert not AlumniGrant.objects.exists()
    assert OutcomeSurvey.objects.get().used_at is None


@pytest.mark.parametrize("junk", ["²", "abc", "99999999999999999999999"])
def test_a_survey_for_a_fellow_that_is_not_an_id_is_not_found(client, world, mailoutbox, junk):
    client.force_login(world.director)
    send = reverse("grants:survey_send", kwargs={"program": world.program.slug})
    assert client.post(send, {"fellow": junk}).status_code == 404
    assert not mailoutbox and not OutcomeSurvey.objects.exists()
