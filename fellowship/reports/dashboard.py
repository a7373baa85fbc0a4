"""The director's dashboard: each picture counts rows sorted into (bar, series) pairs.

One classifier per chart sorts each row (a fellow, a milestone, a publication ...) into a
bar and a series; the chart counts the pairs and the page behind a bar lists the rows of
that pair. So a count and the list it links to cannot disagree. Every chart costs a fixed
number of queries whatever the number of trainees.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from fellowship.curriculum.selectors import fellow_audits
from fellowship.grants.models import GrantApplication
from fellowship.placement.models import Assignment
from fellowship.programs.models import Fellow, Position
from fellowship.progress.models import Milestone, Phase
from fellowship.progress.schedule import PHASE_MONTHS, add_months
from fellowship.publications.models import Authorship, Publication
from fellowship.thesis.models import Thesis


@dataclass
class Item:
    """One row behind a chart: what the rows page shows and where it links."""

    bar: str
    series: str
    cells: list[str]
    url: str
    sort: tuple = ()


@dataclass
class Chart:
    key: str
    title: str
    summary: str  # what the picture shows, said in words
    bar_label: str  # what a bar is ("Cohort", "Year" ...)
    row_headers: list[str]
    series: list[tuple[str, str]]  # (key, label), in stacking order
    bars: list[str] = field(default_factory=list)  # in display order
    counts: Counter = field(default_factory=Counter)  # (bar, series) -> n
    empty: str = "Nothing recorded yet."

    def total(self, bar: str) -> int:
        return sum(self.counts[(bar, s)] for s, _ in self.series)

    @property
    def largest(self) -> int:
        return max((self.total(b) for b in self.bars), default=0)


def _count(chart: Chart, items: list[Item], bars: list[str] | None = None) -> Chart:
    chart.counts = Counter((i.bar, i.series) for i in items)
    seen = bars if bars is not None else sorted({i.bar for i in items})
    chart.bars = [b for b in seen if chart.total(b)]
    return chart


# Fellows by cohort and phase ---------------------------------------------------------------

PHASES = [
    ("incoming", "Incoming"),
    ("coursework", "Coursework and mentorship"),
    ("thesis", "Thesis project"),
    ("grant", "Mentored grant"),
    ("on_leave", "On leave"),
    ("completed", "Completed"),
    ("withdrawn", "Withdrawn"),
]


def fellow_phase(fellow: Fellow, today: dt.date) -> str:
    """The latest phase a current fellow has begun (the progress app's phase months);
    else their status."""
    if fellow.status in ("active", "orientation"):
        for phase in ("grant", "thesis"):
            if add_months(fellow.appointment_start, PHASE_MONTHS[phase][0]) <= today:
                return phase
        return "coursework"
    return fellow.status


def _fellow_url(urls, fellow) -> str:
    return urls("programs:fellow_detail", pk=fellow.pk)


def cohort_phase(program, today, urls) -> tuple[Chart, list[Item]]:
    fellows = Fellow.objects.filter(program=program).order_by("last_name", "first_name")
    items = [
        Item(
            str(f.cohort_year),
            fellow_phase(f, today),
            [f.sort_name, str(f.cohort_year), f.get_status_display()],
            _fellow_url(urls, f),
        )
        for f in fellows
    ]
    chart = Chart(
        "cohorts", "Fellows by cohort and phase",
        "Each bar is a cohort (year of entry); current fellows by the latest phase begun.",
        "Cohort", ["Fellow", "Cohort", "Status"], PHASES,
    )  # fmt: skip
    return _count(chart, items, sorted({i.bar for i in items}, reverse=True)), items


# Milestones ----------------------------------------------------------------------------------

MILESTONE_SERIES = [
    ("on_time", "Done on time"),
    ("late", "Done late"),
    ("overdue", "Overdue"),
    ("due", "Due soon"),
    ("upcoming", "Upcoming"),
]


def milestone_state(m: Milestone, today: dt.date) -> str:
    if m.done_on:
        return "late" if m.late else "on_time"
    return m.status_on(today)


def milestones(program, today, urls) -> tuple[Chart, list[Item]]:
    rows = (
        Milestone.objects.filter(fellow__program=program, fellow__status__in=Fellow.IN_TRAINING)
        .select_related("fellow", "template")
        .order_by("due_date")
    )
    items = [
        Item(
            m.template.get_phase_display(),
            milestone_state(m, today),
            [
                m.fellow.sort_name,
                m.template.name,
                f"{m.due_date:%b %-d, %Y}",
                f"{m.done_on:%b %-d, %Y}" if m.done_on else "Not done",
            ],
            urls("progress:timeline", pk=m.fellow_id),
        )  # fmt: skip
        for m in rows
    ]
    chart = Chart(
        "milestones", "Milestones of current fellows: on time or overdue",
        "Each bar is a phase of the program; its milestones by whether they were done on "
        "time, late, or are overdue, due soon or upcoming.",
        "Phase", ["Fellow", "Milestone", "Due", "Done"], MILESTONE_SERIES,
    )  # fmt: skip
    return _count(chart, items, [label for _, label in Phase.choices]), items


# Placement -----------------------------------------------------------------------------------

PLACEMENT_SERIES = [
    ("first", "First choice"),
    ("second", "Second choice"),
    ("third_on", "Third choice or lower"),
    ("unlisted", "Laboratory not listed"),
    ("unplaced", "Not placed"),
]


def _choice(a: Assignment) -> str:
    if a.laboratory_id is None:
        return "unplaced"
    if a.choice_rank is None:
        return "unlisted"
    return {1: "first", 2: "second"}.get(a.choice_rank, "third_on")


def placement(program, today, urls) -> tuple[Chart, list[Item]]:
    rows = (
        Assignment.objects.filter(round__program=program)
        .select_related("round", "fellow", "laboratory")
        .order_by("-round__cohort_year", "fellow__last_name")
    )
    items = [
        Item(
            a.round.name,
            _choice(a),
            [
                a.fellow.sort_name,
                a.laboratory.name if a.laboratory else "Not placed",
                str(a.choice_rank or "—"),
            ],
            _fellow_url(urls, a.fellow),
        )  # fmt: skip
        for a in rows
    ]
    chart = Chart(
        "placement", "Placement outcomes",
        "Each bar is a placement round; fellows by the rank they gave the laboratory "
        "they were placed in.",
        "Round", ["Fellow", "Laboratory", "Fellow's rank"], PLACEMENT_SERIES,
        empty="No placement round has placed fellows yet.",
    )  # fmt: skip
    return _count(chart, items, list(dict.fromkeys(i.bar for i in items))), items


# Degree and thesis ---------------------------------------------------------------------------

COMPLETION_SERIES = [
    ("complete", "Complete"),
    ("in_progress", "In progress"),
    ("not_started", "Not started"),
    ("not_complete", "Left without it"),
    ("unknown", "No audit possible"),
]
DEGREE_BAR = "MMSc degree"
THESIS_BAR = "Master's thesis"


def completion(program, today, urls) -> tuple[Chart, list[Item]]:
    """Fellows who have started (not incoming): the degree audit and the thesis state."""
    fellows = list(
        Fellow.objects.filter(program=program)
        .exclude(status="incoming")
        .order_by("last_name", "first_name")
    )
    theses = dict(Thesis.objects.filter(fellow__program=program).values_list("fellow_id", "state"))
    items = []
    for audit in fellow_audits(program, fellows):
        f = audit.fellow
        if audit.result is None:
            state, label = "unknown", audit.problem or "No degree requirements apply"
        elif audit.result.complete:
            state, label = "complete", "Complete"
        elif f.status in Fellow.IN_TRAINING:
            state, label = "in_progress", audit.state_label
        else:
            state, label = "not_complete", audit.state_label
        items.append(
            Item(DEGREE_BAR, state, [f.sort_name, str(f.cohort_year), label],
                 urls("curriculum:degree_audit", pk=f.pk))
        )  # fmt: skip
        thesis = theses.get(f.pk)
        if thesis is None:
            state = "not_started" if f.status in Fellow.IN_TRAINING else "not_complete"
            label = "No thesis record"
        elif thesis == Thesis.State.COMPLETE:
            state, label = "complete", "Complete"
        else:
            state = "in_progress" if f.status in Fellow.IN_TRAINING else "not_complete"
            label = Thesis.State(thesis).label
        items.append(
            Item(THESIS_BAR, state, [f.sort_name, str(f.cohort_year), label],
                 urls("thesis:detail", fellow=f.pk))
        )  # fmt: skip
    chart = Chart(
        "completion", "Degree and thesis completion",
        "Every fellow who has started: the MMSc by the degree audit, the Master's thesis by "
        "its record.",
        "Record", ["Fellow", "Cohort", "Standing"], COMPLETION_SERIES,
    )  # fmt: skip
    return _count(chart, items, [DEGREE_BAR, THESIS_BAR]), items


# Grants ----------------------------------------------------------------------------------------

GRANT_SERIES = [
    ("preparing", "In preparation"),
    ("submitted", "Submitted or scored"),
    ("funded", "Funded"),
    ("not_funded", "Not funded"),
]
_STAGE_SERIES = {
    GrantApplication.Stage.SUBMITTED: "submitted",
    GrantApplication.Stage.SCORED: "submitted",
    GrantApplication.Stage.FUNDED: "funded",
    GrantApplication.Stage.NOT_FUNDED: "not_funded",
}


def grants(program, today, urls) -> tuple[Chart, list[Item]]:
    rows = (
        GrantApplication.objects.filter(fellow__program=program)
        .select_related("fellow")
        .order_by("-target_due_date")
    )
    items = [
        Item(
            a.mechanism,
            _STAGE_SERIES.get(a.stage, "preparing"),
            [
                a.fellow.sort_name,
                a.mechanism,
                a.title,
                a.get_stage_display(),
                f"{a.target_due_date:%b %-d, %Y}",
            ],
            urls("grants:application_detail", pk=a.pk),
        )  # fmt: skip
        for a in rows
    ]
    chart = Chart(
        "grants", "K99 and other grant applications",
        "Each bar is a mechanism; fellows' applications by where they stand.",
        "Mechanism", ["Fellow", "Mechanism", "Title", "Stage", "Due"], GRANT_SERIES,
    )  # fmt: skip
    counts = Counter(i.bar for i in items)
    return _count(chart, items, sorted(counts, key=lambda b: (b != "K99", -counts[b], b))), items


# Alumni by sector ------------------------------------------------------------------------------

NO_POSITION = "No current position"


def alumni_sectors(program, today, urls) -> tuple[Chart, list[Item]]:
    fellows = (
        Fellow.objects.filter(program=program, status="completed")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.order_by("-start")))
        .order_by("last_name", "first_name")
    )
    items = []
    for f in fellows:
        held = [
            p
            for p in f.positions.all()
            if f.appointment_start <= p.start <= today and (p.end is None or p.end >= today)
        ]
        current = held[0] if held else None
        sector = current.get_sector_display() if current else NO_POSITION
        where = f"{current.title}, {current.institution}" if current else "—"
        items.append(
            Item(sector, "alumni", [f.sort_name, str(f.cohort_year), where],
                 _fellow_url(urls, f))
        )  # fmt: skip
    chart = Chart(
        "sectors", "Alumni by sector of current position",
        "Each bar is a sector; the alumni whose current position is in it.",
        "Sector", ["Alumnus", "Cohort", "Current position"], [("alumni", "Alumni")],
    )  # fmt: skip
    order = [label for _, label in Position.Sector.choices] + [NO_POSITION]
    return _count(chart, items, order), items


# Publications per year -------------------------------------------------------------------------


def publications(program, today, urls) -> tuple[Chart, list[Item]]:
    """Publications with at least one linked trainee author, by year and by whether the
    trainee is current or an alumnus (the later of the two when both)."""
    linked = Authorship.objects.filter(
        publication=OuterRef("pk"), fellow__isnull=False, match=Authorship.Match.LINKED
    )
    current = linked.filter(fellow__status__in=Fellow.IN_TRAINING)
    rows = (
        Publication.objects.filter(program=program)
        .annotate(by_trainee=Exists(linked), by_current=Exists(current))
        .filter(by_trainee=True)
        .order_by("-year", "title")
    )
    items = [
        Item(
            str(p.year),
            "current" if p.by_current else "past",
            [str(p.year), p.title, p.journal],
            urls("publications:detail", pk=p.pk),
        )
        for p in rows
    ]
    chart = Chart(
        "publications", "Trainee publications per year",
        "Each bar is a year; publications with a current trainee or an alumnus among the "
        "authors (linked authorships only).",
        "Year", ["Year", "Title", "Journal"],
        [("current", "With a current trainee"), ("past", "By alumni only")],
    )  # fmt: skip
    return _count(chart, items, sorted({i.bar for i in items}, reverse=True)), items


CHARTS = {
    "cohorts": cohort_phase,
    "milestones": milestones,
    "placement": placement,
    "completion": completion,
    "grants": grants,
    "sectors": alumni_sectors,
    "publications": publications,
}


# Pictures ----------------------------------------------------------------------------------

WIDTH, LABEL_WIDTH, ROW_HEIGHT, TOTAL_WIDTH = 640, 190, 26, 44


def picture(chart: Chart, url_for_bar) -> dict:
    """Coordinates of a horizontal stacked bar chart (SVG user units), with the link of
    each segment: `url_for_bar(bar, series)`."""
    scale = (WIDTH - LABEL_WIDTH - TOTAL_WIDTH) / (chart.largest or 1)
    rows = []
    for i, bar in enumerate(chart.bars):
        x = LABEL_WIDTH
        segments = []
        for n, (key, label) in enumerate(chart.series):
            count = chart.counts[(bar, key)]
            if not count:
                continue
            width = round(count * scale, 1)
            segments.append(
                {"x": round(x, 1), "width": width, "count": count, "label": label,
                 "index": n, "url": url_for_bar(bar, key), "wide": width >= 18}
            )  # fmt: skip
            x += width
        rows.append(
            {"bar": bar, "y": i * ROW_HEIGHT, "segments": segments, "total": chart.total(bar),
             "total_x": round(x + 6, 1)}
        )  # fmt: skip
    table = [
        {"bar": bar, "cells": [(chart.counts[(bar, key)], url_for_bar(bar, key))
                               for key, _ in chart.series], "total": chart.total(bar)}
        for bar in chart.bars
    ]  # fmt: skip
    return {
        "chart": chart,
        "rows": rows,
        "table": table,
        "width": WIDTH,
        "height": max(1, len(chart.bars)) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH - 8,
        "legend": [(n, label) for n, (_, label) in enumerate(chart.series)],
    }
