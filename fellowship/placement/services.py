"""Every write in a placement round: permission-checked, validated, in one transaction, logged.

The round's state changes only in `round_transition`:

    draft -> open -> closed -> solved -> published
                                 ^  |
                                 +--+  (solve again: the overrides are dropped)
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.core.mail import send_after_commit
from fellowship.core.transitions import Workflow
from fellowship.programs import services as programs_services
from fellowship.programs.models import Fellow, Laboratory, Mentorship
from fellowship.programs.services import fellow_save, mentorship_save

from . import engine, recommend, selectors
from .models import (
    Assignment,
    ConflictOfInterest,
    LabRanking,
    PlacementRound,
    Preference,
    RoundLab,
)

State = PlacementRound.State

TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (State.OPEN,),
    State.OPEN: (State.CLOSED,),
    State.CLOSED: (State.SOLVED,),
    State.SOLVED: (State.SOLVED, State.PUBLISHED),
    State.PUBLISHED: (),
}

# What the button that takes a round to each state says.
ACTIONS = {
    State.OPEN: "Open for choices",
    State.CLOSED: "Close choices",
    State.SOLVED: "Run the placement",
    State.PUBLISHED: "Publish",
}


def allowed_transitions(round: PlacementRound) -> tuple[str, ...]:
    return TRANSITIONS[State(round.state)]


def _require_state(round: PlacementRound, *states: str, doing: str) -> None:
    if round.state not in states:
        allowed = " or ".join(str(State(s).label).lower() for s in states)
        raise ValidationError(
            f"You can {doing} only while the round is {allowed}; "
            f"it is {round.get_state_display().lower()}."
        )


def _log(by, round: PlacementRound, verb: str, summary: str, target=None):
    activity_record(
        actor=by, verb=verb, target=target or round, program=round.program, summary=summary
    )


# Creating a round and setting its places ----------------------------------------------------


@transaction.atomic
def round_create(
    *, program, cohort_year: int, deadline, by, name: str = "", optimal: str = "fellow"
) -> PlacementRound:
    """A draft round with every lab of the program at its usual capacity."""
    _require(by, "placement.manage_round", program)
    round = PlacementRound(
        program=program,
        cohort_year=cohort_year,
        deadline=deadline,
        name=(name or "").strip() or f"Placement of the {cohort_year} cohort",
        optimal=optimal,
    )
    round.full_clean()
    round.save()
    labs = Laboratory.objects.filter(institution__program=program)
    RoundLab.objects.bulk_create(
        RoundLab(round=round, laboratory=lab, places=lab.capacity) for lab in labs
    )
    _log(by, round, "placement_round.created", f"Placement round created: {round}")
    return round


@transaction.atomic
def round_places_save(*, round: PlacementRound, places: dict[int, int], by) -> None:
    """Set the places of the round's labs: {RoundLab id: places}."""
    _require(by, "placement.manage_round", round.program)
    _require_state(round, State.DRAFT, State.OPEN, doing="change the places")
    labs = {rl.pk: rl for rl in RoundLab.objects.filter(round=round, pk__in=list(places))}
    changed = []
    for pk, value in places.items():
        rl = labs.get(pk)
        if rl is None:
            raise ValidationError("That laboratory is not in this round.")
        if value is None or value < 0:
            raise ValidationError({"places": f"{rl.laboratory}: places must be 0 or more."})
        if rl.places != value:
            changed.append(f"{rl.laboratory} {rl.places}→{value}")
            rl.places = value
            rl.full_clean()
            rl.save(update_fields=["places"])
    if changed:
        _log(by, round, "placement_round.places", "Places changed: " + "; ".join(changed))


# The one transition function --------------------------------------------------------------


def round_transition(*, round: PlacementRound, to: str, by, **details) -> PlacementRound:
    """Move a round to state `to`: the only place a round's state changes.

    details: `optimal=` ("fellow" or "lab") when solving.
    Publishing emails every fellow and lab head once the transaction has committed.
    """
    round = WORKFLOW.take(round, to, by=by, **details)
    if round.state == State.PUBLISHED:
        _notify(round)
    return round


def _enter_open(round, by, **details):
    if not RoundLab.objects.filter(round=round, places__gt=0).exists():
        raise ValidationError("Give at least one laboratory a place before opening the round.")
    if not selectors.round_fellows(round).exists():
        raise ValidationError(f"The {round.cohort_year} cohort has no fellows to place.")
    if round.deadline < timezone.localdate():
        raise ValidationError({"deadline": "The deadline has passed: set a later one first."})
    return f"choices due {round.deadline:%b %d, %Y}"


def _enter_solved(round, by, *, optimal: str | None = None, **details):
    summary = selectors.round_summary(round)
    waiting = summary.labs_needing_ranking
    if waiting:
        names = ", ".join(str(row.round_lab.laboratory) for row in waiting)
        raise ValidationError(
            f"These laboratories have applicants but have not ranked them: {names}. "
            "Rank them by interest fit on the round's page first."
        )
    if optimal:
        round.optimal = PlacementRound.Optimal(optimal)
    data = selectors.round_data(round)
    instance = data.instance()
    placement = engine.solve(instance, round.optimal)
    Assignment.objects.filter(round=round).delete()
    Assignment.objects.bulk_create(
        Assignment(
            round=round,
            fellow_id=int(fellow_id),
            laboratory_id=int(lab_id) if lab_id else None,
            choice_rank=selectors.choice_rank(
                data, int(fellow_id), int(lab_id) if lab_id else None
            ),
        )
        for fellow_id, lab_id in placement.assignments.items()
    )
    round.solved_at = timezone.now()
    stats = engine.placement_stats(instance, placement.assignments)
    return f"{stats['placed']} of {stats['fellows']} fellows placed, {round.optimal} optimal"


def _enter_published(round, by, **details):
    """Each placed fellow gets the lab and its head as primary mentor."""
    placed = 0
    for a in selectors.assignments_for_publishing(round):
        if a.laboratory is None:
            continue
        fellow = a.fellow
        if fellow.laboratory_id != a.laboratory_id:
            fellow.laboratory = a.laboratory
            fellow_save(fellow=fellow, by=by)
        head = a.laboratory.head
        if head is not None:
            already = (
                Mentorship.objects.current_or_upcoming()
                .primary()
                .filter(fellow=fellow, faculty=head)
                .exists()
            )
            if not already:
                try:
                    mentorship_save(
                        mentorship=Mentorship(
                            fellow=fellow,
                            faculty=head,
                            kind=Mentorship.Kind.PRIMARY,
                            start=max(fellow.appointment_start, timezone.localdate()),
                        ),
                        by=by,
                    )
                except ValidationError as error:
                    raise ValidationError(f"{fellow}: {'; '.join(error.messages)}") from None
        placed += 1
    round.published_at = timezone.now()
    return f"{placed} fellows placed"


WORKFLOW = Workflow(
    model=PlacementRound,
    states=State,
    steps=TRANSITIONS,
    require=lambda by, round, to: _require(by, "placement.manage_round", round.program),
    log=_log,
    verb="placement_round",
    what="A round",
    unknown="a state of a round",
    related=("program",),
    enter={
        State.OPEN: _enter_open,
        State.SOLVED: _enter_solved,
        State.PUBLISHED: _enter_published,
    },
)


def _notify(round: PlacementRound) -> None:
    """Email each fellow their laboratory and each lab head their new fellows."""
    by_lab: dict = {}
    for a in selectors.assignments_for_publishing(round):
        fellow = a.fellow
        if a.laboratory:
            lab = a.laboratory
            by_lab.setdefault(lab.pk, (lab, []))[1].append(fellow)
            mentor = f" Your primary mentor is {lab.head.display_name}." if lab.head else ""
            body = (
                f"Dear {fellow.first_name},\n\n"
                f'The {round.program} placement round "{round}" has been published. '
                f"You are placed in the {lab.name} ({lab.institution}).{mentor}\n\n"
                "You can read how the placement was made on your placement page.\n"
            )
            subject = f"Your placement: {lab.name}"
        else:
            body = (
                f"Dear {fellow.first_name},\n\n"
                f'The {round.program} placement round "{round}" has been published. '
                "We could not place you in one of the laboratories you chose; the program "
                "director will contact you to find a laboratory with you.\n"
            )
            subject = "Your placement"
        send_after_commit(subject=subject, body=body, to=[fellow.email])
    for lab, fellows in by_lab.values():
        if lab.head is None or not lab.head.email:
            continue
        names = "\n".join(f"  - {f.full_name} <{f.email}>" for f in fellows)
        send_after_commit(
            subject=f"New fellows for the {lab.name}",
            body=f'Dear {lab.head.display_name},\n\nThe placement round "{round}" has been '
            f"published. The {lab.name} receives:\n{names}\n",
            to=[lab.head.email],
        )


# Fellows' choices and labs' rankings -----------------------------------------------------


def _require_open_for_rankings(round: PlacementRound, doing: str) -> None:
    _require_state(round, State.OPEN, doing=doing)
    if timezone.localdate() > round.deadline:
        raise ValidationError(f"The deadline ({round.deadline:%b %d, %Y}) has passed.")


def _require_in_round(round: PlacementRound, fellow: Fellow) -> None:
    if not selectors.round_fellows(round).filter(pk=fellow.pk).exists():
        raise ValidationError(f"{fellow} is not in the cohort this round places.")


@transaction.atomic
def preferences_save(*, round: PlacementRound, fellow: Fellow, lab_ids, by) -> list[Preference]:
    """Replace a fellow's choices with `lab_ids`, first choice first."""
    _require(by, "placement.rank_labs", fellow)
    _require_open_for_rankings(round, "change your choices")
    _require_in_round(round, fellow)
    lab_ids = [int(pk) for pk in lab_ids]
    if len(set(lab_ids)) != len(lab_ids):
        raise ValidationError({"choices": "Choose each laboratory only once."})
    open_labs = set(
        RoundLab.objects.filter(round=round, places__gt=0).values_list("laboratory_id", flat=True)
    )
    if any(pk not in open_labs for pk in lab_ids):
        raise ValidationError({"choices": "Choose only laboratories that take fellows this round."})
    Preference.objects.filter(round=round, fellow=fellow).delete()
    prefs = [
        Preference(round=round, fellow=fellow, laboratory_id=pk, rank=i)
        for i, pk in enumerate(lab_ids, start=1)
    ]
    for p in prefs:
        p.full_clean(validate_unique=False)
    Preference.objects.bulk_create(prefs)
    _log(by, round, "placement.preferences", f"{fellow} chose {len(prefs)} laboratories", fellow)
    return prefs


@transaction.atomic
def fellow_interests_save(*, round: PlacementRound, fellow: Fellow, research_interests, topics, by):
    """The fellow's interests and topics, edited on their ranking page."""
    _require(by, "placement.rank_labs", fellow)
    _require_state(round, State.OPEN, doing="change your interests here")
    return programs_services.fellow_interests_save(
        fellow=fellow, research_interests=research_interests, topics=topics, by=by
    )


@transaction.atomic
def lab_ranking_save(*, round: PlacementRound, lab, fellow_ids, by) -> list[LabRanking]:
    """Replace a lab's ranking of its applicants with `fellow_ids`, best first.

    A fellow left out is not acceptable to the lab.
    """
    _require(by, "placement.rank_fellows", lab)
    _require_open_for_rankings(round, "rank applicants")
    return _ranking_replace(round, lab, [int(pk) for pk in fellow_ids], by, by_interest_fit=False)


def _ranking_replace(round, lab, fellow_ids, by, *, by_interest_fit: bool):
    round_lab = RoundLab.objects.filter(round=round, laboratory=lab).first()
    if round_lab is None:
        raise ValidationError(f"{lab} is not in this round.")
    if len(set(fellow_ids)) != len(fellow_ids):
        raise ValidationError({"ranking": "Rank each fellow only once."})
    applicants = set(
        Preference.objects.filter(round=round, laboratory=lab).values_list("fellow_id", flat=True)
    )
    blocked = selectors.conflicted_pairs(round)
    names = dict(
        (f.pk, f.full_name)
        for f in Fellow.objects.filter(pk__in=fellow_ids).only(
            "first_name", "middle_name", "last_name"
        )
    )
    for pk in fellow_ids:
        if pk not in applicants:
            raise ValidationError(
                {"ranking": f"{names.get(pk, 'That fellow')} did not choose this laboratory."}
            )
        if (pk, lab.pk) in blocked:
            raise ValidationError(
                {"ranking": f"{names[pk]} cannot be placed here: a conflict of interest."}
            )
    LabRanking.objects.filter(round=round, laboratory=lab).delete()
    rows = [
        LabRanking(
            round=round,
            laboratory=lab,
            fellow_id=pk,
            rank=i,
            ranked_by=by if getattr(by, "is_authenticated", False) else None,
            by_interest_fit=by_interest_fit,
        )
        for i, pk in enumerate(fellow_ids, start=1)
    ]
    LabRanking.objects.bulk_create(rows)
    round_lab.ranked_at = timezone.now()
    round_lab.ranked_by = by if getattr(by, "is_authenticated", False) else None
    round_lab.ranked_by_interest_fit = by_interest_fit
    round_lab.save(update_fields=["ranked_at", "ranked_by", "ranked_by_interest_fit"])
    how = "by interest fit" if by_interest_fit else "by the lab"
    _log(by, round, "placement.lab_ranking", f"{lab} ranked {len(rows)} fellows {how}", round_lab)
    return rows


@transaction.atomic
def lab_rank_by_interest_fit(*, round: PlacementRound, lab, by) -> list[LabRanking]:
    """For a lab that did not rank: the program ranks its applicants by interest fit."""
    _require(by, "placement.manage_round", round.program)
    _require_state(round, State.CLOSED, doing="rank a laboratory by interest fit")
    round_lab = RoundLab.objects.filter(round=round, laboratory=lab).first()
    if round_lab and round_lab.ranked_at and not round_lab.ranked_by_interest_fit:
        raise ValidationError(f"{lab} has ranked its applicants itself.")
    blocked = selectors.conflicted_pairs(round)
    applicants = [
        p.fellow
        for p in Preference.objects.filter(round=round, laboratory=lab)
        .select_related("fellow")
        .prefetch_related("fellow__topics")
        .order_by("rank", "fellow__last_name")
        if (p.fellow_id, lab.pk) not in blocked
    ]
    labs = [
        rl.laboratory
        for rl in RoundLab.objects.filter(round=round)
        .select_related("laboratory")
        .prefetch_related("laboratory__topics")
    ]
    order = recommend.rank_by_fit(
        str(lab.pk),
        [selectors.fellow_document(f) for f in applicants],
        selectors.lab_documents(labs),
    )
    return _ranking_replace(round, lab, [int(pk) for pk, _ in order], by, by_interest_fit=True)


# Conflicts and overrides ------------------------------------------------------------------


@transaction.atomic
def conflict_record(*, round: PlacementRound, fellow, faculty, reason: str, by):
    """The fellow may not be placed with this faculty member: in any lab they head or join."""
    _require(by, "placement.record_conflict", round.program)
    _require_state(
        round, State.DRAFT, State.OPEN, State.CLOSED, doing="record a conflict of interest"
    )
    conflict = ConflictOfInterest(
        round=round,
        fellow=fellow,
        faculty=faculty,
        reason=(reason or "").strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    conflict.full_clean()
    conflict.save()
    _log(by, round, "placement.conflict", f"Conflict of interest recorded: {conflict}", conflict)
    return conflict


@transaction.atomic
def assignment_override(*, round: PlacementRound, fellow, lab, reason: str, by) -> Assignment:
    """Place one fellow by hand (lab None: not placed), with the reason written down."""
    _require(by, "placement.manage_round", round.program)
    _require_state(round, State.SOLVED, doing="change a placement")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why you change this placement."})
    assignment = Assignment.objects.select_for_update().filter(round=round, fellow=fellow).first()
    if assignment is None:
        raise ValidationError({"fellow": f"{fellow} has no placement in this round."})
    if lab is not None:
        round_lab = RoundLab.objects.filter(round=round, laboratory=lab).first()
        if round_lab is None:
            raise ValidationError({"laboratory": f"{lab} is not in this round."})
        if (fellow.pk, lab.pk) in selectors.conflicted_pairs(round):
            raise ValidationError(
                {"laboratory": f"{fellow} cannot go to {lab}: a conflict of interest."}
            )
        taken = (
            Assignment.objects.filter(round=round, laboratory=lab).exclude(fellow=fellow).count()
        )
        if taken >= round_lab.places:
            raise ValidationError(
                {
                    "laboratory": f"{lab} has no free place ({round_lab.places} taken). "
                    "Move one of its fellows first."
                }
            )
    before = assignment.laboratory
    assignment.laboratory = lab
    assignment.choice_rank = selectors.choice_rank(
        selectors.round_data(round), fellow.pk, lab.pk if lab else None
    )
    assignment.overridden = True
    assignment.override_reason = reason
    assignment.overridden_by = by if getattr(by, "is_authenticated", False) else None
    assignment.overridden_at = timezone.now()
    assignment.full_clean()
    assignment.save()
    _log(
        by,
        round,
        "placement.override",
        f"{fellow}: {before or 'not placed'} → {lab or 'not placed'}. Reason: {reason}",
        assignment,
    )
    return assignment
