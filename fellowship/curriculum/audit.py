"""Degree audit for the MMSc in Biomedical Informatics. Pure Python: no Django.

The audit takes a fellow's degree requirements (the version of their entering cohort), the
course catalog and their enrollments, and says for each requirement whether it is satisfied,
which courses counted toward it and what is still missing; it also projects the fellow's
plan of study (planned and enrolled courses) to say whether it would complete the degree by
the end of the appointment.

The vocabulary it reads (terms, courses, grades, enrollments, requirement sets) is in
`degree.py`.

Rules (the program's, and ours where the issue is silent):

- Credit is earned only by a completed enrollment whose grade counts: a letter grade at or
  above the version's minimum (e.g. B-), or P. Withdrawn, failed, F and below-minimum
  attempts earn nothing. A completed enrollment with no grade yet is awaiting its grade and
  counts with the planned courses.
- A course is earned once: by its first counting attempt. A failed attempt followed by a
  passing retake counts once (the retake); repeating a passed course adds nothing.
- Planned and enrolled courses are a projection, kept apart from earned credit. A course
  already earned is not planned again; a course planned in several terms counts in the
  earliest.
- A course counts once only among the requirements other than total credits: each counting
  course is allocated to at most one of them. Total credits is not a bucket but the sum of
  every counted course, so a required course counts toward its own requirement and toward
  the total. Hence "12 elective credits, 3 of them from a group" is written as a group
  requirement of 3 and a general elective requirement of 9.
- Which course goes where is decided exactly (see `_allocate`): as many requirements
  satisfied as possible; among those, the narrowest (a required course, then a group, then
  general electives; then those listed first); then as many credits as possible toward the
  thresholds left unmet. The projection never gives up a requirement that earned courses
  already satisfy if it can help it, and moves earned courses only when that helps.
- A course fits a credit requirement when its kind matches (and, for a group requirement,
  when it belongs to the group); it fits a required course by code; it fits the thesis
  requirement when its kind is thesis. A course that fits nothing still counts toward total
  credits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .degree import (
    FAIL,
    Course,
    CourseKind,
    Enrollment,
    MinCredits,
    MinTotalCredits,
    RequiredCourse,
    Requirement,
    RequirementSet,
    Status,
    Term,
    ThesisRequired,
    grade_counts,
)

# Results ----------------------------------------------------------------------------------


@dataclass
class RequirementResult:
    label: str
    satisfied: bool  # by earned credit alone
    satisfied_with_planned: bool  # by earned credit and the plan of study
    counted: list[str]  # codes of the earned courses that count toward it
    planned: list[str]  # codes of the planned courses that would count toward it
    # Codes of all the courses, earned and planned, that count toward it in the projection
    # (an earned course may move to another requirement once planned courses arrive).
    counted_with_planned: list[str]
    missing: str | None  # what earned credit still lacks, e.g. "3 more elective credits"
    credits_earned: Decimal
    credits_needed: Decimal | None  # the threshold of a credit requirement, else None
    credits_planned: Decimal = Decimal(0)
    requirement: Requirement | None = field(default=None, repr=False)


@dataclass
class PlanOutlook:
    """Would the plan of study complete the degree by the end of the appointment?"""

    completes: bool
    late_terms: list[Term]  # planned terms that end after the appointment
    missing: list[str]  # what would still be missing at the end of the appointment

    def __bool__(self) -> bool:
        return self.completes


@dataclass
class AuditResult:
    version: str
    requirements: list[RequirementResult]
    credits_earned_total: Decimal
    credits_planned_total: Decimal  # planned, enrolled and awaiting a grade; not yet earned
    complete: bool  # every requirement satisfied by earned credit
    notes: list[str]
    plan_of_study: dict[Term, list[str]]  # planned and enrolled course codes by term, in order
    _ledger: _Ledger = field(repr=False, compare=False)

    def plan_completes_by(self, appointment_end: dt.date) -> PlanOutlook:
        return _plan_outlook(self._ledger, appointment_end)


# The audit --------------------------------------------------------------------------------


def audit(
    requirement_set: RequirementSet,
    catalog: Iterable[Course] | Mapping[str, Course],
    enrollments: Iterable[Enrollment],
) -> AuditResult:
    """Audit one fellow's enrollments against the requirement version of their cohort."""
    courses = _catalog_by_code(catalog)
    enrollments = list(enrollments)
    ledger, notes = _read_transcript(requirement_set, courses, enrollments)
    earned_courses = [courses[code] for code in ledger.earned]
    planned_courses = [courses[code] for code in ledger.upcoming]
    exclusive = ledger.exclusive

    catalog_courses = list(courses.values())
    now = _allocate(exclusive, earned_courses, catalog=catalog_courses)
    now_met = frozenset(
        i for i, r in enumerate(exclusive) if _met(r, _allocated_to(i, now, earned_courses))
    )
    ledger.now, ledger.now_met = now, now_met
    projected_courses = earned_courses + planned_courses
    projected = _allocate(
        exclusive, projected_courses, catalog=catalog_courses, keep=now, hold=now_met
    )

    results = []
    for requirement, i in _with_exclusive_index(requirement_set.requirements):
        if i is None:  # total credits: every counted course
            counted, planned = earned_courses, planned_courses
            with_planned = sorted(earned_courses + planned_courses, key=lambda c: c.code)
        else:
            counted = _allocated_to(i, now, earned_courses)
            planned = _allocated_to(i, projected, planned_courses)
            with_planned = _allocated_to(i, projected, projected_courses)
        results.append(
            RequirementResult(
                label=requirement.label,
                satisfied=_met(requirement, counted),
                satisfied_with_planned=_met(requirement, with_planned),
                counted=[c.code for c in counted],
                planned=[c.code for c in planned],
                counted_with_planned=[c.code for c in with_planned],
                missing=_missing(requirement, counted),
                credits_earned=_sum_credits(counted),
                credits_needed=getattr(requirement, "min_credits", None),
                credits_planned=_sum_credits(planned),
                requirement=requirement,
            )
        )

    notes += _placement_notes(exclusive, earned_courses, now, projected)
    plan_of_study: dict[Term, list[str]] = defaultdict(list)
    for e in sorted(enrollments, key=lambda e: (e.term, e.course_code)):
        if e.status in (Status.PLANNED, Status.ENROLLED):
            plan_of_study[e.term].append(e.course_code)
    return AuditResult(
        version=requirement_set.version,
        requirements=results,
        credits_earned_total=_sum_credits(earned_courses),
        credits_planned_total=_sum_credits(planned_courses),
        complete=all(r.satisfied for r in results),
        notes=notes,
        plan_of_study=dict(plan_of_study),
        _ledger=ledger,
    )


@dataclass
class _Ledger:
    """What the audit keeps to project the plan of study to a given date."""

    requirement_set: RequirementSet
    courses: dict[str, Course]
    earned: dict[str, Term]  # course code -> term of the attempt that earned it
    upcoming: dict[str, Term]  # course code -> earliest planned term (not yet earned)
    now: dict[str, int] = field(default_factory=dict)  # earned allocation
    now_met: frozenset[int] = frozenset()

    @property
    def exclusive(self) -> list[Requirement]:
        """The requirements a course counts toward at most one of: all but total credits."""
        reqs = self.requirement_set.requirements
        return [r for r in reqs if not isinstance(r, MinTotalCredits)]


def _with_exclusive_index(requirements: Sequence[Requirement]):
    """Each requirement with its index among the exclusive ones (None for total credits)."""
    i = 0
    for requirement in requirements:
        if isinstance(requirement, MinTotalCredits):
            yield requirement, None
        else:
            yield requirement, i
            i += 1


def _plan_outlook(ledger: _Ledger, appointment_end: dt.date) -> PlanOutlook:
    """Earned courses plus those planned in terms that end on or before the appointment end."""
    in_time = [code for code, term in ledger.upcoming.items() if term.end <= appointment_end]
    late_terms = sorted({t for t in ledger.upcoming.values() if t.end > appointment_end})
    courses = [ledger.courses[code] for code in [*ledger.earned, *in_time]]
    exclusive = ledger.exclusive
    allocation = _allocate(
        exclusive, courses, catalog=ledger.courses.values(), keep=ledger.now, hold=ledger.now_met
    )
    missing = []
    for requirement, i in _with_exclusive_index(ledger.requirement_set.requirements):
        toward = courses if i is None else _allocated_to(i, allocation, courses)
        if not _met(requirement, toward):
            missing.append(_missing(requirement, toward))
    return PlanOutlook(completes=not missing, late_terms=late_terms, missing=missing)


# Reading the transcript -------------------------------------------------------------------


class _Outcome(Enum):
    PASSED = "passed"
    BELOW_MINIMUM = "below minimum"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    AWAITING_GRADE = "awaiting grade"
    UPCOMING = "upcoming"  # planned or enrolled


def _outcome(enrollment: Enrollment, min_grade: str) -> _Outcome:
    status, grade = enrollment.status, enrollment.grade
    if status in (Status.PLANNED, Status.ENROLLED):
        return _Outcome.UPCOMING
    if status is Status.WITHDRAWN:
        return _Outcome.WITHDRAWN
    if status is Status.FAILED or grade == FAIL:
        return _Outcome.FAILED
    if grade is None:
        return _Outcome.AWAITING_GRADE
    return _Outcome.PASSED if grade_counts(grade, min_grade) else _Outcome.BELOW_MINIMUM


def _read_transcript(
    requirement_set: RequirementSet, courses: dict[str, Course], enrollments: list[Enrollment]
) -> tuple[_Ledger, list[str]]:
    """Condense each course's attempts into earned or upcoming, with notes on the rest."""
    attempts: dict[str, list[Enrollment]] = defaultdict(list)
    for e in enrollments:
        if e.course_code not in courses:
            raise ValueError(f"{e.course_code} in {e.term}: no such course in the catalog")
        attempts[e.course_code].append(e)
    min_grade = requirement_set.min_grade
    earned: dict[str, Term] = {}
    upcoming: dict[str, Term] = {}
    notes: list[str] = []
    for code in sorted(attempts):
        history = sorted(attempts[code], key=lambda e: e.term)
        outcomes = [_outcome(e, min_grade) for e in history]
        passed = [e.term for e, o in zip(history, outcomes, strict=True) if o is _Outcome.PASSED]
        if passed:
            earned[code] = passed[0]
        else:
            waiting = (_Outcome.UPCOMING, _Outcome.AWAITING_GRADE)
            later = [e.term for e, o in zip(history, outcomes, strict=True) if o in waiting]
            if later:
                upcoming[code] = later[0]
        notes += _attempt_notes(code, history, outcomes, min_grade, earned.get(code))
    ledger = _Ledger(requirement_set, courses, earned, upcoming)
    return ledger, notes


_RETAKE = {
    Status.PLANNED: "a retake is planned for {term}",
    Status.ENROLLED: "it is being retaken in {term}",
}


def _attempt_notes(
    code: str,
    history: list[Enrollment],
    outcomes: list[_Outcome],
    min_grade: str,
    earned_in: Term | None,
) -> list[str]:
    notes = []
    for n, (e, outcome) in enumerate(zip(history, outcomes, strict=True)):
        following = history[n + 1] if n + 1 < len(history) else None
        if outcome is _Outcome.FAILED:
            note = f"{code} was failed in {e.term}"
            if following is None:
                pass
            elif following.status in _RETAKE:
                note += "; " + _RETAKE[following.status].format(term=following.term)
            else:
                note += f" and retaken in {following.term}"
            notes.append(note)
        elif outcome is _Outcome.BELOW_MINIMUM:
            notes.append(
                f"{code} grade {e.grade} in {e.term} is below the minimum {min_grade}: "
                "that attempt does not count"
            )
        elif outcome is _Outcome.WITHDRAWN:
            notes.append(f"Withdrew from {code} in {e.term}")
        elif earned_in is not None and earned_in < e.term:
            again = "planned again" if outcome is _Outcome.UPCOMING else "taken again"
            notes.append(
                f"{code} was passed in {earned_in} and {again} in {e.term}; it counts once"
            )
        elif outcome is _Outcome.AWAITING_GRADE and earned_in is None:
            notes.append(f"{code} in {e.term} has no grade yet; it counts as planned")
    return notes


def _placement_notes(
    exclusive: list[Requirement],
    earned: list[Course],
    now: dict[str, int],
    projected: dict[str, int],
) -> list[str]:
    """Name the earned courses that count only toward total credits, and those the plan
    would move to another requirement."""
    notes = []
    for course in earned:
        here, there = now.get(course.code), projected.get(course.code)
        if here is None:
            notes.append(f"{course.code} counts toward no requirement but total credits")
        elif here != there:
            notes.append(
                f"With the plan, {course.code} would count toward {exclusive[there].label} "
                f"instead of {exclusive[here].label}"
            )
    return notes


# Allocating courses to requirements -------------------------------------------------------


def _fits(requirement: Requirement, course: Course) -> bool:
    if isinstance(requirement, RequiredCourse):
        return course.code == requirement.code
    if isinstance(requirement, MinCredits):
        if course.kind is not requirement.kind:
            return False
        return requirement.group is None or requirement.group in course.groups
    if isinstance(requirement, ThesisRequired):
        return course.kind is CourseKind.THESIS
    return True  # total credits: every counted course


def _need(requirement: Requirement) -> Decimal:
    """How much progress meets the requirement: credits for a threshold, else one course."""
    return getattr(requirement, "min_credits", Decimal(1))


def _progress(requirement: Requirement, course: Course) -> Decimal:
    if isinstance(requirement, MinCredits | MinTotalCredits):
        return course.credits
    return Decimal(1)


def _allocate(
    requirements: Sequence[Requirement],
    courses: Sequence[Course],
    *,
    catalog: Iterable[Course] = (),
    keep: Mapping[str, int] | None = None,
    hold: frozenset[int] = frozenset(),
) -> dict[str, int]:
    """Allocate each course to at most one requirement: course code -> requirement index.

    Exact, by dynamic programming over the courses (in code order). The state is each
    requirement's progress capped at its threshold, since credit beyond the threshold
    changes nothing; a fellow's 10-20 courses against a handful of requirements reach a
    few hundred states. Every course that fits somewhere is placed (an extra course never
    hurts). Among the final states we maximise, in order:
      1. the requirements in `hold` that are met (the projection keeps what earned credit
         already satisfies),
      2. the number of requirements met,
      3. which ones: the narrowest, those that the fewest courses of the catalog fit (a
         required course, then a group, then general electives), then those listed first.
         Meeting the narrow one leaves the fellow the easier remainder ("3 more elective
         credits" rather than "3 more elective credits in data science"), and keeps a
         requirement met when a new course arrives that a broader one can use;
      4. the credits toward the credit thresholds left unmet (each capped at its
         threshold),
      5. the courses left where `keep` has them (the projection moves earned courses only
         when that helps).
    Remaining ties go to the allocation found first, so the result is deterministic.
    """
    keep = keep or {}
    catalog = list(catalog)
    narrowest_first = sorted(
        range(len(requirements)),
        key=lambda i: (sum(_fits(requirements[i], c) for c in catalog), i),
    )
    needs = [_need(r) for r in requirements]
    start = tuple(Decimal(0) for _ in requirements)
    frontier: dict[tuple[Decimal, ...], int] = {start: 0}  # state -> courses kept in place
    steps: list[tuple[str, dict[tuple[Decimal, ...], tuple[tuple[Decimal, ...], int]]]] = []
    for course in sorted(courses, key=lambda c: c.code):
        options = [i for i, r in enumerate(requirements) if _fits(r, course)]
        if not options:
            continue
        reached: dict[tuple[Decimal, ...], int] = {}
        came_from: dict[tuple[Decimal, ...], tuple[tuple[Decimal, ...], int]] = {}
        for state, kept in frontier.items():
            for i in options:
                progress = min(needs[i], state[i] + _progress(requirements[i], course))
                new = state[:i] + (progress,) + state[i + 1 :]
                score = kept + (keep.get(course.code) == i)
                if new not in reached or score > reached[new]:
                    reached[new] = score
                    came_from[new] = (state, i)
        steps.append((course.code, came_from))
        frontier = reached

    credit_thresholds = [i for i, r in enumerate(requirements) if isinstance(r, MinCredits)]

    def rank(state: tuple[Decimal, ...]) -> tuple:
        met = tuple(progress >= need for progress, need in zip(state, needs, strict=True))
        return (
            sum(met[i] for i in hold),
            sum(met),
            tuple(met[i] for i in narrowest_first),
            sum(state[i] for i in credit_thresholds),
            frontier[state],
        )

    state = max(frontier, key=rank)
    allocation = {}
    for code, came_from in reversed(steps):
        state, i = came_from[state]
        allocation[code] = i
    return allocation


def _allocated_to(
    index: int, allocation: Mapping[str, int], courses: Iterable[Course]
) -> list[Course]:
    return sorted((c for c in courses if allocation.get(c.code) == index), key=lambda c: c.code)


def _met(requirement: Requirement, courses: Sequence[Course]) -> bool:
    return sum((_progress(requirement, c) for c in courses), Decimal(0)) >= _need(requirement)


# What is missing, in words ----------------------------------------------------------------

_KIND_NOUN = {
    CourseKind.CORE: "core",
    CourseKind.ELECTIVE: "elective",
    CourseKind.RESEARCH: "mentored research",
    CourseKind.THESIS: "thesis",
}


def _missing(requirement: Requirement, courses: Sequence[Course]) -> str | None:
    """'3 more elective credits', 'BMI 701 not completed' ...; None when met."""
    if _met(requirement, courses):
        return None
    if isinstance(requirement, RequiredCourse):
        return f"{requirement.code} not completed"
    if isinstance(requirement, ThesisRequired):
        return "Thesis not completed"
    short = requirement.min_credits - _sum_credits(courses)
    unit = "credit" if short == 1 else "credits"
    if isinstance(requirement, MinTotalCredits):
        return f"{format_credits(short)} more {unit}"
    text = f"{format_credits(short)} more {_KIND_NOUN[requirement.kind]} {unit}"
    return f"{text} in {requirement.group}" if requirement.group else text


def format_credits(credits: Decimal) -> str:
    """3 -> '3', 1.50 -> '1.5' (never '3E+1')."""
    return format(credits.normalize(), "f")


# Small helpers ----------------------------------------------------------------------------


def _sum_credits(courses: Iterable[Course]) -> Decimal:
    return sum((c.credits for c in courses), Decimal(0))


def _catalog_by_code(catalog: Iterable[Course] | Mapping[str, Course]) -> dict[str, Course]:
    courses = catalog.values() if isinstance(catalog, Mapping) else catalog
    by_code: dict[str, Course] = {}
    for course in courses:
        if course.code in by_code:
            raise ValueError(f"{course.code} is in the catalog twice")
        by_code[course.code] = course
    return by_code
