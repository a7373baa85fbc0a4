"""The demo theses: a believable history behind every state, and nothing dated in the future
except the upcoming defense itself."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from fellowship.accounts.models import User
from fellowship.activity.models import ActivityEntry
from fellowship.demo.thesis import load_demo_theses
from fellowship.thesis import selectors, workflow
from fellowship.thesis.models import DefenseMember, Thesis, ThesisDocument
from tests.demo_once import demo_once

pytestmark = pytest.mark.django_db
State = Thesis.State


module_demo, demo = demo_once(load_demo_theses)


def log_of(thesis):
    return list(reversed(list(selectors.thesis_log(thesis, limit=100))))


def test_every_demo_thesis_has_the_history_of_its_road(demo):
    now = timezone.now()
    for thesis in Thesis.objects.select_related("fellow"):
        log = log_of(thesis)
        assert log, f"{thesis.fellow}: no history"
        assert log[0].verb == "thesis.started"
        assert all(e.at < now for e in log), thesis.fellow
        assert [e.at for e in log] == sorted(e.at for e in log)
        # Each step along the road up to the thesis's state is in the log, the last one at
        # the moment the thesis entered its state.
        road = [s for s in State if s != State.REVISIONS_SUBMITTED]
        steps = road[1 : road.index(thesis.state) + 1]
        verbs = [e.verb for e in log]
        for state in steps:
            assert f"thesis.{state}" in verbs, (thesis.fellow, state)
        if steps:
            last = next(e for e in reversed(log) if e.verb == f"thesis.{thesis.state}")
            assert last.at == thesis.state_changed_at
        assert thesis.created_at == log[0].at


def test_the_thesis_150_days_in_progress_reads_like_it(demo):
    thesis = Thesis.objects.get(fellow__email="fellow@example.org")
    assert thesis.state == State.IN_PROGRESS and thesis.days_in_state() in (149, 150)
    said = [e.summary for e in log_of(thesis)]
    assert any(s.endswith("Proposal approved → In progress") for s in said)
    assert sum("Committee meeting of" in s for s in said) == 2


def test_a_person_without_a_login_is_named_not_system(demo):
    thesis = Thesis.objects.get(fellow__email="lucia.ortega@example.org")
    entry = next(e for e in log_of(thesis) if e.verb == "thesis.proposal_submitted")
    assert entry.actor is None and entry.summary.endswith("(by Lucía Fernanda Ortega)")
    approved = next(e for e in log_of(thesis) if e.verb == "thesis.committee_approved")
    assert approved.actor.email == "director@example.org"


def test_defense_confirmations_are_in_the_past_and_the_draft_came_first(demo):
    now = timezone.now()
    seats = DefenseMember.objects.select_related("defense__thesis")
    assert seats.exists()
    for seat in seats:
        assert seat.confirmed_at < now
        assert seat.confirmed_at < seat.defense.starts_at
    scheduled = Thesis.objects.get(state=State.DEFENSE_SCHEDULED)
    defense = scheduled.defenses.get()
    assert defense.starts_at > now  # the one future date: the defense itself
    draft = scheduled.documents.get()
    assert draft.uploaded_at < defense.created_at < now
    # The demo obeys the rule it shows: the thesis was uploaded before the defense was set.
    assert all(d.uploaded_at < now for d in ThesisDocument.objects.all())


def test_the_in_progress_thesis_asks_for_the_document_before_scheduling(demo):
    thesis = Thesis.objects.get(fellow__email="fellow@example.org")
    step = workflow.STEPS[State.IN_PROGRESS][0]
    assert workflow.step_blocker(thesis, step).startswith("Upload the thesis (PDF)")


def test_loading_again_rewrites_the_history_instead_of_adding_to_it(demo):
    thesis_type = ContentType.objects.get_for_model(Thesis)
    before = ActivityEntry.objects.filter(target_type=thesis_type).count()
    load_demo_theses(demo)
    assert ActivityEntry.objects.filter(target_type=thesis_type).count() == before
    ids = set(Thesis.objects.values_list("pk", flat=True))
    assert (
        set(
            ActivityEntry.objects.filter(target_type=thesis_type).values_list(
                "target_id", flat=True
            )
        )
        == ids
    )


def test_the_history_panel_shows_the_backfilled_entries(client, demo):
    client.force_login(User.objects.get(email="director@example.org"))
    thesis = Thesis.objects.get(state=State.DEFENSE_SCHEDULED)
    page = client.get(thesis.get_absolute_url()).content.decode()
    history = page.split('id="history"')[1]
    assert "Nothing yet." not in history
    assert "In progress → Defense scheduled" in history
    assert "confirmed the defense date" in history
