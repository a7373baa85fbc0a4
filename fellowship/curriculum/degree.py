"""The degree's vocabulary: terms, courses, grades, enrollments and requirement sets (the
MMSc requirements by entering cohort), checked when they are made. Pure Python: no Django.

What the audit makes of them (results, allocation, what is missing) is in `audit.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import total_ordering

# Terms ------------------------------------------------------------------------------------


class Season(StrEnum):
    WINTER = "winter"
    SPRING = "spring"
    SUMMER = "summer"
    FALL = "fall"


# A calendar year runs winter (January), spring, summer, fall: "Fall 2025" comes before
# "Winter 2026". The last day of each term, when the term does not say otherwise.
_SEASON_ORDER = {Season.WINTER: 0, Season.SPRING: 1, Season.SUMMER: 2, Season.FALL: 3}
_SEASON_ENDS = {
    Season.WINTER: (1, 31),
    Season.SPRING: (5, 31),
    Season.SUMMER: (8, 31),
    Season.FALL: (12, 31),
}


@total_ordering
@dataclass(frozen=True)
class Term:
    """An academic term such as Fall 2025; sorts in calendar order."""

    year: int
    season: Season
    ends_on: dt.date | None = field(default=None, compare=False)  # None: the season's usual end

    def __post_init__(self) -> None:
        object.__setattr__(self, "season", _choice(Season, self.season, "season"))

    @classmethod
    def parse(cls, text: str) -> Term:
        """'Fall 2025' -> Term(2025, Season.FALL)."""
        season, _, year = text.strip().partition(" ")
        if not year.strip().isdigit():
            raise ValueError(f"term: {text!r} is not a season and a year, e.g. 'Fall 2025'")
        return cls(int(year), season.lower())

    @property
    def end(self) -> dt.date:
        if self.ends_on is not None:
            return self.ends_on
        return dt.date(self.year, *_SEASON_ENDS[self.season])

    def __lt__(self, other: Term) -> bool:
        if not isinstance(other, Term):
            return NotImplemented
        return (self.year, _SEASON_ORDER[self.season]) < (other.year, _SEASON_ORDER[other.season])

    def __str__(self) -> str:
        return f"{self.season.value.title()} {self.year}"


# Courses, grades and enrollments ----------------------------------------------------------


class CourseKind(StrEnum):
    CORE = "core"
    ELECTIVE = "elective"
    RESEARCH = "research"  # mentored research
    THESIS = "thesis"


class Status(StrEnum):
    PLANNED = "planned"
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    FAILED = "failed"


LETTER_GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")
PASS, FAIL = "P", "F"  # pass/fail grading; F is the same fail as the letter F
_LETTER_RANK = {grade: rank for rank, grade in enumerate(LETTER_GRADES)}  # 0 is best


def grade_counts(grade: str | None, min_grade: str) -> bool:
    """Whether a grade earns credit: P, or a letter at or above the minimum."""
    if grade == PASS:
        return True
    if grade is None or grade == FAIL:
        return False
    return _LETTER_RANK[grade] <= _LETTER_RANK[min_grade]


@dataclass(frozen=True)
class Course:
    code: str  # "BMI 701"
    title: str
    credits: Decimal
    kind: CourseKind
    groups: frozenset[str] = frozenset()  # elective groups the course belongs to

    def __post_init__(self) -> None:
        object.__setattr__(self, "credits", _credits(self.credits, f"{self.code} credits"))
        object.__setattr__(self, "kind", _choice(CourseKind, self.kind, f"{self.code} kind"))
        object.__setattr__(self, "groups", frozenset(self.groups))


@dataclass(frozen=True)
class Enrollment:
    course_code: str
    term: Term
    status: Status
    grade: str | None = None  # a letter A+ .. F, P or F for pass/fail; None until graded

    def __post_init__(self) -> None:
        where = f"{self.course_code} in {self.term}"
        object.__setattr__(self, "status", _choice(Status, self.status, f"{where}: status"))
        if self.grade is not None:
            grade = self.grade.strip().upper()
            if grade not in _LETTER_RANK and grade != PASS:
                raise ValueError(f"{where}: grade {self.grade!r} is not A+ .. F, P or F")
            object.__setattr__(self, "grade", grade)


# Requirements -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RequiredCourse:
    code: str

    @property
    def label(self) -> str:
        return self.code


@dataclass(frozen=True)
class MinCredits:
    """At least `min_credits` from courses of one kind (electives, mentored research),
    optionally only from a named elective group."""

    label: str
    kind: CourseKind
    min_credits: Decimal
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _choice(CourseKind, self.kind, f"{self.label}: kind"))
        object.__setattr__(self, "min_credits", _credits(self.min_credits, self.label))


@dataclass(frozen=True)
class MinTotalCredits:
    min_credits: Decimal
    label: str = "Total credits"

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_credits", _credits(self.min_credits, self.label))


@dataclass(frozen=True)
class ThesisRequired:
    label: str = "Master's thesis"


Requirement = RequiredCourse | MinCredits | MinTotalCredits | ThesisRequired


@dataclass(frozen=True)
class RequirementSet:
    """One version of the degree requirements; it holds fellows who entered from
    `cohort_from` until the next version."""

    version: str
    cohort_from: int  # the first entering cohort (year) held to this version
    min_grade: str = "B-"  # the lowest letter grade that counts; P always counts
    requirements: tuple[Requirement, ...] = ()

    def __post_init__(self) -> None:
        if self.min_grade not in _LETTER_RANK:
            raise ValueError(f"{self.version}: minimum grade {self.min_grade!r} is not A+ .. F")
        object.__setattr__(self, "requirements", tuple(self.requirements))
        # A course counts once, so a second copy of a course requirement could never be met;
        # and there is one thesis and one total.
        seen: set[object] = set()
        for requirement in self.requirements:
            if isinstance(requirement, MinCredits):
                continue
            key = requirement if isinstance(requirement, RequiredCourse) else type(requirement)
            if key in seen:
                raise ValueError(f"{self.version}: {requirement.label} is listed twice")
            seen.add(key)


def requirements_for_cohort(sets: Iterable[RequirementSet], cohort_year: int) -> RequirementSet:
    """The version a fellow is held to: the latest whose `cohort_from` <= their cohort."""
    applicable = [s for s in sets if s.cohort_from <= cohort_year]
    if not applicable:
        raise ValueError(f"No degree requirements apply to the {cohort_year} cohort")
    latest = max(s.cohort_from for s in applicable)
    chosen = [s for s in applicable if s.cohort_from == latest]
    if len(chosen) > 1:
        names = ", ".join(sorted(s.version for s in chosen))
        raise ValueError(f"Several requirement versions start with the {latest} cohort: {names}")
    return chosen[0]


# Small helpers ----------------------------------------------------------------------------


def _credits(value: object, name: str) -> Decimal:
    # Floats go through str() so that 0.1 is 0.1, not its binary neighbour.
    try:
        credits = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{name}: {value!r} is not a number of credits") from None
    if not credits.is_finite() or credits < 0:
        raise ValueError(f"{name}: {value!r} is not a number of credits")
    return credits


def _choice(enum: type[StrEnum], value: object, name: str):
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"{name}: {value!r} is not one of {allowed}") from None
