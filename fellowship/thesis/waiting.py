"""What waits for whom in the thesis workflow, read from the STEPS table only: a step's
`waits_on` says whose panel shows it when it is the thesis's next step ("fellow",
"committee", "director"); a committee member also has a defense date to confirm and an
outcome to sign off. Each source costs a fixed number of queries, whatever the theses.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from fellowship.accounts.roles import Role, memberships
from fellowship.core.waiting import WaitingItem, program_url

from . import selectors, workflow
from .models import Thesis


def _states_waiting_on(who: str) -> dict[str, workflow.Step]:
    """state -> its first forward step, where that step waits on `who`."""
    first = {
        state: next((s for s in steps if not s.aside), None)
        for state, steps in workflow.STEPS.items()
    }
    return {state: s for state, s in first.items() if s is not None and s.waits_on == who}


@dataclass
class Committee:
    """A thesis the faculty member sits on, its next step in words, and whether it is theirs."""

    thesis: Thesis
    seat: object  # CommitteeMember
    next_step: str
    mine: bool


def waiting_for(user, program, today: date) -> list[WaitingItem]:
    return with_committees(user, program, today)[0]


def with_committees(user, program, today: date) -> tuple[list[WaitingItem], list | None]:
    """The user's items and, for faculty, the committees they sit on (the panel shows both)."""
    found = memberships(user)
    roles = found.roles.get(program.pk, set())
    items, committees = [], None
    fellow_id = found.fellow_ids.get(program.pk)
    faculty_id = found.faculty_ids.get(program.pk)
    if Role.FELLOW in roles and fellow_id:
        items += _waiting_on("fellow", program, today, fellow_id=fellow_id)
    if Role.FACULTY in roles and faculty_id:
        committees, mine = committees_of(user, program, faculty_id, today)
        items += mine
    if Role.DIRECTOR in roles or user.is_superuser:
        items += _waiting_on("director", program, today)
    return items, committees


def _waiting_on(who, program, today, fellow_id=None) -> list[WaitingItem]:
    """Theses whose next step is `who`'s (the fellow's own, or every one for the director):
    1 query."""
    steps = _states_waiting_on(who)
    theses = Thesis.objects.filter(fellow__program=program, state__in=list(steps))
    if fellow_id is not None:
        theses = theses.filter(fellow_id=fellow_id)
    return [
        WaitingItem(
            steps[t.state].waiting or steps[t.state].action,
            "" if fellow_id is not None else t.fellow.full_name,
            program_url("thesis:detail", program, fellow=t.fellow_id),
            None,
            today,
        )
        for t in theses.select_related("fellow")
    ]


def committees_of(user, program, faculty_id, today):
    """([Committee], [WaitingItem]): the theses the faculty member sits on (or mentors the
    fellow of), and the steps of them that wait for this member: a committee step their
    seat lets them take, a defense date to confirm, an outcome to sign off."""
    committees, items = [], []
    for thesis in selectors.theses_for_member(program, faculty_id):
        seat = next((m for m in thesis.committee.all() if m.faculty_id == faculty_id), None)
        fellow = thesis.fellow
        url = program_url("thesis:detail", program, fellow=fellow.pk)
        mine, next_step = [], ""
        steps = workflow.steps_for(thesis)
        if steps:
            step = steps[0]
            next_step = f"{step.action}: {step.who}"
            # Only steps of a committee role: the blocker of another's step (committee
            # rules) would cost queries, and says nothing this member can do.
            if step.waits_on == "committee" and user.has_perm(step.permission, thesis):
                blocker = workflow.step_blocker(thesis, step)
                defense_on = _defense_day(thesis)
                if not blocker:
                    mine.append(WaitingItem(step.action, fellow.full_name, url, None, today))
                elif blocker.startswith("The defense is on") and defense_on:
                    # The chair's next step, on a known day: hold the defense, then record.
                    what = "Chair the defense, then record its outcome"
                    mine.append(
                        WaitingItem(what, fellow.full_name, url, defense_on, today, on_the_day=True)
                    )
                    next_step = f"{step.action}: you, after the defense"
                else:
                    next_step = f"{step.action}: waiting — {blocker}"
        mine += _seat_items(thesis, seat, fellow.full_name, url, today)
        if seat is not None:
            if not next_step:
                next_step = "Nothing: complete" if thesis.state == Thesis.State.COMPLETE else "—"
            committees.append(Committee(thesis, seat, next_step, bool(mine)))
        items += mine
    return committees, items


def _defense_day(thesis):
    defense = workflow.latest_defense(thesis)
    return timezone.localtime(defense.starts_at).date() if defense else None


def _seat_items(thesis, seat, for_whom, url, today) -> list[WaitingItem]:
    """A defense date this member has not confirmed, an outcome not signed off."""
    defense = workflow.latest_defense(thesis)
    if seat is None or defense is None:
        return []
    mine = [m for m in defense.members.all() if m.member_id == seat.pk]
    if not mine:
        return []
    if not defense.outcome and not mine[0].confirmed_at:
        day = timezone.localtime(defense.starts_at).date()
        return [WaitingItem("Confirm the defense date", for_whom, url, day, today)]
    if defense.outcome and not mine[0].signed_off_at:
        return [WaitingItem("Sign off the defense outcome", for_whom, url, None, today)]
    return []
