"""What waits for whom in placement: a fellow's ranking of labs in an open round, a lab
head's ranking of applicants, the director's round to close or publish (placement.manage_round)."""

from datetime import date

from django.db.models import Count, Q

from fellowship.accounts.roles import Role, memberships
from fellowship.core.waiting import WaitingItem, program_url

from . import selectors
from .models import PlacementRound


def waiting_for(user, program, today: date) -> list[WaitingItem]:
    found = memberships(user)
    roles = found.roles.get(program.pk, set())
    items = []
    fellow_id = found.fellow_ids.get(program.pk)
    faculty_id = found.faculty_ids.get(program.pk)
    if Role.FELLOW in roles and fellow_id:
        items += _fellow_items(program, fellow_id, today)
    if Role.FACULTY in roles and faculty_id:
        items += _ranking_items(program, faculty_id, today)
    if Role.DIRECTOR in roles or user.is_superuser:
        items += _director_items(program, today)
    return items


def _fellow_items(program, fellow_id, today) -> list[WaitingItem]:
    """Open rounds of the fellow's cohort, with how many labs she ranked (1 query). Ranked
    or not, the choices stay open to changes until the deadline."""
    rounds = (
        selectors.rounds_for_fellow(program, fellow_id)
        .filter(state=PlacementRound.State.OPEN)
        .annotate(chosen=Count("preferences", filter=Q(preferences__fellow_id=fellow_id)))
    )
    items = []
    for r in rounds:
        if r.chosen:
            noun = "laboratory" if r.chosen == 1 else "laboratories"
            what = f"Check your laboratory ranking ({r.chosen} {noun} ranked; open to changes)"
        else:
            what = "Rank the laboratories you would like to join"
        url = program_url("placement:choices", program, pk=r.pk, fellow=fellow_id)
        items.append(WaitingItem(what, r.name, url, r.deadline, today))
    return items


def _ranking_items(program, faculty_id, today) -> list[WaitingItem]:
    """Labs of the faculty member in open rounds whose applicants nobody has ranked yet
    (or only by interest fit): 1 query."""
    labs = selectors.labs_of_faculty_in_rounds(program, faculty_id).filter(
        Q(ranked_at__isnull=True) | Q(ranked_by_interest_fit=True),
        round__state=PlacementRound.State.OPEN,
    )
    items = []
    for row in labs:
        applicants = row.applicants or 0
        noun = "applicant" if applicants == 1 else "applicants"
        url = program_url("placement:applicants", program, pk=row.round_id, lab=row.laboratory_id)
        what = f"Rank the {applicants} {noun} to the {row.laboratory.name}"
        items.append(WaitingItem(what, row.round.name, url, row.round.deadline, today))
    return items


def _director_items(program, today) -> list[WaitingItem]:
    """Rounds past their deadline that are still open, and solved rounds to publish: 1 query."""
    rounds = PlacementRound.objects.filter(program=program).filter(
        Q(state=PlacementRound.State.OPEN, deadline__lt=today)
        | Q(state=PlacementRound.State.SOLVED)
    )
    items = []
    for r in rounds:
        if r.state == PlacementRound.State.OPEN:
            what, due = "Close the placement round (its ranking deadline has passed)", r.deadline
        else:
            what, due = "Review and publish the placement result", None
        url = program_url("placement:round_detail", program, pk=r.pk)
        items.append(WaitingItem(what, r.name, url, due, today))
    return items
