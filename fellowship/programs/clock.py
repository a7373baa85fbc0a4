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
