"""A fellow's training clock: time in the program, not counting approved leave. Pure Python."""

from dataclasses import dataclass
from datetime import date

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


def days_between(start: date, end: date, leaves: list[Period]) -> int:
    """Days from `start` up to and including `end`, less the days of leave in that span."""
    if end < start:
        return 0
    total = (end - start).days + 1
    for leave in leaves:
        overlap_start = max(start, leave.start)
        overlap_end = min(end, leave.end)
        if overlap_end >= overlap_start:
            total -= (overlap_end - overlap_start).days + 1
    return total


def months_of_training(start: date, as_of: date, leaves: list[Period]) -> float:
    """Months in training from `start` to `as_of` (inclusive), approved leave excluded."""
    return round(days_between(start, as_of, leaves) / DAYS_PER_MONTH, 1)


def exact_months_of_training(start: date, as_of: date, leaves: list[Period]) -> float:
    """`months_of_training` without the rounding: days (leave excluded) / DAYS_PER_MONTH."""
    return days_between(start, as_of, leaves) / DAYS_PER_MONTH


def leave_days_between(start: date, end: date, leaves: list[Period]) -> int:
    """Days of leave from `start` up to and including `end` (leaves must not overlap)."""
    if end < start:
        return 0
    return (end - start).days + 1 - days_between(start, end, leaves)


def last_day_within(start: date, days: int, leaves: list[Period]) -> date:
    """The last date on which `days_between(start, that date, leaves)` is still <= `days`.

    Leave extends it day for day; a leave that begins the day after the limit is reached
    carries it to the leave's last day. `days` < 1 gives the day before `start`.
    """
    if days < 1:
        return date.fromordinal(start.toordinal() - 1)
    # days_between never decreases as the end moves on, so bisect for the first date past
    # the limit; it lies at most `days` + (leave days) after the start.
    span = days + sum((leave.end - leave.start).days + 1 for leave in leaves)
    low, high = start.toordinal(), start.toordinal() + span  # limit reached by low, past high
    while low < high:
        middle = (low + high + 1) // 2
        if days_between(start, date.fromordinal(middle), leaves) <= days:
            low = middle
        else:
            high = middle - 1
    return date.fromordinal(low)
