"""Domain events: a service says what changed, after logging it, and only then do other
apps react (progress's milestones, news's graduation draft)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fellowship.activity.models import ActivityEntry
from fellowship.core.events import Event
from fellowship.programs import events, services
from fellowship.programs.models import Fellow, Leave
from fellowship.progress.models import Milestone
from tests.progress.helpers import templates_for

pytestmark = pytest.mark.django_db


def entries_since(last_id):
    return list(
        ActivityEntry.objects.filter(id__gt=last_id)
        .order_by("id")
        .values_list("verb", "actor__email")
    )


def last_id():
    return ActivityEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_renaming_a_fellow_is_one_update_and_touches_no_milestone(world):
    templates_for(world)
    fellow = Fellow.objects.get(pk=world.fellow_record.pk)
    fellow.last_name = "Fellowes"
    before = last_id()
    with CaptureQueriesContext(connection) as queries:
        services.fellow_save(fellow=fellow, by=world.coordinator)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "programs_fellow" in updates[0]
    assert not any("progress_milestone" in q["sql"] for q in queries)
    assert entries_since(before) == [("fellow.updated", "coordinator@test.org")]


def test_new_dates_move_due_dates_logged_with_who_changed_them(world):
    templates_for(world)
    fellow = Fellow.objects.get(pk=world.fellow_record.pk)
    fellow.appointment_start = dt.date(2025, 9, 1)
    before = last_id()
    services.fellow_save(fellow=fellow, by=world.coordinator)
    assert entries_since(before) == [
        ("fellow.updated", "coordinator@test.org"),
        ("milestone.due_dates_moved", "coordinator@test.org"),
    ]
    orientation = Milestone.objects.get(fellow=fellow, template__name="Orientation complete")
    assert orientation.due_date == dt.date(2025, 9, 30)


def test_completing_a_fellow_writes_what_a_person_expects_each_with_its_actor(world):
    templates_for(world)
    fellow = Fellow.objects.get(pk=world.fellow_record.pk)
    fellow.status = Fellow.Status.COMPLETED
    before = last_id()
    with CaptureQueriesContext(connection) as queries:
        services.fellow_save(fellow=fellow, by=world.coordinator)
    # The record's change, then the graduation draft it suggests; no milestone moves,
    # because the dates did not change.
    assert entries_since(before) == [
        ("fellow.updated", "coordinator@test.org"),
        ("news_suggested", "coordinator@test.org"),
    ]
    # 5 for the coordinator's roles (the permission; cached per request), 12 for the
    # validated save and its entry, 20 for the new draft; none for milestones.
    assert len(queries) <= 37
    assert not any("progress_milestone" in q["sql"] for q in queries)
    # Saved again as completed: nothing more is suggested.
    before = last_id()
    services.fellow_save(fellow=fellow, by=world.coordinator)
    assert entries_since(before) == [("fellow.updated", "coordinator@test.org")]


def test_a_leave_recorded_or_removed_moves_due_dates(world):
    templates_for(world)
    thesis = Milestone.objects.get(fellow=world.fellow_record, template__name="Thesis defended")
    was = thesis.due_date
    leave = services.leave_save(
        leave=Leave(
            fellow=world.fellow_record,
            kind=Leave.Kind.PARENTAL,
            start=dt.date(2026, 5, 4),
            end=dt.date(2026, 6, 30),
        ),
        by=world.coordinator,
    )
    thesis.refresh_from_db()
    assert thesis.due_date > was
    services.fellow_record_delete(record=leave, by=world.coordinator)
    thesis.refresh_from_db()
    assert thesis.due_date == was


def test_a_model_saved_without_a_service_sends_nothing(world):
    """Reactions follow decisions: a bare save (a fixture, a data migration) moves no due date."""
    templates_for(world)
    fellow = world.fellow_record
    due = {m.pk: m.due_date for m in Milestone.objects.filter(fellow=fellow)}
    fellow.appointment_start = dt.date(2025, 9, 1)
    fellow.save()
    assert {m.pk: m.due_date for m in Milestone.objects.filter(fellow=fellow)} == due


def test_an_event_names_what_it_needs():
    said = Event("something_happened", "thing, by")
    heard = []
    said.subscribe(lambda **kw: heard.append(kw))
    with pytest.raises(TypeError, match="something_happened needs by"):
        said.send(thing=1)
    said.send(thing=1, by=None)
    assert heard == [{"thing": 1, "by": None}]


def test_progress_and_news_subscribe_to_the_fellows_events():
    names = {
        event.name: {r.__module__ for r in event.subscribers}
        for event in (events.fellow_dates_changed, events.fellow_completed, events.leave_changed)
    }
    assert names == {
        "fellow_dates_changed": {"fellowship.progress.events"},
        "fellow_completed": {"fellowship.news.events"},
        "leave_changed": {"fellowship.progress.events"},
    }


def test_news_hears_of_publications_through_an_event_not_an_import():
    from fellowship.publications.events import publication_changed

    assert [r.__module__ for r in publication_changed.subscribers] == ["fellowship.news.events"]
