"""Reads that the progress pages share; each costs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, Prefetch, Value, When

from fellowship.activity.models import ActivityEntry
from fellowship.programs.models import Fellow, Leave, Mentorship

from . import schedule
from .models import (
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    OrientationItem,
    Phase,
    ResearchPlan,
    ResearchPlanVersion,
)

PHASE_ORDER = [Phase.COURSEWORK, Phase.MENTORSHIP, Phase.THESIS, Phase.GRANT]


def _milestones():
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.select_related("template").order_by("due_date", "id"),
    )


def fellow_progress(program, pk):
    """One fellow with leaves, milestones, orientation and mentors (5 queries)."""
    return (
        Fellow.objects.filter(program=program, pk=pk)
        .select_related("program", "laboratory", "user")
        .prefetch_related(
            Prefetch("leaves", queryset=Leave.objects.order_by("start")),
            _milestones(),
            Prefetch(
                "orientation_items", queryset=OrientationItem.objects.select_related("confirmed_by")
            ),
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.select_related("faculty__user").order_by("kind"),
            ),
        )
        .first()
    )


def templates(program):
    """In the order a fellow meets them: by due month (the grant milestone, due by the
    appointment's end rather than a month, comes last), then phase, then name."""
    phase_rank = Case(
        *(When(phase=phase, then=Value(i)) for i, phase in enumerate(PHASE_ORDER)),
        default=Value(len(PHASE_ORDER)),
    )
    return (
        MilestoneTemplate.objects.filter(program=program)
        .annotate(phase_rank=phase_rank)
        .order_by(F("due_months").asc(nulls_last=True), "phase_rank", "name")
    )


def plan_of(fellow):
    """The fellow's plan with its versions, or None (2 queries)."""
    return (
        ResearchPlan.objects.filter(fellow=fellow)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ResearchPlanVersion.objects.select_related("written_by", "reviewed_by"),
            )
        )
        .first()
    )


def idps_of(fellow):
    return list(
        DevelopmentPlan.objects.filter(fellow=fellow)
        .select_related("signed_by")
        .prefetch_related("goals")
        .order_by("-year")
    )


def log_of(target, limit=30):
    return (
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(type(target)), target_id=target.pk
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


# Pictures --------------------------------------------------------------------------------


@dataclass
class Dot:
    x: float
    y: float
    status: str
    label: str
    late: bool = False


@dataclass
class Picture:
    width: int
    height: int
    bands: list = field(default_factory=list)  # (x, y, width, height, phase, label)
    leaves: list = field(default_factory=list)  # (x, width, label)
    dots: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (x, label)
    today_x: float | None = None
    end_x: float | None = None


# Dot radii and the cohort row height in SVG units, as progress/timeline.html and
# progress/cohort.html draw them.
PICTURE_DOT, COHORT_DOT, COHORT_ROW = 6, 4.5, 24
# Drawn in this order, so that what needs attention is on top.
DRAW_ORDER = {"done": 0, "upcoming": 1, "due": 2, "overdue": 3}


def stack_dots(dots: list, radius: float, room: float) -> list:
    """Dots closer than a diameter would hide each other: spread each such group up and
    down (at most `room` px either side of the row's middle) and draw the overdue ones
    last, so that every overdue milestone stays visible."""
    groups = []
    for dot in sorted(dots, key=lambda d: d.x):
        if groups and dot.x - groups[-1][-1].x < 2 * radius:
            groups[-1].append(dot)
        else:
            groups.append([dot])
    for group in groups:
        if len(group) > 1:
            step = min(2 * radius, 2 * room / (len(group) - 1))
            for i, dot in enumerate(group):
                dot.y = round(dot.y + (i - (len(group) - 1) / 2) * step, 1)
    return sorted(dots, key=lambda d: (DRAW_ORDER.get(d.status, 0), d.x))


def _leaves(fellow):
    return [leave for leave in fellow.leaves.all()]


def fellow_picture(fellow, today: date, width: int = 960) -> Picture:
    """Phases as overlapping bands, milestones as points, leave shaded, today marked."""
    milestones = list(fellow.milestones.all())
    last = max([fellow.appointment_end] + [m.due_date for m in milestones])
    axis = schedule.Axis(fellow.appointment_start, last + timedelta(days=10), width - 170, 160)
    row, top = 30, 16
    picture = Picture(width=width, height=top + row * len(PHASE_ORDER) + 34)
    for i, phase in enumerate(PHASE_ORDER):
        begin, end = schedule.PHASE_MONTHS[phase]
        x1 = axis.x(schedule.add_months(fellow.appointment_start, begin))
        x2 = axis.x(
            schedule.push_by_leave(
                schedule.add_months(fellow.appointment_start, end),
                [_period(leave) for leave in _leaves(fellow)],
            )
        )
        picture.bands.append(
            (x1, top + i * row + 4, round(x2 - x1, 1), row - 8, phase, phase.label)
        )
        dots = [
            Dot(
                axis.x(m.due_date),
                top + i * row + row / 2,
                m.status_on(today),
                _dot_label(m, today),
                m.late,
            )
            for m in milestones
            if m.template.phase == phase
        ]
        picture.dots += stack_dots(dots, radius=PICTURE_DOT, room=row / 2 - PICTURE_DOT)
    for leave in _leaves(fellow):
        x1, x2 = axis.x(leave.start), axis.x(leave.end + timedelta(days=1))
        picture.leaves.append((x1, max(round(x2 - x1, 1), 2), leave_label(leave)))
    picture.ticks = axis.years()
    if axis.start <= today <= axis.end:
        picture.today_x = axis.x(today)
    picture.end_x = axis.x(fellow.appointment_end)
    return picture


def leave_label(leave) -> str:
    """When, not why: the kind of leave (medical, family ...) is private to the fellow and
    the staff, and the pictures are shown to mentors too."""
    return f"Leave, {leave.start:%b %-d} to {leave.end:%b %-d, %Y} ({leave.days} days)"


def _period(leave):
    from fellowship.programs.clock import Period

    return Period(leave.start, leave.end)


def _dot_label(m, today):
    if m.done_on:
        late = " (late)" if m.late else ""
        return f"{m.template.name}: done {m.done_on:%b %-d, %Y}{late}"
    return f"{m.template.name}: {m.status_on(today).label.lower()}, due {m.due_date:%b %-d, %Y}"


# The cohort view -------------------------------------------------------------------------


@dataclass
class CohortRow:
    fellow: Fellow
    days_behind: int
    overdue: list
    next_due: Milestone | None
    done: int
    total: int
    bar: tuple  # (x, width)
    leaves: list
    dots: list


SORTS = {
    "behind": lambda r: (-r.days_behind, -len(r.overdue), r.fellow.last_name),
    "name": lambda r: (r.fellow.last_name, r.fellow.first_name),
    "start": lambda r: (r.fellow.appointment_start, r.fellow.last_name),
    "next": lambda r: (r.next_due.due_date if r.next_due else date.max, r.fellow.last_name),
}


def cohort_fellows(program, fellow_ids=None):
    """Current fellows with leaves and milestones (3 queries)."""
    qs = (
        Fellow.objects.for_program(program)
        .current()
        .prefetch_related(
            Prefetch("leaves", queryset=Leave.objects.order_by("start")), _milestones()
        )
        .order_by("last_name", "first_name")
    )
    if fellow_ids is not None:
        qs = qs.filter(pk__in=fellow_ids)
    return list(qs)


def cohort(program, today: date, *, fellow_ids=None, sort="behind", width=560):
    """One row per fellow on the same time axis, sorted (by default) by how far behind."""
    fellows = cohort_fellows(program, fellow_ids)
    if not fellows:
        return [], None
    start = min(f.appointment_start for f in fellows)
    end = max(
        [f.appointment_end for f in fellows]
        + [m.due_date for f in fellows for m in f.milestones.all()]
    )
    # 25 px each side so that the first and last year labels are not cut off.
    axis = schedule.Axis(start, end + timedelta(days=10), width - 50, 25)
    rows = []
    for fellow in fellows:
        milestones = list(fellow.milestones.all())
        overdue = [m for m in milestones if m.status_on(today) == Milestone.Status.OVERDUE]
        upcoming = [m for m in milestones if not m.done_on and m.due_date >= today]
        x1, x2 = axis.x(fellow.appointment_start), axis.x(fellow.appointment_end)
        rows.append(
            CohortRow(
                fellow=fellow,
                days_behind=max([(today - m.due_date).days for m in overdue], default=0),
                overdue=overdue,
                next_due=upcoming[0] if upcoming else None,
                done=sum(1 for m in milestones if m.done_on),
                total=len(milestones),
                bar=(x1, round(x2 - x1, 1)),
                leaves=[
                    (
                        axis.x(x.start),
                        max(round(axis.x(x.end) - axis.x(x.start), 1), 2),
                        leave_label(x),
                    )
                    for x in fellow.leaves.all()
                ],
                dots=stack_dots(
                    [
                        Dot(
                            axis.x(m.due_date),
                            COHORT_ROW / 2,
                            m.status_on(today),
                            _dot_label(m, today),
                            m.late,
                        )
                        for m in milestones
                    ],
                    radius=COHORT_DOT,
                    room=COHORT_ROW / 2 - COHORT_DOT - 0.5,
                ),
            )
        )
    rows.sort(key=SORTS.get(sort, SORTS["behind"]))
    header = Picture(width=width, height=22, ticks=axis.years())
    if axis.start <= today <= axis.end:
        header.today_x = axis.x(today)
    return rows, header
