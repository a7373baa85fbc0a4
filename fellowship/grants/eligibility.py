"""A fellow's K99 window, from their records, through the pure `nih_calendar`.

The postdoctoral start (where the K99 clock starts) is the fellow's grant profile's
`postdoc_start` when the staff have recorded it; otherwise it is estimated as the
appointment start less `prior_research_months` months of the training clock
(months x 365.25/12 days, rounded to whole days), so that the clock shows exactly the
prior months on the first day of the appointment. Approved leave is the fellow's
programs.Leave rows (a leave before the postdoctoral start is ignored, one that straddles
it counts from the start).

Callers pass fellows with `leaves` prefetched and `grant_profile` selected, so that a
list of fellows costs no query per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist

from fellowship.programs.clock import DAYS_PER_MONTH, Period

from . import nih_calendar

K99 = "K99"


@dataclass(frozen=True)
class Window:
    fellow: object
    postdoc_start: date
    estimated: bool  # True: from the appointment and prior months; False: recorded
    eligibility: nih_calendar.Eligibility

    @property
    def remaining(self) -> tuple[date, ...]:
        """Remaining new and resubmission due dates, in order."""
        e = self.eligibility
        return tuple(
            sorted(
                set(e.remaining_due_dates.get("new", ()))
                | set(e.remaining_due_dates.get("resubmission", ()))
            )
        )

    @property
    def remaining_new(self):
        return self.eligibility.remaining_due_dates.get("new", ())

    @property
    def remaining_resubmission(self):
        return self.eligibility.remaining_due_dates.get("resubmission", ())

    @property
    def last_due_date(self) -> date | None:
        dates = [
            d
            for kind in ("new", "resubmission")
            if (d := self.eligibility.last_due_dates.get(kind)) is not None
        ]
        return max(dates) if dates else None

    @property
    def months(self) -> float:
        return self.eligibility.months_of_experience

    @property
    def urgency(self) -> tuple:
        """Sort key: fewest remaining due dates, then the nearest last one."""
        return (len(self.remaining), self.last_due_date or date.min, self.fellow.sort_name)


def profile_of(fellow):
    try:
        return fellow.grant_profile
    except ObjectDoesNotExist:
        return None


def postdoc_start_of(fellow) -> tuple[date, bool]:
    """(postdoctoral start, estimated?) of the fellow."""
    profile = profile_of(fellow)
    if profile is not None and profile.postdoc_start:
        return profile.postdoc_start, False
    months = fellow.prior_research_months or 0
    return fellow.appointment_start - timedelta(days=round(months * DAYS_PER_MONTH)), True


def leaves_of(fellow, postdoc_start: date) -> list[Period]:
    periods = []
    for leave in fellow.leaves.all():
        if leave.end < postdoc_start:
            continue
        periods.append(Period(max(leave.start, postdoc_start), leave.end))
    return sorted(periods, key=lambda p: p.start)


def window_of(fellow, today: date, mechanism: str = K99) -> Window:
    start, estimated = postdoc_start_of(fellow)
    mech = nih_calendar.find_mechanism(mechanism)
    result = nih_calendar.eligibility(mech, start, today, leaves_of(fellow, start))
    return Window(fellow=fellow, postdoc_start=start, estimated=estimated, eligibility=result)


def past_window_on(fellow, mechanism: str, day: date) -> Window | None:
    """The fellow's window when `day` is after their last eligible day for a mechanism
    with an experience limit; else None."""
    mech = nih_calendar.find_mechanism(mechanism)
    if mech.eligibility is None:
        return None
    window = window_of(fellow, day, mech.code)
    return window if day > window.eligibility.last_eligible_day else None


def due_date_options(mechanism: str, kind: str, today: date, months: int = 30) -> list[date]:
    """The mechanism's due dates of `kind` from today on, for the due-date choice."""
    mech = nih_calendar.find_mechanism(mechanism)
    if kind not in mech.kinds:
        return []
    return nih_calendar.due_dates(mech, kind, today, today + timedelta(days=months * 31))


# The picture of the window on the fellow's timeline ------------------------------------


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    start_label: str
    end_label: str
    limit_x: float
    window_width: float
    today_x: float | None
    leaves: list  # (x, width, label)
    ticks: list  # (x, kind, label)
    years: list  # (x, label)


def timeline(window: Window, today: date, width: int = 640) -> Timeline:
    """Coordinates for an inline SVG: postdoctoral start -> a little past the limit."""
    e = window.eligibility
    start = window.postdoc_start
    end = max(e.last_eligible_day, today) + timedelta(days=120)
    span = max((end - start).days, 1)
    left, right = 10, width - 10

    def x(day: date) -> float:
        return round(left + (right - left) * (day - start).days / span, 1)

    leaves = [
        (
            x(p.start),
            max(x(p.end) - x(p.start), 2),
            f"Leave {p.start:%b %-d, %Y}–{p.end:%b %-d, %Y}",
        )
        for p in e.leaves
    ]
    ticks = [
        (x(d), kind, f"{'Resubmission' if kind == 'resubmission' else 'New'} due {d:%b %-d, %Y}")
        for kind in ("new", "resubmission")
        for d in e.remaining_due_dates.get(kind, ())
    ]
    years = [
        (x(date(year, 1, 1)), str(year))
        for year in range(start.year + 1, end.year + 1)
        if start < date(year, 1, 1) < end
    ]
    return Timeline(
        width=width,
        height=70,
        start_label=f"{start:%b %Y}",
        end_label=f"{e.last_eligible_day:%b %-d, %Y}",
        limit_x=x(e.last_eligible_day),
        window_width=max(x(e.last_eligible_day) - left, 0),
        today_x=x(today) if start <= today <= end else None,
        leaves=leaves,
        ticks=ticks,
        years=years,
    )
