"""Due dates of milestones, counted in training time from the appointment start. Pure Python.

"Due by month n" means: n calendar months after the start (July 1 + 3 months is due on
September 30), with every day of approved leave that begins on or before the due date
pushing it back a day. A leave across the due date pushes it by its whole length (the
fellow's clock stops on the leave's first day and runs again after its last), and a later
leave that the first push reaches pushes it again.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from fellowship.programs.clock import Period


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def push_by_leave(due: date, leaves: list[Period], start: date | None = None) -> date:
    """`due` moved back by each leave (on or after `start`) that begins on or before it."""
    for leave in sorted(leaves, key=lambda p: p.start):
        if start is not None and leave.end < start:
            continue
        if leave.start <= due:
            due += timedelta(days=(leave.end - leave.start).days + 1)
    return due


def due_after_months(start: date, months: int, leaves: list[Period]) -> date:
    nominal = add_months(start, months) - timedelta(days=1) if months else start
    return push_by_leave(nominal, leaves, start)


def last_due_date_before(end: date, due_dates: list[date]) -> date | None:
    """The last of `due_dates` on or before `end`."""
    earlier = [d for d in due_dates if d <= end]
    return max(earlier) if earlier else None


# Phases of the two years as bands on the timeline, in months after the start (overlapping).
PHASE_MONTHS = {
    "coursework": (0, 15),
    "mentorship": (0, 24),
    "thesis": (6, 24),
    "grant": (12, 24),
}


@dataclass(frozen=True)
class Axis:
    """Maps dates to x coordinates across `width` pixels (after a left margin)."""

    start: date
    end: date
    width: float
    left: float = 0

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(self.left + self.width * offset / span, 1)

    def years(self) -> list[tuple[float, str]]:
        """Ticks at each January 1 and July 1 within the axis."""
        ticks = []
        for year in range(self.start.year, self.end.year + 1):
            for month in (1, 7):
                day = date(year, month, 1)
                if self.start <= day <= self.end:
                    label = str(year) if month == 1 else f"Jul {year}"
                    ticks.append((self.x(day), label))
        return ticks
