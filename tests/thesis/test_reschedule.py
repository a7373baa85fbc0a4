"""Postponing, moving and cancelling a scheduled defense: who may, what it resets, who is told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from fellowship.activity.models import ActivityEntry
from fellowship.news.models import NewsPost, PublicProfile
from fellowship.thesis import defenses
from fellowship.thesis.models import Defense, DefenseMember, Thesis

from .helpers import confirm_all, go, hold_defense, thesis_at

State = Thesis.State
PEOPLE = ["fellow", "other_fellow", "mentor", "unrelated_faculty", "coordinator", "director"]
MAY = {"unrelated_faculty", "director"}  # the helpers' committee chair, and the director
COMMITTEE_AND_FELLOW = {"unrelated@test.org", "mentor@test.org", "erin@elsewhere.edu"} | {
    "fellow@test.org"
}


def _confirmed(world) -> Thesis:
    # The fellow agreed to be shown on the public site, where the defense is announced.
    PublicProfile.objects.get_or_create(fellow=world.fellow_record, show_profile=True)
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    confirm_all(world, thesis)
    return thesis


def _later(days=21, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _reschedule(world, thesis, who, **details):
    details = {"starts_at": _later(), "room": "Countway 403", **details}
    return go(world, thesis, State.DEFENSE_SCHEDULED, who, **details)


def _public_page(client):
    client.logout()
    return client.get(reverse("thesis_public:defenses")).content.decode()


# Rescheduling --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PEOPLE)
def test_who_may_reschedule(world, role, django_capture_on_commit_callbacks):
    thesis = _confirmed(world)
    defense = thesis.defenses.get()
    before = defense.starts_at
    if role in MAY:
        with django_capture_on_commit_callbacks(execute=True):
            _reschedule(world, thesis, role)
        defense.refresh_from_db()
        assert defense.starts_at == _later() and defense.reschedules == 1
        entry = ActivityEntry.objects.get(verb="thesis.defense_rescheduled")
        assert entry.actor == getattr(world, role) and "asked to confirm again" in entry.summary
    else:
        with pytest.raises(PermissionDenied):
            _reschedule(world, thesis, role)
        defense.refresh_from_db()
        assert defense.starts_at == before and defense.reschedules == 0
        assert not DefenseMember.objects.filter(confirmed_at__isnull=True).exists()
        assert not mail.outbox


def test_rescheduling_resets_confirmations_and_asks_everyone_by_email(
    world, django_capture_on_commit_callbacks
):
    thesis = _confirmed(world)
    changed_at = Thesis.objects.get().state_changed_at
    with django_capture_on_commit_callbacks(execute=True):
        thesis = _reschedule(
            world, thesis, "director", room="Countway 501", note="Dr. Unrelated is ill."
        )
    thesis.refresh_from_db()
    # Still scheduled, and the days in this state keep counting from the first scheduling.
    assert thesis.state == State.DEFENSE_SCHEDULED and thesis.state_changed_at == changed_at
    defense = thesis.defenses.get()
    assert defense.room == "Countway 501" and defense.attempt == 1
    assert not defense.members.filter(confirmed_at__isnull=False).exists()
    assert {m.to[0] for m in mail.outbox} == COMMITTEE_AND_FELLOW
    message = mail.outbox[0]
    assert "rescheduled: please confirm again" in message.subject
    assert "Countway 501" in message.body and "Countway 403" in message.body
    assert "Dr. Unrelated is ill." in message.body
    assert thesis.get_absolute_url() in message.body
    entry = ActivityEntry.objects.get(verb="thesis.defense_rescheduled")
    assert "Countway 403" in entry.summary and "Countway 501" in entry.summary
    assert "Note: Dr. Unrelated is ill." in entry.summary


def test_the_announcement_disappears_until_everyone_confirms_again(client, world):
    thesis = _confirmed(world)
    assert thesis.title in _public_page(client)
    _reschedule(world, thesis, "director")
    assert thesis.title not in _public_page(client)
    seats = list(thesis.defenses.get().members.all())
    for seat in seats[:-1]:
        defenses.defense_confirm(seat=seat, by=world.director)
    assert thesis.title not in _public_page(client)
    defenses.defense_confirm(seat=seats[-1], by=world.director)
    page = _public_page(client)
    assert thesis.title in page and f"{_later():%B %-d, %Y}" in page


def test_no_mail_and_nothing_changed_when_the_reschedule_is_refused(
    world, django_capture_on_commit_callbacks
):
    thesis = _confirmed(world)
    defense = thesis.defenses.get()
    cases = [
        ({"starts_at": timezone.now() - timedelta(days=1)}, "rescheduled to the future"),
        ({"starts_at": defense.starts_at, "room": defense.room}, "Nothing changed"),
        ({"starts_at": _later(), "room": ""}, "Give a room or a video link"),
        ({"starts_at": "next Tuesday"}, "YYYY-MM-DD HH:MM"),
    ]
    for details, said in cases:
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(ValidationError, match=said),
        ):
            _reschedule(world, thesis, "director", **details)
    defense.refresh_from_db()
    assert defense.reschedules == 0 and defense.room == "Countway 403"
    assert not defense.members.filter(confirmed_at__isnull=True).exists()
    assert not ActivityEntry.objects.filter(verb="thesis.defense_rescheduled").exists()
    assert not mail.outbox


def test_a_defense_that_has_begun_is_not_rescheduled(world):
    thesis = _confirmed(world)
    hold_defense(thesis)
    with pytest.raises(ValidationError, match="record its outcome, or cancel it"):
        _reschedule(world, thesis, "director")


def test_the_calendar_moves_the_same_event(client, world):
    thesis = _confirmed(world)
    client.force_login(world.fellow)
    first = _defense_event(client.get(reverse_calendar(world)).content)
    _reschedule(world, thesis, "unrelated_faculty", room="Countway 501")
    second = _defense_event(client.get(reverse_calendar(world)).content)
    assert first["uid"] == second["uid"] == f"thesis-defense-{thesis.defenses.get().pk}@fellowship"
    assert (first["sequence"], second["sequence"]) == (0, 1)
    assert second.decoded("dtstart") == _later() and second["location"] == "Countway 501"


def _defense_event(ics: bytes):
    (event,) = Calendar.from_ical(ics).walk("VEVENT")
    return event


def reverse_calendar(world):
    return reverse(
        "thesis:calendar", kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk}
    )


def test_a_news_item_sent_for_the_old_date_is_flagged(world):
    thesis = _confirmed(world)
    defenses.defense_post_news(defense=thesis.defenses.get(), by=world.director)
    _reschedule(world, thesis, "director")
    assert not thesis.defenses.get().news_posted  # the director may announce the new date
    entry = ActivityEntry.objects.get(verb="thesis.defense_rescheduled")
    assert "should be corrected in News" in entry.summary
    assert NewsPost.objects.count() == 1


# Cancelling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PEOPLE)
def test_who_may_cancel(world, role):
    thesis = _confirmed(world)
    if role in MAY:
        go(world, thesis, State.IN_PROGRESS, role, note="The fellow is on medical leave.")
        thesis.refresh_from_db()
        assert thesis.state == State.IN_PROGRESS and not thesis.defenses.exists()
        entry = ActivityEntry.objects.get(verb="thesis.in_progress", summary__contains="cancel")
        assert entry.actor == getattr(world, role)
        assert "Note: The fellow is on medical leave." in entry.summary
    else:
        with pytest.raises(PermissionDenied):
            go(world, thesis, State.IN_PROGRESS, role, note="The fellow is on medical leave.")
        thesis.refresh_from_db()
        assert thesis.state == State.DEFENSE_SCHEDULED and thesis.defenses.count() == 1


def test_cancelling_needs_a_reason(world):
    thesis = _confirmed(world)
    with pytest.raises(ValidationError, match="reason for cancelling"):
        go(world, thesis, State.IN_PROGRESS, "director", note="  ")
    thesis.refresh_from_db()
    assert thesis.state == State.DEFENSE_SCHEDULED and thesis.defenses.count() == 1


def test_cancelling_tells_everyone_withdraws_the_announcement_and_allows_a_new_date(
    client, world, django_capture_on_commit_callbacks
):
    thesis = _confirmed(world)
    assert thesis.title in _public_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        go(world, thesis, State.IN_PROGRESS, "unrelated_faculty", note="Room flooded.")
    assert {m.to[0] for m in mail.outbox} == COMMITTEE_AND_FELLOW
    assert "cancelled" in mail.outbox[0].subject and "Room flooded." in mail.outbox[0].body
    assert thesis.title not in _public_page(client)
    client.force_login(world.fellow)
    assert "BEGIN:VEVENT" not in client.get(reverse_calendar(world)).content.decode()
    # The next scheduling is the same (first) attempt, with everyone asked to confirm.
    thesis = go(world, thesis, State.DEFENSE_SCHEDULED, "director", starts_at=_later(30), room="B2")
    defense = thesis.defenses.get()
    assert defense.attempt == 1 and defense.members.count() == 3
    assert not defense.members.filter(confirmed_at__isnull=False).exists()


def test_a_cancelled_second_attempt_is_still_the_second(world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    confirm_all(world, thesis)
    hold_defense(thesis)
    thesis = go(world, thesis, State.DEFENDED, "unrelated_faculty", outcome=Defense.Outcome.FAIL)
    for seat in thesis.defenses.get().members.all():
        defenses.defense_sign_off(seat=seat, by=world.director)
    thesis = go(world, thesis, State.IN_PROGRESS, "director")
    thesis = go(world, thesis, State.DEFENSE_SCHEDULED, "director", starts_at=_later(), room="B2")
    thesis = go(world, thesis, State.IN_PROGRESS, "director", note="The chair is abroad.")
    assert list(thesis.defenses.values_list("attempt", "outcome")) == [(1, "fail")]
    thesis = go(world, thesis, State.DEFENSE_SCHEDULED, "director", starts_at=_later(), room="B2")
    assert thesis.defenses.order_by("-attempt").first().attempt == 2


# Through the page ----------------------------------------------------------------------------


def _url(world, name):
    return reverse(name, kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk})


def test_the_page_offers_rescheduling_and_cancelling_only_to_those_who_may(client, world):
    _confirmed(world)
    for role in PEOPLE:
        if role == "other_fellow":
            continue  # not their thesis: the page is 403
        client.force_login(getattr(world, role))
        page = client.get(_url(world, "thesis:detail")).content.decode()
        offered = "Reschedule the defense" in page and "Cancel the defense" in page
        assert offered == (role in MAY), role


def test_rescheduling_through_the_page(client, world, django_capture_on_commit_callbacks):
    thesis = _confirmed(world)
    client.force_login(world.director)
    page = client.get(_url(world, "thesis:detail")).content.decode()
    start = timezone.localtime(thesis.defenses.get().starts_at)
    assert f'value="{start:%Y-%m-%dT%H:%M}"' in page  # the form starts with the current date
    data = {
        "to": "defense_scheduled",
        "reschedule-starts_at": f"{_later():%Y-%m-%dT%H:%M}",
        "reschedule-room": "Countway 501",
        "note": "A member is ill.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "thesis:transition"), data, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "rescheduled" in said and "confirm again" in said
    page = response.content.decode()
    assert "Withdrawn until every committee member confirms the new date" in page
    assert "rescheduled" in page and "Countway 501" in page
    assert len(mail.outbox) == 4
    # A bad date names the field; the fellow may not reschedule at all.
    data["reschedule-starts_at"] = "soon"
    response = client.post(_url(world, "thesis:transition"), data, follow=True)
    assert "Date and time: Enter a valid date/time." in " ".join(
        str(m) for m in response.context["messages"]
    )
    client.force_login(world.fellow)
    data["reschedule-starts_at"] = f"{_later(40):%Y-%m-%dT%H:%M}"
    assert client.post(_url(world, "thesis:transition"), data).status_code == 403
    assert thesis.defenses.get().reschedules == 1


def test_cancelling_through_the_page(client, world):
    thesis = _confirmed(world)
    client.force_login(world.unrelated_faculty)
    target = _url(world, "thesis:transition")
    response = client.post(target, {"to": "in_progress", "note": ""}, follow=True)
    assert "reason for cancelling" in " ".join(str(m) for m in response.context["messages"])
    response = client.post(target, {"to": "in_progress", "note": "Chair ill."}, follow=True)
    assert "cancelled" in " ".join(str(m) for m in response.context["messages"])
    thesis.refresh_from_db()
    assert thesis.state == State.IN_PROGRESS
    assert "Chair ill." in response.content.decode()  # in the history


@pytest.mark.parametrize("far", ["9999-12-31T10:00", "0001-01-01T10:00"])
def test_a_reschedule_to_a_date_outside_the_window_is_refused(
    client, world, far, django_capture_on_commit_callbacks
):
    thesis = _confirmed(world)
    before = thesis.defenses.get().starts_at
    client.force_login(world.director)
    data = {"to": "defense_scheduled", "reschedule-starts_at": far, "reschedule-room": "X"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "thesis:transition"), data, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "outside the dates the program records: give a date from 1900 to 2100" in said
    defense = thesis.defenses.get()
    assert defense.starts_at == before and defense.reschedules == 0
    assert not mail.outbox


def test_a_name_with_a_line_break_does_not_stop_the_committee_being_told(
    world, django_capture_on_commit_callbacks
):
    """A name saved before names refused control characters still reaches a subject:
    the mail goes, on one line, and the committee hears of the new date."""
    thesis = _confirmed(world)
    Fellow = type(world.fellow_record)
    Fellow.objects.filter(pk=world.fellow_record.pk).update(
        last_name="Fellow\r\nBcc: x@evil.example"
    )
    thesis.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        _reschedule(world, thesis, "director")
    assert {m.to[0] for m in mail.outbox} >= {"unrelated@test.org", "mentor@test.org"}
    assert all("\n" not in m.subject and not m.bcc for m in mail.outbox)
