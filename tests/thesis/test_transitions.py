"""Every step of the thesis workflow, who may take it, and what it refuses."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.thesis import defenses, services, workflow
from fellowship.thesis.models import Defense, Thesis

from .helpers import (
    add_committee,
    confirm_all,
    go,
    hold_defense,
    pdf_upload,
    sign_all,
    thesis_at,
    thesis_for,
    upload_draft,
)

State = Thesis.State
Outcome = Defense.Outcome
PEOPLE = ["fellow", "other_fellow", "mentor", "unrelated_faculty", "coordinator", "director"]
CHAIR = "unrelated_faculty"  # the helpers' committee chair


def _in_future():
    return {"starts_at": timezone.now() + timedelta(days=10), "room": "Room 101"}


def _defended(world, outcome):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    confirm_all(world, thesis)
    hold_defense(thesis)
    thesis = go(world, thesis, State.DEFENDED, CHAIR, outcome=outcome)
    sign_all(world, thesis)
    return thesis


def prepare(world, case):
    """(thesis, details) ready for the step `case`."""
    if case == "propose":
        thesis = thesis_for(world)
        add_committee(world, thesis)
        return thesis, {}
    if case in ("approve_committee", "send_back"):
        return thesis_at(world, State.COMMITTEE_PROPOSED), {}
    if case == "submit_proposal":
        return thesis_at(world, State.COMMITTEE_APPROVED), {}
    if case in ("approve_proposal", "proposal_changes"):
        return thesis_at(world, State.PROPOSAL_SUBMITTED), {}
    if case == "start_research":
        return thesis_at(world, State.PROPOSAL_APPROVED), {}
    if case == "schedule":
        thesis = thesis_at(world, State.IN_PROGRESS)
        upload_draft(world, thesis)
        return thesis, _in_future()
    if case == "outcome":
        thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
        confirm_all(world, thesis)
        hold_defense(thesis)
        return thesis, {"outcome": Outcome.PASS}
    if case == "final_after_pass":
        thesis = _defended(world, Outcome.PASS)
        services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
        return thesis, {}
    if case in ("revisions", "accept_revisions", "more_revisions"):
        thesis = _defended(world, Outcome.PASS_WITH_REVISIONS)
        services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
        if case == "revisions":
            return thesis, {}
        return go(world, thesis, State.REVISIONS_SUBMITTED, "fellow"), {}
    if case == "second_defense":
        return _defended(world, Outcome.FAIL), {}
    if case == "complete":
        return thesis_at(world, State.FINAL_SUBMITTED), {}
    raise AssertionError(case)


STEPS = [
    ("propose", State.COMMITTEE_PROPOSED, {"fellow", "mentor"}),
    ("approve_committee", State.COMMITTEE_APPROVED, {"director"}),
    ("send_back", State.PLANNING, {"director"}),
    ("submit_proposal", State.PROPOSAL_SUBMITTED, {"fellow"}),
    ("approve_proposal", State.PROPOSAL_APPROVED, {CHAIR}),
    ("proposal_changes", State.COMMITTEE_APPROVED, {CHAIR}),
    ("start_research", State.IN_PROGRESS, {"fellow", "mentor"}),
    ("schedule", State.DEFENSE_SCHEDULED, {CHAIR, "director"}),
    ("outcome", State.DEFENDED, {CHAIR}),
    ("final_after_pass", State.FINAL_SUBMITTED, {"fellow"}),
    ("revisions", State.REVISIONS_SUBMITTED, {"fellow"}),
    ("accept_revisions", State.FINAL_SUBMITTED, {CHAIR}),
    ("more_revisions", State.DEFENDED, {CHAIR}),
    ("second_defense", State.IN_PROGRESS, {CHAIR, "director"}),
    ("complete", State.COMPLETE, {"director"}),
]


@pytest.mark.parametrize("role", PEOPLE)
@pytest.mark.parametrize(("case", "to", "allowed"), STEPS, ids=[s[0] for s in STEPS])
def test_each_step_and_who_may_take_it(world, case, to, allowed, role):
    thesis, details = prepare(world, case)
    before = thesis.state
    logged = ActivityEntry.objects.filter(verb=f"thesis.{to}").count()
    user = getattr(world, role)
    if role in allowed:
        thesis = services.thesis_transition(thesis=thesis, to=to, by=user, **details)
        thesis.refresh_from_db()
        assert thesis.state == to
        entry = ActivityEntry.objects.filter(verb=f"thesis.{to}").order_by("-id").first()
        assert ActivityEntry.objects.filter(verb=f"thesis.{to}").count() == logged + 1
        assert entry.actor == user and "→" in entry.summary
    else:
        with pytest.raises(PermissionDenied):
            services.thesis_transition(thesis=thesis, to=to, by=user, **details)
        thesis.refresh_from_db()
        assert thesis.state == before


def test_the_whole_road_from_planning_to_complete(world):
    thesis = thesis_at(world, State.COMPLETE)
    verbs = set(
        ActivityEntry.objects.filter(verb__startswith="thesis.").values_list("verb", flat=True)
    )
    for state in State:
        if state not in (State.PLANNING, State.REVISIONS_SUBMITTED):
            assert f"thesis.{state}" in verbs
    assert thesis.state == State.COMPLETE


def test_a_step_that_does_not_follow_is_refused_with_the_states_named(world):
    thesis = thesis_for(world)
    with pytest.raises(ValidationError, match="planning cannot become complete"):
        go(world, thesis, State.COMPLETE, "director")
    with pytest.raises(ValidationError, match="is not a thesis state"):
        go(world, thesis, "finished", "director")


def test_the_proposal_needs_a_title_and_text(world):
    thesis = thesis_at(world, State.COMMITTEE_APPROVED)
    services.thesis_save(
        thesis=thesis, by=world.fellow, title="", abstract="", form="monograph", proposal=""
    )
    with pytest.raises(ValidationError, match="Write a title and the proposal first"):
        go(world, thesis, State.PROPOSAL_SUBMITTED, "fellow")
    thesis.refresh_from_db()
    assert thesis.state == State.COMMITTEE_APPROVED


def test_the_submitted_proposal_is_frozen_until_reviewed(world):
    thesis = thesis_at(world, State.PROPOSAL_SUBMITTED)
    with pytest.raises(ValidationError, match="with the committee"):
        services.thesis_save(
            thesis=thesis, by=world.fellow, title="T", abstract="", form="monograph", proposal="New"
        )


def test_the_defense_must_be_in_the_future_and_somewhere(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match="in the future"):
        go(
            world,
            thesis,
            State.DEFENSE_SCHEDULED,
            CHAIR,
            starts_at=timezone.now() - timedelta(days=1),
            room="R",
        )
    with pytest.raises(ValidationError, match="room or a video link"):
        go(
            world,
            thesis,
            State.DEFENSE_SCHEDULED,
            CHAIR,
            starts_at=timezone.now() + timedelta(days=3),
        )
    assert not Defense.objects.exists()
    thesis.refresh_from_db()
    assert thesis.state == State.IN_PROGRESS


def test_a_defense_is_scheduled_only_once_the_thesis_is_uploaded(world):
    """The committee reads the thesis before the defense: no document, no date."""
    thesis = thesis_at(world, State.IN_PROGRESS)
    step = workflow.STEPS[State.IN_PROGRESS][0]
    said = workflow.step_blocker(thesis, step)
    assert said == (
        "Upload the thesis (PDF) before scheduling the defense: the committee reads it first "
        "(the fellow uploads it under “Thesis document”)."
    )
    with pytest.raises(ValidationError) as refused:
        services.thesis_transition(
            thesis=thesis, to=State.DEFENSE_SCHEDULED, by=world.director, **_in_future()
        )
    assert refused.value.messages == [said]
    assert not Defense.objects.exists()
    thesis.refresh_from_db()
    assert thesis.state == State.IN_PROGRESS
    upload_draft(world, thesis)
    thesis = services.thesis_transition(
        thesis=thesis, to=State.DEFENSE_SCHEDULED, by=world.director, **_in_future()
    )
    assert thesis.state == State.DEFENSE_SCHEDULED


def test_a_second_defense_needs_the_thesis_revised_since_the_first(world):
    thesis = go(world, _defended(world, Outcome.FAIL), State.IN_PROGRESS, CHAIR)
    assert thesis.documents.count() == 1  # the draft read for the first defense
    with pytest.raises(ValidationError, match="Upload the revised thesis .PDF. before"):
        services.thesis_transition(
            thesis=thesis, to=State.DEFENSE_SCHEDULED, by=world.director, **_in_future()
        )
    upload_draft(world, thesis)
    thesis = services.thesis_transition(
        thesis=thesis, to=State.DEFENSE_SCHEDULED, by=world.director, **_in_future()
    )
    assert thesis.defenses.get(attempt=2).outcome == ""


def test_scheduling_asks_every_member_to_confirm(world):
    thesis = go(
        world, thesis_at(world, State.IN_PROGRESS), State.DEFENSE_SCHEDULED, CHAIR, **_in_future()
    )
    defense = thesis.defenses.get()
    assert defense.attempt == 1
    assert (
        defense.members.count() == 3
        and not defense.members.filter(confirmed_at__isnull=False).exists()
    )


def test_the_outcome_waits_for_every_confirmation_and_the_day(world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    with pytest.raises(ValidationError, match="Waiting for the committee to confirm the date: "):
        go(world, thesis, State.DEFENDED, CHAIR, outcome=Outcome.PASS)
    confirm_all(world, thesis)
    with pytest.raises(ValidationError, match="record the outcome after it"):
        go(world, thesis, State.DEFENDED, CHAIR, outcome=Outcome.PASS)
    hold_defense(thesis)
    with pytest.raises(ValidationError, match="Choose the outcome"):
        go(world, thesis, State.DEFENDED, CHAIR, outcome="great")
    thesis.refresh_from_db()
    assert thesis.state == State.DEFENSE_SCHEDULED
    thesis = go(world, thesis, State.DEFENDED, CHAIR, outcome=Outcome.PASS, note="Excellent.")
    defense = thesis.defenses.get()
    assert defense.outcome == Outcome.PASS and defense.outcome_note == "Excellent."
    # The chair signed off in recording the outcome; the others have not yet.
    chair_seat = defense.members.get(member__role="chair")
    assert chair_seat.signed_off_at is not None
    assert defense.members.filter(signed_off_at__isnull=True).count() == 2


def test_after_the_defense_every_member_signs_off_first(world):
    thesis = thesis_at(world, State.DEFENDED)
    services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
    with pytest.raises(ValidationError, match="sign off the outcome: ") as refused:
        go(world, thesis, State.FINAL_SUBMITTED, "fellow")
    assert world.mentor_faculty.display_name in str(refused.value)
    assert "Erin External" in str(refused.value)


def test_the_final_thesis_needs_a_document_uploaded_after_the_defense(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)  # a draft
    thesis = _defended_from(world, thesis, Outcome.PASS)
    with pytest.raises(ValidationError, match="Upload the thesis"):
        go(world, thesis, State.FINAL_SUBMITTED, "fellow")


def _defended_from(world, thesis, outcome):
    thesis = go(world, thesis, State.DEFENSE_SCHEDULED, CHAIR, **_in_future())
    confirm_all(world, thesis)
    hold_defense(thesis)
    thesis = go(world, thesis, State.DEFENDED, CHAIR, outcome=outcome)
    sign_all(world, thesis)
    return thesis


def test_the_outcome_decides_the_next_step(world):
    thesis = _defended(world, Outcome.PASS)
    services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
    with pytest.raises(ValidationError, match="Revisions follow a pass with revisions"):
        go(world, thesis, State.REVISIONS_SUBMITTED, "fellow")
    with pytest.raises(ValidationError, match="Only a failed defense"):
        go(world, thesis, State.IN_PROGRESS, CHAIR)
    assert [s.to for s in workflow.steps_for(thesis)] == [State.FINAL_SUBMITTED]


def test_a_failed_defense_may_be_defended_once_more(world):
    thesis = _defended(world, Outcome.FAIL)
    assert [s.to for s in workflow.steps_for(thesis)] == [State.IN_PROGRESS]
    thesis = go(world, thesis, State.IN_PROGRESS, "director")
    thesis = _defended_from(world, thesis, Outcome.FAIL)
    assert sorted(thesis.defenses.values_list("attempt", flat=True)) == [1, 2]
    assert workflow.steps_for(thesis) == []
    with pytest.raises(ValidationError, match="at most twice"):
        go(world, thesis, State.IN_PROGRESS, "director")
    thesis.refresh_from_db()
    assert thesis.state == State.DEFENDED


def test_a_second_defense_can_pass(world):
    thesis = go(world, _defended(world, Outcome.FAIL), State.IN_PROGRESS, CHAIR)
    thesis = _defended_from(world, thesis, Outcome.PASS)
    assert thesis.defenses.get(attempt=2).outcome == Outcome.PASS


def test_only_a_member_or_the_chair_confirms_a_seat(world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    seat = thesis.defenses.get().members.get(member__role="primary_mentor")
    with pytest.raises(PermissionDenied):
        defenses.defense_confirm(seat=seat, by=world.fellow)
    defenses.defense_confirm(seat=seat, by=world.mentor)  # the mentor, for themself
    seat.refresh_from_db()
    assert seat.confirmed_at is not None
    external = thesis.defenses.get().members.get(member__role="external")
    defenses.defense_confirm(seat=external, by=world.director)  # for an external member
    entry = ActivityEntry.objects.filter(verb="defense.confirmed").order_by("-id").first()
    assert "Erin External" in entry.summary and "recorded by Dana Director" in entry.summary


def test_a_member_signs_off_only_a_recorded_outcome(world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    seat = thesis.defenses.get().members.get(member__role="primary_mentor")
    with pytest.raises(ValidationError, match="has not recorded the outcome"):
        defenses.defense_sign_off(seat=seat, by=world.mentor)
