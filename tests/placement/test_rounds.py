"""Placement rounds: the state machine, who may do what, and what solving and publishing do."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.placement import engine, selectors, services
from fellowship.placement.models import (
    Assignment,
    LabRanking,
    PlacementRound,
    Preference,
    RoundLab,
)
from fellowship.programs.models import Mentorship
from tests import factories as f

from .helpers import round_for, second_lab

pytestmark = pytest.mark.django_db

State = PlacementRound.State


def set_places(round, lab, places):
    RoundLab.objects.filter(round=round, laboratory=lab).update(places=places)


def rank_all(world, round):
    """world.lab (1 place) ranks fellow, then other fellow; the second lab the other fellow."""
    set_places(round, world.lab, 1)
    lab2 = second_lab(round)
    lab2.head = world.unrelated_faculty_record
    lab2.save()
    services.lab_ranking_save(
        round=round,
        lab=world.lab,
        fellow_ids=[world.fellow_record.pk, world.other_fellow_record.pk],
        by=world.mentor,
    )
    services.lab_ranking_save(
        round=round, lab=lab2, fellow_ids=[world.other_fellow_record.pk], by=world.director
    )
    return lab2


def round_in(world, state):
    """The world's round, taken to `state` through the allowed transitions."""
    round = round_for(world, state="draft" if state == State.DRAFT else "open")
    if state in (State.DRAFT, State.OPEN):
        return round
    rank_all(world, round)
    for to in (State.CLOSED, State.SOLVED, State.PUBLISHED):
        round = services.round_transition(round=round, to=to, by=world.director)
        if to == state:
            return round
    raise AssertionError(state)


# Creating --------------------------------------------------------------------------------


def test_round_create_takes_every_lab_at_its_usual_capacity(world):
    round = round_for(world, state="draft")
    assert round.state == State.DRAFT
    assert round.name == "Placement of the 2025 cohort"
    places = dict(RoundLab.objects.filter(round=round).values_list("laboratory__name", "places"))
    assert places == {"Clinical Data Lab": 2, "Genomics Lab": 1}
    assert ActivityEntry.objects.filter(verb="placement_round.created").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "mentor", "fellow"])
def test_only_the_director_creates_a_round(world, who):
    with pytest.raises(PermissionDenied):
        services.round_create(
            program=world.program,
            cohort_year=2025,
            deadline=dt.date(2026, 12, 15),
            by=getattr(world, who),
        )
    assert not PlacementRound.objects.exists()


def test_places_change_only_in_draft_or_open(world):
    round = round_for(world)
    rl = RoundLab.objects.get(round=round, laboratory=world.lab)
    services.round_places_save(round=round, places={rl.pk: 3}, by=world.director)
    rl.refresh_from_db()
    assert rl.places == 3
    with pytest.raises(ValidationError):
        services.round_places_save(round=round, places={rl.pk: -1}, by=world.director)
    with pytest.raises(PermissionDenied):
        services.round_places_save(round=round, places={rl.pk: 1}, by=world.coordinator)
    round = services.round_transition(round=round, to="closed", by=world.director)
    with pytest.raises(ValidationError, match="only while the round is draft or open"):
        services.round_places_save(round=round, places={rl.pk: 1}, by=world.director)


# The state machine -------------------------------------------------------------------------

ALL = list(State)


@pytest.mark.parametrize("start", ALL)
@pytest.mark.parametrize("to", ALL)
def test_every_transition_is_allowed_or_refused(world, start, to):
    round = round_in(world, start)
    allowed = to in services.TRANSITIONS[start]
    if allowed:
        round = services.round_transition(round=round, to=to, by=world.director)
        assert round.state == to
        assert ActivityEntry.objects.filter(verb=f"placement_round.{to}").exists()
    else:
        with pytest.raises(ValidationError, match="cannot become"):
            services.round_transition(round=round, to=to, by=world.director)
        round.refresh_from_db()
        assert round.state == start


def test_the_allowed_moves():
    assert services.TRANSITIONS == {
        State.DRAFT: (State.OPEN,),
        State.OPEN: (State.CLOSED,),
        State.CLOSED: (State.SOLVED,),
        State.SOLVED: (State.SOLVED, State.PUBLISHED),
        State.PUBLISHED: (),
    }


@pytest.mark.parametrize("who", ["coordinator", "mentor", "unrelated_faculty", "fellow"])
@pytest.mark.parametrize("start", [State.DRAFT, State.OPEN])
def test_only_the_director_moves_a_round(world, who, start):
    round = round_in(world, start)
    to = services.TRANSITIONS[start][0]
    with pytest.raises(PermissionDenied):
        services.round_transition(round=round, to=to, by=getattr(world, who))
    round.refresh_from_db()
    assert round.state == start


def test_a_director_of_another_program_may_not_move_the_round(world):
    from fellowship.accounts.models import ProgramRole

    outsider = f.UserFactory(email="outsider@test.org")
    f.staff_role(outsider, world.other_program, ProgramRole.Role.DIRECTOR)
    round = round_in(world, State.DRAFT)
    with pytest.raises(PermissionDenied):
        services.round_transition(round=round, to="open", by=outsider)


def test_opening_needs_places_and_a_future_deadline(world):
    round = round_in(world, State.DRAFT)
    RoundLab.objects.filter(round=round).update(places=0)
    with pytest.raises(ValidationError, match="at least one laboratory"):
        services.round_transition(round=round, to="open", by=world.director)
    RoundLab.objects.filter(round=round).update(places=1)
    PlacementRound.objects.filter(pk=round.pk).update(deadline=dt.date(2026, 1, 1))
    round.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.round_transition(round=round, to="open", by=world.director)


# Choices and rankings ----------------------------------------------------------------------


def test_a_fellow_saves_their_choices_in_order(world):
    round = round_for(world, chosen=False)
    lab2 = second_lab(round)
    services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[lab2.pk, world.lab.pk], by=world.fellow
    )
    ranks = list(
        Preference.objects.filter(round=round, fellow=world.fellow_record).values_list(
            "laboratory_id", "rank"
        )
    )
    assert ranks == [(lab2.pk, 1), (world.lab.pk, 2)]
    # Saving again replaces them (reordering does not clash with the unique rank).
    services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
    )
    assert Preference.objects.filter(round=round, fellow=world.fellow_record).count() == 1


@pytest.mark.parametrize("who", ["other_fellow", "mentor", "unrelated_faculty"])
def test_nobody_else_chooses_for_a_fellow(world, who):
    round = round_for(world, chosen=False)
    with pytest.raises(PermissionDenied):
        services.preferences_save(
            round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=getattr(world, who)
        )


def test_staff_may_enter_choices_for_a_fellow(world):
    round = round_for(world, chosen=False)
    services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.coordinator
    )
    assert Preference.objects.filter(round=round).count() == 1


def test_choices_only_while_open_and_before_the_deadline(world):
    round = round_in(world, State.DRAFT)
    with pytest.raises(ValidationError, match="only while the round is open"):
        services.preferences_save(
            round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
        )
    round = services.round_transition(round=round, to="open", by=world.director)
    PlacementRound.objects.filter(pk=round.pk).update(deadline=dt.date(2026, 11, 24))
    round.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline"):
        services.preferences_save(
            round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
        )
    PlacementRound.objects.filter(pk=round.pk).update(deadline=dt.date(2026, 12, 24))
    round.refresh_from_db()
    round = services.round_transition(round=round, to="closed", by=world.director)
    with pytest.raises(ValidationError, match="only while the round is open"):
        services.preferences_save(
            round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
        )


def test_choices_must_be_labs_with_places_each_once(world):
    round = round_for(world, chosen=False)
    with pytest.raises(ValidationError, match="only once"):
        services.preferences_save(
            round=round,
            fellow=world.fellow_record,
            lab_ids=[world.lab.pk, world.lab.pk],
            by=world.fellow,
        )
    set_places(round, world.lab, 0)
    with pytest.raises(ValidationError, match="take fellows this round"):
        services.preferences_save(
            round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
        )


def test_a_fellow_of_another_cohort_is_not_in_the_round(world):
    round = round_for(world, chosen=False)
    newcomer = f.FellowFactory(program=world.program, cohort_year=2026)
    with pytest.raises(ValidationError, match="not in the cohort"):
        services.preferences_save(
            round=round, fellow=newcomer, lab_ids=[world.lab.pk], by=world.director
        )


def test_faculty_rank_only_their_labs_applicants(world):
    round = round_for(world)
    lab2 = second_lab(round)
    fellows = [world.other_fellow_record.pk, world.fellow_record.pk]
    services.lab_ranking_save(round=round, lab=world.lab, fellow_ids=fellows, by=world.mentor)
    assert (
        list(
            LabRanking.objects.filter(round=round, laboratory=world.lab).values_list(
                "fellow_id", flat=True
            )
        )
        == fellows
    )
    assert RoundLab.objects.get(round=round, laboratory=world.lab).ranked_at is not None
    # Not a lab of theirs.
    with pytest.raises(PermissionDenied):
        services.lab_ranking_save(round=round, lab=lab2, fellow_ids=fellows, by=world.mentor)
    with pytest.raises(PermissionDenied):
        services.lab_ranking_save(
            round=round, lab=world.lab, fellow_ids=fellows, by=world.unrelated_faculty
        )
    with pytest.raises(PermissionDenied):
        services.lab_ranking_save(round=round, lab=world.lab, fellow_ids=fellows, by=world.fellow)
    # Only fellows who chose the lab.
    services.preferences_save(
        round=round, fellow=world.other_fellow_record, lab_ids=[lab2.pk], by=world.other_fellow
    )
    with pytest.raises(ValidationError, match="Otto Other did not choose this laboratory"):
        services.lab_ranking_save(round=round, lab=world.lab, fellow_ids=fellows, by=world.mentor)


def test_a_member_of_the_lab_may_rank_too(world):
    round = round_for(world)
    world.unrelated_faculty_record.laboratories.add(world.lab)
    services.lab_ranking_save(
        round=round, lab=world.lab, fellow_ids=[world.fellow_record.pk], by=world.unrelated_faculty
    )
    assert LabRanking.objects.filter(round=round).count() == 1


def test_labs_rank_only_while_open(world):
    round = round_in(world, State.DRAFT)
    with pytest.raises(ValidationError, match="only while the round is open"):
        services.lab_ranking_save(round=round, lab=world.lab, fellow_ids=[], by=world.mentor)


# Conflicts of interest ----------------------------------------------------------------------


def test_a_conflict_blocks_the_pair_in_every_lab_of_that_faculty_member(world):
    round = round_for(world)
    lab2 = second_lab(round)
    world.mentor_faculty.laboratories.add(lab2)  # the mentor heads world.lab, belongs to lab2
    services.conflict_record(
        round=round,
        fellow=world.fellow_record,
        faculty=world.mentor_faculty,
        reason="Former PhD advisor",
        by=world.coordinator,
    )
    assert selectors.conflicted_pairs(round) == {
        (world.fellow_record.pk, world.lab.pk),
        (world.fellow_record.pk, lab2.pk),
    }
    instance = selectors.round_data(round).instance()
    choices = {fc.id: fc.choices for fc in instance.fellows}
    assert choices[str(world.fellow_record.pk)] == ()
    assert choices[str(world.other_fellow_record.pk)] == (str(world.lab.pk), str(lab2.pk))
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.lab_ranking_save(
            round=round, lab=world.lab, fellow_ids=[world.fellow_record.pk], by=world.mentor
        )
    applicants = [a.fellow for a in selectors.lab_applicants(round, world.lab, with_choices=True)]
    assert applicants == [world.other_fellow_record]


def test_a_conflict_needs_a_reason_and_staff(world):
    round = round_for(world)
    with pytest.raises(ValidationError):
        services.conflict_record(
            round=round,
            fellow=world.fellow_record,
            faculty=world.mentor_faculty,
            reason="  ",
            by=world.director,
        )
    with pytest.raises(PermissionDenied):
        services.conflict_record(
            round=round,
            fellow=world.fellow_record,
            faculty=world.mentor_faculty,
            reason="Spouse",
            by=world.mentor,
        )


def test_a_conflicted_pair_is_never_placed(world):
    round = round_for(world)
    rank_all(world, round)
    services.conflict_record(
        round=round,
        fellow=world.fellow_record,
        faculty=world.mentor_faculty,
        reason="Spouse",
        by=world.director,
    )
    round = services.round_transition(round=round, to="closed", by=world.director)
    round = services.round_transition(round=round, to="solved", by=world.director)
    placed = dict(Assignment.objects.filter(round=round).values_list("fellow_id", "laboratory_id"))
    assert placed[world.fellow_record.pk] is None  # lab2 did not rank the fellow
    assert placed[world.other_fellow_record.pk] == world.lab.pk


# Solving ------------------------------------------------------------------------------------


def test_solving_stores_the_engines_placement(world):
    round = round_in(world, State.CLOSED)
    round = services.round_transition(round=round, to="solved", by=world.director)
    instance = selectors.round_data(round).instance()
    expected = engine.solve(instance, "fellow").assignments
    stored = {
        str(a.fellow_id): (str(a.laboratory_id) if a.laboratory_id else None)
        for a in Assignment.objects.filter(round=round)
    }
    assert stored == expected
    assert stored[str(world.fellow_record.pk)] == str(world.lab.pk)
    assert stored[str(world.other_fellow_record.pk)] == str(second_lab(round).pk)
    ranks = dict(Assignment.objects.filter(round=round).values_list("fellow_id", "choice_rank"))
    assert ranks == {world.fellow_record.pk: 1, world.other_fellow_record.pk: 2}
    assert round.solved_at is not None
    result = selectors.round_result(round)
    assert result.stable and not result.blocking_pairs


def test_solving_lab_optimal_on_request(world):
    round = round_in(world, State.CLOSED)
    round = services.round_transition(round=round, to="solved", by=world.director, optimal="lab")
    assert round.optimal == "lab"


def test_solving_needs_every_lab_with_applicants_ranked(world):
    round = round_for(world)
    round = services.round_transition(round=round, to="closed", by=world.director)
    with pytest.raises(ValidationError, match="Clinical Data Lab"):
        services.round_transition(round=round, to="solved", by=world.director)
    for lab in (world.lab, second_lab(round)):
        services.lab_rank_by_interest_fit(round=round, lab=lab, by=world.director)
    rows = LabRanking.objects.filter(round=round, laboratory=world.lab)
    assert rows.count() == 2 and all(r.by_interest_fit for r in rows)
    round = services.round_transition(round=round, to="solved", by=world.director)
    assert Assignment.objects.filter(round=round).count() == 2


def test_rank_by_interest_fit_is_the_directors_once_closed_for_labs_that_did_not_rank(world):
    round = round_for(world)
    with pytest.raises(ValidationError, match="only while the round is closed"):
        services.lab_rank_by_interest_fit(round=round, lab=world.lab, by=world.director)
    services.lab_ranking_save(
        round=round, lab=world.lab, fellow_ids=[world.fellow_record.pk], by=world.mentor
    )
    round = services.round_transition(round=round, to="closed", by=world.director)
    with pytest.raises(PermissionDenied):
        services.lab_rank_by_interest_fit(round=round, lab=world.lab, by=world.coordinator)
    with pytest.raises(ValidationError, match="ranked its applicants itself"):
        services.lab_rank_by_interest_fit(round=round, lab=world.lab, by=world.director)


def test_rank_by_interest_fit_puts_the_better_fit_first(world):
    round = round_for(world)
    world.lab.description = "Natural language processing of clinical notes."
    world.lab.save()
    world.fellow_record.research_interests = "Cardiac surgery outcomes."
    world.fellow_record.save()
    world.other_fellow_record.research_interests = "Language models for clinical notes."
    world.other_fellow_record.save()
    round = services.round_transition(round=round, to="closed", by=world.director)
    rows = services.lab_rank_by_interest_fit(round=round, lab=world.lab, by=world.director)
    assert [r.fellow_id for r in rows] == [world.other_fellow_record.pk, world.fellow_record.pk]


# Overriding -------------------------------------------------------------------------------


def test_override_records_the_reason_and_breaks_the_guarantee(world):
    round = round_in(world, State.SOLVED)
    lab2 = second_lab(round)
    with pytest.raises(ValidationError, match="Say why"):
        services.assignment_override(
            round=round, fellow=world.other_fellow_record, lab=None, reason=" ", by=world.director
        )
    with pytest.raises(ValidationError, match="no free place"):
        services.assignment_override(
            round=round, fellow=world.fellow_record, lab=lab2, reason="Swap", by=world.director
        )
    with pytest.raises(PermissionDenied):
        services.assignment_override(
            round=round,
            fellow=world.other_fellow_record,
            lab=None,
            reason="x",
            by=world.coordinator,
        )
    services.assignment_override(
        round=round,
        fellow=world.other_fellow_record,
        lab=None,
        reason="Deferred entry by a year",
        by=world.director,
    )
    a = Assignment.objects.get(round=round, fellow=world.other_fellow_record)
    assert a.overridden and a.override_reason == "Deferred entry by a year"
    assert a.overridden_by == world.director and a.laboratory is None and a.choice_rank is None
    entry = ActivityEntry.objects.get(verb="placement.override")
    assert "Deferred entry by a year" in entry.summary
    result = selectors.round_result(round)
    assert not result.stable and not result.guaranteed_stable
    assert result.blocking_pairs == [(world.other_fellow_record, lab2)]
    # Moving the fellow to the second lab leaves world.lab with a place the fellow prefers.
    services.assignment_override(
        round=round, fellow=world.fellow_record, lab=lab2, reason="Funding", by=world.director
    )
    result = selectors.round_result(round)
    assert (world.fellow_record, world.lab) in result.blocking_pairs
    assert Assignment.objects.get(round=round, fellow=world.fellow_record).choice_rank == 2


def test_override_only_when_solved_and_solving_again_drops_it(world):
    round = round_in(world, State.CLOSED)
    with pytest.raises(ValidationError, match="only while the round is solved"):
        services.assignment_override(
            round=round, fellow=world.fellow_record, lab=None, reason="x", by=world.director
        )
    round = services.round_transition(round=round, to="solved", by=world.director)
    services.assignment_override(
        round=round, fellow=world.other_fellow_record, lab=None, reason="x", by=world.director
    )
    round = services.round_transition(round=round, to="solved", by=world.director)
    assert not Assignment.objects.filter(round=round, overridden=True).exists()


# Publishing -------------------------------------------------------------------------------


def test_publishing_sets_lab_and_primary_mentor_and_emails(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    round = round_in(world, State.SOLVED)
    lab2 = second_lab(round)
    with django_capture_on_commit_callbacks() as queued:
        round = services.round_transition(round=round, to="published", by=world.director)
    assert not mailoutbox  # nothing leaves before the publication is committed
    for send in queued:
        send()
    assert round.published_at is not None
    world.fellow_record.refresh_from_db()
    world.other_fellow_record.refresh_from_db()
    assert world.fellow_record.laboratory == world.lab
    assert world.other_fellow_record.laboratory == lab2
    # The fellow already had the head of world.lab as primary mentor: not added twice.
    assert Mentorship.objects.filter(fellow=world.fellow_record, kind="primary").count() == 1
    new = Mentorship.objects.get(fellow=world.other_fellow_record, kind="primary")
    assert new.faculty == world.unrelated_faculty_record
    assert ActivityEntry.objects.filter(verb="mentorship.created").count() == 1
    assert ActivityEntry.objects.filter(verb="fellow.updated").count() == 1
    to = sorted(address for m in mailoutbox for address in m.to)
    assert to == sorted(
        [
            world.fellow_record.email,
            world.other_fellow_record.email,
            world.mentor_faculty.email,
            world.unrelated_faculty_record.email,
        ]
    )
    mail = next(m for m in mailoutbox if m.to == [world.other_fellow_record.email])
    assert "Genomics Lab" in mail.subject and world.unrelated_faculty_record.last_name in mail.body
    head_mail = next(m for m in mailoutbox if m.to == [world.mentor_faculty.email])
    assert "Fay Fellow" in head_mail.body and "Otto Other" not in head_mail.body


def test_publishing_tells_an_unplaced_fellow(world, mailoutbox, django_capture_on_commit_callbacks):
    round = round_in(world, State.SOLVED)
    services.assignment_override(
        round=round, fellow=world.other_fellow_record, lab=None, reason="x", by=world.director
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.round_transition(round=round, to="published", by=world.director)
    mail = next(m for m in mailoutbox if m.to == [world.other_fellow_record.email])
    assert "could not place you" in mail.body
