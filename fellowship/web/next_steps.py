"""What waits for the signed-in person in one program: the "Waiting for you" panel.

Each role's items come from the app that owns them, through its public selectors and
services (progress, placement, thesis); where an app has no selector for the question this
module writes the query itself, marked "no selector". Every source costs a fixed number of
queries, whatever the number of fellows, mentees, rounds or theses.

An item is one line: what to do, for whom, by when, and the page where it is done.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from fellowship.accounts.roles import Role, memberships
from fellowship.grants import selectors as grants_selectors
from fellowship.placement import selectors as placement_selectors
from fellowship.placement.models import PlacementRound
from fellowship.programs.models import Fellow, Mentorship
from fellowship.progress.models import DevelopmentPlan, Milestone, ResearchPlan
from fellowship.thesis import selectors as thesis_selectors
from fellowship.thesis import services as thesis_services
from fellowship.thesis.models import Thesis

# A K99 window shows on the staff's panel when its last due date is this close and the
# fellow has no application aimed at a date still to come.
WINDOW_CLOSING_DAYS = 365
# A milestone shows on the fellow's panel this many days before it is due (as in the
# progress app's own "due soon").
SOON_DAYS = Milestone.DUE_SOON_DAYS
# Thesis steps a faculty member takes only in a committee role or as the director; steps
# that "the fellow or the mentor" may take stay with the fellow, so a mentor's panel does
# not fill up with the fellow's own work.
FACULTY_THESIS_PERMISSIONS = {
    "thesis.review_proposal",
    "thesis.schedule_defense",
    "thesis.record_outcome",
    "thesis.accept_revisions",
}
# The director's own thesis steps (committee approval, completion).
DIRECTOR_THESIS_STATES = {
    Thesis.State.COMMITTEE_PROPOSED: "Approve the thesis committee",
    Thesis.State.FINAL_SUBMITTED: "Mark the thesis complete",
}


@dataclass(frozen=True)
class NextStep:
    what: str
    for_whom: str  # the fellow (or round) it concerns; "" when it is the reader's own
    url: str
    due: date | None = None
    today: date | None = None
    on_the_day: bool = False  # `due` is the day of an event (a defense), not a deadline

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today

    @property
    def sort_key(self):
        return (self.due is None, self.due or date.max, self.what, self.for_whom)


@dataclass
class Panel:
    """The panel's items, most urgent first, and the faculty member's committees."""

    items: list[NextStep]
    committees: list | None = None  # [Committee] for faculty

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)


def next_steps(user, program, today: date | None = None) -> Panel:
    """Everything waiting for `user` in `program` today."""
    today = today or timezone.localdate()
    found = memberships(user)
    roles = found.roles.get(program.pk, set())
    items: list[NextStep] = []
    committees = None
    fellow_id = found.fellow_ids.get(program.pk)
    faculty_id = found.faculty_ids.get(program.pk)
    if Role.FELLOW in roles and fellow_id:
        items += _fellow_items(program, fellow_id, today)
    if Role.FACULTY in roles and faculty_id:
        items += _mentor_items(user, program, found.mentee_ids, today)
        items += _ranking_items(program, faculty_id, today)
        committees, thesis_items = _committee_items(user, program, faculty_id, today)
        items += thesis_items
    if Role.DIRECTOR in roles or user.is_superuser:
        items += _director_items(program, today)
    if roles & {Role.DIRECTOR, Role.COORDINATOR} or user.is_superuser:
        items += _grant_window_items(program, today)
    # One line per thing to do, even when two roles lead to it (a director who chairs).
    unique = {(i.what, i.for_whom, i.url): i for i in items}
    return Panel(sorted(unique.values(), key=lambda i: i.sort_key), committees)


def _url(name, program, **kwargs):
    return reverse(name, kwargs={"program": program.slug, **kwargs})


# The fellow --------------------------------------------------------------------------------


def _fellow_items(program, fellow_id, today) -> list[NextStep]:
    items = []
    # No selector for "my open milestones": 1 query.
    milestones = Milestone.objects.filter(
        fellow_id=fellow_id,
        fellow__status__in=Fellow.CURRENT,  # an alumnus has nothing due
        done_on__isnull=True,
        due_date__lte=today + timedelta(days=SOON_DAYS),
    ).select_related("template")
    timeline = _url("progress:timeline", program, pk=fellow_id)
    for m in milestones:
        items.append(NextStep(m.template.name, "", timeline, m.due_date, today))
    # No selector for "my plan, if it came back": 1 query.
    if ResearchPlan.objects.filter(
        fellow_id=fellow_id, state=ResearchPlan.State.CHANGES_REQUESTED
    ).exists():
        items.append(
            NextStep(
                "Revise your research plan (your mentor asked for changes)",
                "",
                _url("progress:plan", program, pk=fellow_id),
                None,
                today,
            )
        )
    # Open placement rounds of the fellow's cohort, with how many labs she ranked: 2 queries.
    # Ranked or not, the choices stay open to changes until the deadline.
    rounds = (
        placement_selectors.rounds_for_fellow(program, fellow_id)
        .filter(state=PlacementRound.State.OPEN)
        .annotate(chosen=Count("preferences", filter=Q(preferences__fellow_id=fellow_id)))
    )
    for r in rounds:
        if r.chosen:
            noun = "laboratory" if r.chosen == 1 else "laboratories"
            what = f"Check your laboratory ranking ({r.chosen} {noun} ranked; open to changes)"
        else:
            what = "Rank the laboratories you would like to join"
        items.append(
            NextStep(
                what,
                r.name,
                _url("placement:choices", program, pk=r.pk, fellow=fellow_id),
                r.deadline,
                today,
            )
        )
    # No selector for "my thesis, when the next step is mine": 1 query.
    thesis = Thesis.objects.filter(
        fellow_id=fellow_id, state=Thesis.State.COMMITTEE_APPROVED
    ).first()
    if thesis is not None:
        items.append(
            NextStep(
                "Submit your thesis proposal to your committee chair",
                "",
                _url("thesis:detail", program, fellow=fellow_id),
                None,
                today,
            )
        )
    return items


# The faculty member ------------------------------------------------------------------------


def _mentor_items(user, program, mentee_ids, today) -> list[NextStep]:
    if not mentee_ids:
        return []
    items = []
    # No selector for "IDPs waiting for a mentor": 1 query. Any current mentor signs off.
    idps = DevelopmentPlan.objects.filter(
        fellow_id__in=mentee_ids,
        fellow__program=program,
        state=DevelopmentPlan.State.SUBMITTED,
    ).select_related("fellow")
    for idp in idps:
        items.append(
            NextStep(
                f"Sign off the Year {idp.year} IDP",
                idp.fellow.full_name,
                _url("progress:idp", program, pk=idp.fellow_id),
                None,
                today,
            )
        )
    # No selector for "plans waiting for their primary mentor": 1 query. Only the current
    # primary mentor reviews (progress.review_plan).
    primary = (
        Mentorship.objects.current(on=today)
        .primary()
        .filter(fellow=OuterRef("fellow"), faculty__user=user)
    )
    plans = (
        ResearchPlan.objects.filter(
            fellow_id__in=mentee_ids,
            fellow__program=program,
            state=ResearchPlan.State.SUBMITTED,
        )
        .filter(Exists(primary))
        .select_related("fellow")
    )
    for plan in plans:
        items.append(
            NextStep(
                "Review the research plan",
                plan.fellow.full_name,
                _url("progress:plan", program, pk=plan.fellow_id),
                None,
                today,
            )
        )
    return items


def _ranking_items(program, faculty_id, today) -> list[NextStep]:
    """Labs of the faculty member in open rounds whose applicants nobody has ranked yet
    (or only by interest fit): 1 query."""
    labs = placement_selectors.labs_of_faculty_in_rounds(program, faculty_id).filter(
        Q(ranked_at__isnull=True) | Q(ranked_by_interest_fit=True),
        round__state=PlacementRound.State.OPEN,
    )
    items = []
    for row in labs:
        applicants = row.applicants or 0
        noun = "applicant" if applicants == 1 else "applicants"
        items.append(
            NextStep(
                f"Rank the {applicants} {noun} to the {row.laboratory.name}",
                row.round.name,
                _url("placement:applicants", program, pk=row.round_id, lab=row.laboratory_id),
                row.round.deadline,
                today,
            )
        )
    return items


@dataclass
class Committee:
    """A thesis the faculty member sits on, its next step in words, and whether it is theirs."""

    thesis: Thesis
    seat: object  # CommitteeMember
    next_step: str
    mine: bool


def _committee_items(user, program, faculty_id, today):
    """The theses the faculty member sits on (or mentors the fellow of), and the steps of
    them that wait for this member: a committee chair's step, a defense date to confirm,
    an outcome to sign off (thesis selectors and services, a fixed number of queries)."""
    theses = thesis_selectors.theses_for_member(program, faculty_id)
    committees, items = [], []
    for thesis in theses:
        seat = next((m for m in thesis.committee.all() if m.faculty_id == faculty_id), None)
        fellow = thesis.fellow
        url = _url("thesis:detail", program, fellow=fellow.pk)
        mine, next_step = [], ""
        steps = thesis_services.steps_for(thesis)
        if steps:
            step = steps[0]
            next_step = f"{step.action}: {step.who}"
            # Only steps of a committee role: the blocker of another's step (committee
            # rules) would cost queries, and says nothing this member can do.
            if step.permission in FACULTY_THESIS_PERMISSIONS and user.has_perm(
                step.permission, thesis
            ):
                blocker = thesis_services.step_blocker(thesis, step)
                defense_on = _defense_day(thesis)
                if not blocker:
                    mine.append(NextStep(step.action, fellow.full_name, url, None, today))
                elif blocker.startswith("The defense is on") and defense_on:
                    # The chair's next step, on a known day: hold the defense, then record.
                    what = "Chair the defense, then record its outcome"
                    mine.append(
                        NextStep(what, fellow.full_name, url, defense_on, today, on_the_day=True)
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
    defense = thesis_services.latest_defense(thesis)
    return timezone.localtime(defense.starts_at).date() if defense else None


def _seat_items(thesis, seat, for_whom, url, today) -> list[NextStep]:
    """A defense date this member has not confirmed, an outcome not signed off."""
    defense = thesis_services.latest_defense(thesis)
    if seat is None or defense is None:
        return []
    mine = [m for m in defense.members.all() if m.member_id == seat.pk]
    if not mine:
        return []
    if not defense.outcome and not mine[0].confirmed_at:
        day = timezone.localtime(defense.starts_at).date()
        return [NextStep("Confirm the defense date", for_whom, url, day, today)]
    if defense.outcome and not mine[0].signed_off_at:
        return [NextStep("Sign off the defense outcome", for_whom, url, None, today)]
    return []


# The director ------------------------------------------------------------------------------


def _director_items(program, today) -> list[NextStep]:
    items = []
    # No selector for "theses waiting for the director": 1 query.
    theses = Thesis.objects.filter(
        fellow__program=program, state__in=list(DIRECTOR_THESIS_STATES)
    ).select_related("fellow")
    for thesis in theses:
        items.append(
            NextStep(
                DIRECTOR_THESIS_STATES[thesis.state],
                thesis.fellow.full_name,
                _url("thesis:detail", program, fellow=thesis.fellow_id),
                None,
                today,
            )
        )
    # Placement rounds past their deadline that are still open, and solved rounds to
    # publish (placement.manage_round): 1 query.
    rounds = PlacementRound.objects.filter(program=program).filter(
        Q(state=PlacementRound.State.OPEN, deadline__lt=today)
        | Q(state=PlacementRound.State.SOLVED)
    )
    for r in rounds:
        if r.state == PlacementRound.State.OPEN:
            what = "Close the placement round (its ranking deadline has passed)"
            due = r.deadline
        else:
            what = "Review and publish the placement result"
            due = None
        items.append(
            NextStep(what, r.name, _url("placement:round_detail", program, pk=r.pk), due, today)
        )
    return items


def _grant_window_items(program, today) -> list[NextStep]:
    """Current fellows whose K99 eligibility closes within a year with no application in
    the works (grants selectors: 3 queries)."""
    items = []
    url = _url("grants:windows", program)
    for window in grants_selectors.windows(program, today):
        remaining = window.remaining
        if not remaining or (remaining[-1] - today).days > WINDOW_CLOSING_DAYS:
            continue
        if any(a.target_due_date >= today for a in window.fellow.applications):
            continue
        n = len(remaining)
        what = f"No K99 application planned; the eligibility window closes ({n} due dates left)"
        if n == 1:
            what = "No K99 application planned; the last due date of the eligibility window"
        items.append(NextStep(what, window.fellow.full_name, url, remaining[-1], today))
    return items
