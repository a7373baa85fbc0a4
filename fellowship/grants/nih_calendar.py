"""NIH standard due dates and the K99/R00 eligibility clock. Pure Python: no Django.

Due dates
    Each mechanism (K99, K08, F32, R01 ...) is data in the packaged `mechanisms.toml`: the
    month and day of its standard due dates for each kind of application (new,
    resubmission, aids). A standard date that falls on a Saturday, a Sunday or a US federal
    holiday (as the `holidays` package computes them, observed days and Juneteenth
    included) moves to the next business day, as NIH's policy says.

Eligibility (K99/R00: at most 48 months of postdoctoral research experience)
    days of experience = calendar days from the postdoctoral start up to and including
                         the date in question, less the days of approved leave in that span;
    months             = days / (365.25 / 12)   (the training clock, programs/clock.py);
    eligible on a date   while months <= 48.0, i.e. while days <= 1461 (48 x 30.4375).
    A partial month counts as the fraction it is: no rounding before the comparison. The
    last eligible day without leave is therefore the day before the fourth anniversary of
    the start (2022-07-01 -> 2026-06-30); each day of leave moves it one day later. The
    last due date of a kind is the last (moved) due date that falls on or before the last
    eligible day.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cache
from importlib import resources

import holidays

from fellowship.programs.clock import (
    Period,
    days_between,
    exact_months_of_training,
    last_day_within,
    leave_days_between,
)

__all__ = [
    "CalendarError",
    "Eligibility",
    "EligibilityLimit",
    "LeaveError",
    "Mechanism",
    "MonthDay",
    "Period",
    "business_day_on_or_after",
    "check_leaves",
    "due_dates",
    "eligibility",
    "find_mechanism",
    "is_business_day",
    "load_mechanisms",
    "mechanisms",
]

FIRST_YEAR = 1900
LAST_YEAR = 2100  # the `holidays` package computes US federal holidays up to this year
DAYS_PER_MONTH = Fraction(36525, 1200)  # 365.25 / 12, exact; the clock's DAYS_PER_MONTH

RULE = (
    "months of experience = days from the postdoctoral start up to and including the date, "
    "less approved leave days, divided by 365.25/12 (partial months count as fractions); "
    "eligible while that is <= {months:g} (<= {days} days)"
)


class CalendarError(ValueError):
    """Bad input or bad data: the message names the problem."""


class LeaveError(CalendarError):
    """A leave that cannot be: `index` is its position in the list given."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index


@dataclass(frozen=True, order=True)
class MonthDay:
    month: int
    day: int

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class EligibilityLimit:
    months: float
    measured_from: str
    applies_to: tuple[str, ...]

    @property
    def days(self) -> int:
        """The most days of experience that are still within `months`."""
        return math.floor(Fraction(self.months) * DAYS_PER_MONTH)


@dataclass(frozen=True)
class Mechanism:
    code: str
    name: str
    cycle: str
    due_dates: dict[str, tuple[MonthDay, ...]]  # kind -> standard dates, in calendar order
    aliases: tuple[str, ...] = ()
    eligibility: EligibilityLimit | None = None

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.due_dates)

    def standard_dates(self, kind: str) -> tuple[MonthDay, ...]:
        try:
            return self.due_dates[kind]
        except KeyError:
            raise CalendarError(
                f"{self.code} has no {kind!r} due dates (kinds: {', '.join(self.kinds)})"
            ) from None


@dataclass(frozen=True)
class Eligibility:
    """Where a fellow stands against a mechanism's experience limit on `as_of`."""

    mechanism: str
    postdoc_start: date
    as_of: date
    leaves: tuple[Period, ...]
    limit_months: float
    limit_days: int
    days_of_experience: int  # as of `as_of`
    months_of_experience: float  # as of `as_of`, unrounded
    leave_days_excluded: int  # leave days from the postdoctoral start to `as_of`
    eligible_now: bool
    last_eligible_day: date
    last_due_dates: dict[str, date | None]  # kind -> last due date within the limit
    remaining_due_dates: dict[str, tuple[date, ...]]  # kind -> from as_of to the last
    rule: str = field(default="")


# --- the data -------------------------------------------------------------------------

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _month_day(text: object, where: str) -> MonthDay:
    match = _MONTH_DAY.match(text) if isinstance(text, str) else None
    if match is None:
        raise CalendarError(f"{where}: {text!r} is not a month and day written MM-DD")
    month_day = MonthDay(int(match[1]), int(match[2]))
    try:
        month_day.in_year(2001)  # not a leap year: Feb 29 is no standard date
    except ValueError:
        raise CalendarError(f"{where}: {text!r} is not a day of every year") from None
    return month_day


def _cycle(name: str, table: object) -> dict[str, tuple[MonthDay, ...]]:
    where = f"[cycles.{name}]"
    if not isinstance(table, dict) or not table:
        raise CalendarError(f"{where} must list the due dates of at least one kind")
    kinds = {}
    for kind, dates in table.items():
        if not isinstance(dates, list) or not dates:
            raise CalendarError(f"{where} {kind}: a list of dates written MM-DD is needed")
        kinds[kind] = tuple(sorted({_month_day(text, f"{where} {kind}") for text in dates}))
    return kinds


def _limit(code: str, table: object, kinds: Iterable[str]) -> EligibilityLimit:
    where = f"[mechanisms.{code}.eligibility]"
    if not isinstance(table, dict):
        raise CalendarError(f"{where} must be a table")
    months = table.get("months")
    if isinstance(months, bool) or not isinstance(months, int | float) or not months > 0:
        raise CalendarError(f"{where} months: a positive number is needed")
    applies_to = table.get("applies_to", ["new", "resubmission"])
    unknown = [kind for kind in applies_to if kind not in kinds]
    if unknown:
        raise CalendarError(f"{where} applies_to: no due dates of kind {unknown[0]!r}")
    return EligibilityLimit(
        months=months,
        measured_from=str(table.get("measured_from", "postdoctoral research experience")),
        applies_to=tuple(applies_to),
    )


def load_mechanisms(text: str | None = None) -> dict[str, Mechanism]:
    """The mechanisms in `text` (TOML), or in the packaged mechanisms.toml; by code."""
    if text is None:
        text = resources.files(__package__).joinpath("mechanisms.toml").read_text("utf-8")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CalendarError(f"mechanisms.toml is not valid TOML: {error}") from None
    cycles = {name: _cycle(name, table) for name, table in document.get("cycles", {}).items()}
    catalogue = {}
    for code, table in document.get("mechanisms", {}).items():
        where = f"[mechanisms.{code}]"
        if not isinstance(table, dict):
            raise CalendarError(f"{where} must be a table")
        cycle = table.get("cycle")
        if cycle not in cycles:
            raise CalendarError(f"{where} cycle: {cycle!r} is not a [cycles.NAME] block")
        limit = table.get("eligibility")
        catalogue[code] = Mechanism(
            code=code,
            name=str(table.get("name", code)),
            cycle=cycle,
            due_dates=cycles[cycle],
            aliases=tuple(table.get("aliases", ())),
            eligibility=None if limit is None else _limit(code, limit, cycles[cycle]),
        )
    if not catalogue:
        raise CalendarError("mechanisms.toml defines no [mechanisms.CODE] block")
    return catalogue


@cache
def mechanisms() -> dict[str, Mechanism]:
    """The packaged mechanisms (read once)."""
    return load_mechanisms()


def find_mechanism(code: str, catalogue: dict[str, Mechanism] | None = None) -> Mechanism:
    """The mechanism named `code` or one of its aliases, in any case."""
    catalogue = mechanisms() if catalogue is None else catalogue
    wanted = code.strip().upper()
    for mechanism in catalogue.values():
        if wanted in {name.upper() for name in (mechanism.code, *mechanism.aliases)}:
            return mechanism
    raise CalendarError(f"unknown mechanism {code!r} (known: {', '.join(sorted(catalogue))})")


# --- business days --------------------------------------------------------------------


def _check_year(day: date, what: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CalendarError(f"{what} {day}: the calendar covers {FIRST_YEAR}-{LAST_YEAR} only")


@cache
def federal_holidays(year: int) -> frozenset[date]:
    """US federal holidays of `year`, as observed (a Saturday's on Friday, a Sunday's on Monday)."""
    return frozenset(holidays.country_holidays("US", years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in federal_holidays(day.year)


def business_day_on_or_after(day: date) -> date:
    """`day` if it is a business day, or else the next one."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def due_dates(mechanism: Mechanism, kind: str, start: date, end: date) -> list[date]:
    """The (moved) due dates of `kind` from `start` to `end`, both included, in order."""
    standard = mechanism.standard_dates(kind)
    if end < start:
        raise CalendarError(f"the range starts ({start}) after it ends ({end})")
    _check_year(start, "the range's start")
    _check_year(end, "the range's end")
    found = set()
    # From the year before: a late-December date could move into January.
    for year in range(start.year - 1, end.year + 1):
        for month_day in standard:
            if year < FIRST_YEAR:
                continue
            day = business_day_on_or_after(month_day.in_year(year))
            if start <= day <= end:
                found.add(day)
    return sorted(found)


# --- eligibility ----------------------------------------------------------------------


def check_leaves(postdoc_start: date, leaves: Sequence[Period]) -> None:
    """Raise LeaveError for a leave that ends before it starts, starts before the
    postdoctoral start, or overlaps another leave."""
    for index, leave in enumerate(leaves):
        if leave.end < leave.start:
            raise LeaveError(index, "the leave ends before it starts")
        if leave.start < postdoc_start:
            raise LeaveError(
                index, f"the leave starts before the postdoctoral start {postdoc_start}"
            )
    order = sorted(range(len(leaves)), key=lambda index: (leaves[index].start, index))
    for earlier, later in zip(order, order[1:], strict=False):
        if leaves[later].start <= leaves[earlier].end:
            other = leaves[earlier]
            raise LeaveError(later, f"the leave overlaps the leave {other.start}:{other.end}")


def eligibility(
    mechanism: Mechanism,
    postdoc_start: date,
    as_of: date,
    leaves: Sequence[Period] = (),
) -> Eligibility:
    """The fellow's experience on `as_of` and the last due dates within the limit."""
    limit = mechanism.eligibility
    if limit is None:
        raise CalendarError(f"{mechanism.code} has no eligibility limit")
    _check_year(postdoc_start, "the postdoctoral start")
    _check_year(as_of, "the date")
    leaves = tuple(leaves)
    check_leaves(postdoc_start, leaves)
    days_now = days_between(postdoc_start, as_of, list(leaves))
    last_day = last_day_within(postdoc_start, limit.days, list(leaves))
    _check_year(last_day, "the last eligible day")
    last_due, remaining = {}, {}
    for kind in limit.applies_to:
        within = (
            due_dates(mechanism, kind, postdoc_start, last_day) if last_day >= postdoc_start else []
        )
        last_due[kind] = within[-1] if within else None
        remaining[kind] = tuple(day for day in within if day >= as_of)
    return Eligibility(
        mechanism=mechanism.code,
        postdoc_start=postdoc_start,
        as_of=as_of,
        leaves=leaves,
        limit_months=limit.months,
        limit_days=limit.days,
        days_of_experience=days_now,
        months_of_experience=exact_months_of_training(postdoc_start, as_of, list(leaves)),
        leave_days_excluded=leave_days_between(postdoc_start, as_of, list(leaves)),
        eligible_now=days_now <= limit.days,
        last_eligible_day=last_day,
        last_due_dates=last_due,
        remaining_due_dates=remaining,
        rule=RULE.format(months=limit.months, days=limit.days),
    )
