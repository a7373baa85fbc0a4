"""The private iCalendar feed: parses with `icalendar`, shows the right things, can be reset."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from fellowship.activity.models import ActivityEntry
from fellowship.grants.models import GrantApplication
from fellowship.progress import feeds, plans
from fellowship.thesis.models import CommitteeMeeting, Defense, Thesis
from tests.grants.helpers import application_for

from .helpers import feed_for, templates_for

pytestmark = pytest.mark.django_db


def events_of(client, feed):
    response = client.get(reverse("calendar_feed:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_fellows_feed_parses_and_holds_milestones_grants_and_goals(client, world):
    templates_for(world)
    application_for(world)
    plans.idp_save(
        fellow=world.fellow_record, year=2, by=world.fellow, self_assessment="", career_goals="",
        goals="2027-03-31 Submit the K99",
    )  # fmt: skip
    events = events_of(client, feed_for(world))
    plan = events["Research plan approved"]
    assert plan.decoded("dtstart") == dt.date(2025, 9, 30)
    assert plan.decoded("dtend") == dt.date(2025, 10, 1)
    assert str(plan["uid"]).endswith("@fellowship")
    assert events["Thesis defended"].decoded("dtstart") == dt.date(2027, 6, 9)  # after leave
    assert events["K99 due to NIH"].decoded("dtstart") == dt.date(2027, 2, 12)
    assert events["IDP goal: Submit the K99"].decoded("dtstart") == dt.date(2027, 3, 31)
    assert any(name.endswith(" due") for name in events)  # the application's checklist
    assert not any("Otto Other" in name for name in events)


def test_a_mentor_sees_mentees_but_not_others(client, world):
    templates_for(world)
    events = events_of(client, feed_for(world, world.mentor))
    assert "Fay Fellow: Research plan approved" in events
    assert not any(name.startswith("Otto Other") for name in events)
    assert events_of(client, feed_for(world, world.director)) == {}


def test_the_staff_follow_every_grant_deadline_and_defense(client, world):
    application_for(world)
    thesis = Thesis.objects.create(fellow=world.fellow_record)
    Defense.objects.create(
        thesis=thesis, starts_at=dt.datetime(2027, 5, 20, 14, tzinfo=dt.UTC), room="B2"
    )
    for who in (world.director, world.coordinator):
        events = events_of(client, feed_for(world, who))
        assert set(events) == {"Fay Fellow: K99 due to NIH", "Fay Fellow: thesis defense"}
    assert events_of(client, feed_for(world, world.unrelated_faculty)) == {}


def test_thesis_defense_and_next_committee_meeting(client, world):
    thesis = Thesis.objects.create(fellow=world.fellow_record, title="Incidental findings")
    starts = dt.datetime(2027, 5, 20, 14, 0, tzinfo=dt.UTC)
    Defense.objects.create(thesis=thesis, starts_at=starts, room="Countway 403")
    CommitteeMeeting.objects.create(
        thesis=thesis, date=dt.date(2026, 10, 1), recommendation="on_track",
        next_target_date=dt.date(2026, 12, 15),
    )  # fmt: skip
    CommitteeMeeting.objects.create(
        thesis=thesis, date=dt.date(2026, 6, 1), recommendation="on_track",
        next_target_date=dt.date(2026, 12, 1),
    )  # fmt: skip
    mine = events_of(client, feed_for(world))
    defense = mine["My thesis defense"]
    assert defense.decoded("dtstart") == starts
    assert defense.decoded("dtend") == starts + dt.timedelta(hours=2)
    assert str(defense["description"]) == "Countway 403"
    assert mine["thesis committee meeting due"].decoded("dtstart") == dt.date(2026, 12, 15)
    mentors = events_of(client, feed_for(world, world.mentor))
    assert "Fay Fellow: thesis defense" in mentors
    assert "Fay Fellow: thesis committee meeting due" in mentors


def test_resetting_the_link_stops_the_old_one(client, world):
    old = feed_for(world).token
    client.force_login(world.fellow)
    url = reverse("progress:calendar_reset", kwargs={"program": world.program.slug})
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert b"the old one no longer works" in response.content
    new = feed_for(world).token
    assert new != old and len(new) >= 40
    assert client.get(reverse("calendar_feed:feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("calendar_feed:feed", kwargs={"token": new})).status_code == 200
    assert ActivityEntry.objects.filter(verb="calendar_feed.reset").count() == 1
    page = client.get(reverse("progress:calendar", kwargs={"program": world.program.slug}))
    assert new in page.content.decode()


def test_the_calendar_page_offers_to_make_a_link(client, world):
    client.force_login(world.other_fellow)
    url = reverse("progress:calendar", kwargs={"program": world.program.slug})
    assert b"Make my calendar link" in client.get(url).content
    client.post(reverse("progress:calendar_reset", kwargs={"program": world.program.slug}))
    assert b"Reset the link" in client.get(url).content


def test_an_inactive_users_feed_is_gone(client, world):
    feed = feed_for(world)
    world.fellow.is_active = False
    world.fellow.save()
    assert (
        client.get(reverse("calendar_feed:feed", kwargs={"token": feed.token})).status_code == 404
    )


def test_the_feed_costs_fixed_queries(world, django_assert_max_num_queries):
    templates_for(world)
    application_for(world)
    with django_assert_max_num_queries(8):
        feeds.feed_events(world.mentor)
    assert GrantApplication.objects.count() == 1
