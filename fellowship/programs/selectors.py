"""Reads that the pages share. Each one costs a fixed number of queries, whatever the rows."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .clock import Period, months_of_training
from .models import FacultyMember, Fellow, Institution, Laboratory, Leave, Mentorship, Program

ENDING_SOON_DAYS = 90


def current_mentorships(today: date | None = None):
    """Mentorship.objects.current with the faculty loaded, primary first."""
    return (
        Mentorship.objects.current(on=today)
        .select_related("faculty__program")
        .order_by("kind", "start")
    )


def fellows_for_list(program: Program):
    return (
        Fellow.objects.filter(program=program)
        .select_related("program", "laboratory__institution__program")
        .prefetch_related(
            Prefetch("mentorships", queryset=current_mentorships(), to_attr="mentors_now")
        )
        .order_by("-cohort_year", "last_name", "first_name")
    )


def fellow_for_detail(program: Program, pk: int) -> Fellow:
    return (
        Fellow.objects.filter(program=program)
        .select_related("laboratory__institution__program", "program", "user")
        .prefetch_related(
            "topics",
            "degrees",
            "positions",
            "leaves",
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.select_related(
                    "faculty__institution", "faculty__program"
                ).order_by("kind", "-start"),
            ),
        )
        .get(pk=pk)
    )


def labs_for_list(program: Program):
    return (
        Laboratory.objects.filter(institution__program=program)
        .select_related("institution__program", "head")
        .prefetch_related("topics")
        .annotate(
            fellows_now=Count(
                "fellows", filter=Q(fellows__status__in=Fellow.IN_TRAINING), distinct=True
            )
        )
        .order_by("institution__name", "name")
    )


def faculty_for_list(program: Program):
    return (
        FacultyMember.objects.filter(program=program)
        .select_related("institution", "program")
        .prefetch_related("laboratories", "topics")
    )


def institutions_for_list(program: Program):
    return (
        Institution.objects.filter(program=program)
        .select_related("program")
        .annotate(
            lab_count=Count("laboratories", distinct=True),
            faculty_count=Count("faculty", distinct=True),
        )
        .order_by("name")
    )


def public_institutions(program: Program):
    """Institutions with their labs, topics and heads, for the public home page."""
    labs = Laboratory.objects.select_related("head").prefetch_related("topics").order_by("name")
    return (
        Institution.objects.filter(program=program)
        .prefetch_related(Prefetch("laboratories", queryset=labs))
        .order_by("name")
    )


# Dashboards -----------------------------------------------------------------------------


@dataclass
class Attention:
    fellow: Fellow
    reasons: list[str] = field(default_factory=list)


@dataclass
class StaffDashboard:
    cohorts: list[int]
    statuses: list[tuple[str, str]]
    counts: dict[tuple[int, str], int]  # (cohort, status) -> fellows
    totals_by_status: dict[str, int]
    totals_by_cohort: dict[int, int]
    attention: list[Attention]
    lab_count: int
    faculty_count: int
    institution_count: int

    @property
    def cohort_rows(self):
        """One row per cohort, newest first: (status, count) cells and the total."""
        return [
            {
                "cohort": cohort,
                "cells": [
                    (status, self.counts.get((cohort, status), 0)) for status, _ in self.statuses
                ],
                "total": self.totals_by_cohort.get(cohort, 0),
            }
            for cohort in self.cohorts
        ]


def _day(d: date) -> str:
    return f"{d:%b} {d.day}, {d.year}"


def attention_reasons(fellow: Fellow, today: date) -> list[str]:
    """Why a fellow needs the staff's attention today (empty: nothing to do)."""
    reasons = []
    in_program = fellow.status in Fellow.IN_TRAINING
    if fellow.status == Fellow.Status.INCOMING and fellow.appointment_start <= today:
        reasons.append("appointment has started but status is still incoming")
    if in_program:
        if not fellow.laboratory_id:
            reasons.append("no laboratory")
        if not any(m.kind == Mentorship.Kind.PRIMARY for m in fellow.mentors_now):
            reasons.append("no current primary mentor")
        if fellow.appointment_end < today:
            reasons.append(f"appointment ended {_day(fellow.appointment_end)}; status not updated")
        elif fellow.appointment_end <= today + timedelta(days=ENDING_SOON_DAYS):
            reasons.append(f"appointment ends {_day(fellow.appointment_end)}")
    if fellow.status == Fellow.Status.ON_LEAVE and not any(
        leave.start <= today <= leave.end for leave in fellow.leaves.all()
    ):
        reasons.append("on leave but no leave recorded for today")
    return reasons


def staff_dashboard(program: Program, today: date | None = None) -> StaffDashboard:
    today = today or timezone.localdate()
    fellows = list(fellows_for_list(program).prefetch_related("leaves"))
    counts = Counter((f.cohort_year, f.status) for f in fellows)
    cohorts = sorted({f.cohort_year for f in fellows}, reverse=True)
    attention = []
    for fellow in fellows:
        reasons = attention_reasons(fellow, today)
        if reasons:
            attention.append(Attention(fellow, reasons))
    institutions = institutions_for_list(program)
    return StaffDashboard(
        cohorts=cohorts,
        statuses=list(Fellow.Status.choices),
        counts=dict(counts),
        totals_by_status=dict(Counter(f.status for f in fellows)),
        totals_by_cohort=dict(Counter(f.cohort_year for f in fellows)),
        attention=attention,
        lab_count=Laboratory.objects.filter(institution__program=program).count(),
        faculty_count=FacultyMember.objects.filter(program=program).count(),
        institution_count=institutions.count(),
    )


def mentees_of(program: Program, faculty_id: int | None):
    """The fellows a faculty member mentors (Mentorship.objects.current: a fellow placed in
    their lab before the appointment starts included), with their labs. Before such a
    mentorship begins the mentor opens only the research plan (accounts.roles)."""
    if faculty_id is None:
        return Fellow.objects.none()
    mine = Mentorship.objects.current().filter(faculty_id=faculty_id).order_by("kind", "start")
    return (
        fellows_for_list(program)
        .filter(mentorships__in=mine)
        .distinct()
        .prefetch_related(Prefetch("mentorships", queryset=mine, to_attr="my_mentorships"))
    )


@dataclass
class FellowAtAGlance:
    fellow: Fellow
    mentors: list[Mentorship]
    months_in_training: float
    months_total: float
    on_leave_now: Leave | None
    next_leave: Leave | None


def fellow_at_a_glance(program: Program, fellow_id: int, today: date | None = None):
    today = today or timezone.localdate()
    fellow = fellow_for_detail(program, fellow_id)
    leaves = list(fellow.leaves.all())
    periods = [Period(leave.start, leave.end) for leave in leaves]
    as_of = min(today, fellow.appointment_end)
    return FellowAtAGlance(
        fellow=fellow,
        mentors=[m for m in fellow.mentorships.all() if m.is_current_on(today)],
        months_in_training=months_of_training(fellow.appointment_start, as_of, periods)
        if today >= fellow.appointment_start
        else 0.0,
        months_total=months_of_training(fellow.appointment_start, fellow.appointment_end, []),
        on_leave_now=next((lv for lv in leaves if lv.start <= today <= lv.end), None),
        next_leave=next((lv for lv in leaves if lv.start > today), None),
    )
