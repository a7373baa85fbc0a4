"""Reads that the curriculum pages, exports and the command share.

`fellow_audits()` audits many fellows in a fixed number of queries (the catalog, the
requirement versions with their rows, the enrollments), whatever the number of fellows:
the cohort table and its exports cost the same with one fellow as with fifty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from fellowship.programs.models import Fellow

from . import audit, degree
from .models import Course, Enrollment, Requirement, RequirementSet


def catalog(program, *, active_only: bool = False):
    courses = Course.objects.filter(program=program)
    return courses.filter(active=True) if active_only else courses


def requirement_sets(program):
    return RequirementSet.objects.filter(program=program).prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.select_related("course"))
    )


def cohort_years(program) -> list[int]:
    years = Fellow.objects.filter(program=program).values_list("cohort_year", flat=True)
    return sorted(set(years), reverse=True)


def cohort_fellows(program, cohort_year: int):
    return Fellow.objects.filter(program=program, cohort_year=cohort_year).order_by(
        "last_name", "first_name"
    )


@dataclass
class FellowAudit:
    """One fellow's audit with what the pages show around it."""

    fellow: Fellow
    requirement_set: RequirementSet | None = None
    result: audit.AuditResult | None = None
    outlook: audit.PlanOutlook | None = None
    enrollments: list[Enrollment] = field(default_factory=list)
    problem: str | None = None  # why there is no audit (no requirements for the cohort ...)
    courses: dict[str, Course] = field(default_factory=dict, repr=False)

    @property
    def lacks(self) -> list[str]:
        if self.result is None:
            return []
        return [r.missing for r in self.result.requirements if r.missing]

    @property
    def met_count(self) -> int:
        return sum(r.satisfied for r in self.result.requirements) if self.result else 0

    @property
    def credits_required(self):
        if self.result is None:
            return None
        for r in self.result.requirements:
            if isinstance(r.requirement, degree.MinTotalCredits):
                return r.credits_needed
        return None

    @property
    def state(self) -> str:
        """complete, on_track, late or short (or unknown without an audit)."""
        if self.result is None:
            return "unknown"
        if self.result.complete:
            return "complete"
        if self.outlook.completes:
            return "on_track"
        return "late" if self.outlook.late_terms else "short"

    @property
    def state_label(self) -> str:
        return {
            "complete": "Degree requirements met",
            "on_track": "On track",
            "late": "Plan runs past the appointment",
            "short": "Plan falls short",
            "unknown": "No audit",
        }[self.state]

    @property
    def plan_text(self) -> str:
        """What the plan of study does by the end of the appointment, in words."""
        if self.result is None:
            return self.problem or ""
        end = f"{self.fellow.appointment_end:%b} {self.fellow.appointment_end.day}, "
        end += f"{self.fellow.appointment_end.year}"
        if self.result.complete:
            return "Every requirement is met."
        if self.outlook.completes:
            return f"The plan completes the degree by the end of the appointment ({end})."
        parts = []
        if self.outlook.late_terms:
            terms = ", ".join(str(t) for t in self.outlook.late_terms)
            parts.append(
                f"{terms} end{'s' if len(self.outlook.late_terms) == 1 else ''} after "
                f"the appointment ({end})"
            )
        parts.append("by then it would still lack " + "; ".join(self.outlook.missing))
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."

    @property
    def enrollments_by_term(self) -> list[tuple[degree.Term, list[Enrollment]]]:
        by_term: dict[degree.Term, list[Enrollment]] = defaultdict(list)
        for e in self.enrollments:
            by_term[e.term].append(e)
        return [(t, sorted(by_term[t], key=lambda e: e.course.code)) for t in sorted(by_term)]


def fellow_audits(program, fellows) -> list[FellowAudit]:
    """Audit each fellow (of `program`) in four queries, whatever their number."""
    fellows = list(fellows)
    courses = {c.pk: c for c in catalog(program)}
    audit_catalog = {c.code: c.to_audit() for c in courses.values()}
    by_code = {c.code: c for c in courses.values()}
    versions = list(requirement_sets(program))
    audit_versions = {}
    problems = {}
    for rs in versions:
        try:
            audit_versions[rs.pk] = rs.to_audit()
        except ValueError as error:
            problems[rs.pk] = str(error)
    enrollments: dict[int, list[Enrollment]] = defaultdict(list)
    if fellows:
        rows = Enrollment.objects.filter(fellow__in=[f.pk for f in fellows]).order_by("pk")
        for e in rows:
            e.course = courses[e.course_id]
            enrollments[e.fellow_id].append(e)
    results = []
    for fellow in fellows:
        mine = enrollments.get(fellow.pk, [])
        for e in mine:
            e.fellow = fellow
        item = FellowAudit(fellow=fellow, enrollments=mine, courses=by_code)
        chosen = _version_for(versions, fellow.cohort_year)
        if chosen is None:
            item.problem = f"No degree requirements apply to the {fellow.cohort_year} cohort yet."
        elif chosen.pk in problems:
            item.requirement_set = chosen
            item.problem = problems[chosen.pk]
        else:
            item.requirement_set = chosen
            try:
                item.result = audit.audit(
                    audit_versions[chosen.pk],
                    audit_catalog,
                    [e.to_audit(courses[e.course_id].code) for e in mine],
                )
            except ValueError as error:
                item.problem = str(error)
            else:
                item.outlook = item.result.plan_completes_by(fellow.appointment_end)
        results.append(item)
    return results


def _version_for(versions, cohort_year: int):
    applicable = [rs for rs in versions if rs.cohort_from <= cohort_year]
    return max(applicable, key=lambda rs: rs.cohort_from) if applicable else None


def fellow_audit(fellow) -> FellowAudit:
    return fellow_audits(fellow.program, [fellow])[0]


def cohort_audits(program, cohort_year: int) -> list[FellowAudit]:
    return fellow_audits(program, cohort_fellows(program, cohort_year))


def mentee_audits(program, mentee_ids) -> list[FellowAudit]:
    fellows = Fellow.objects.filter(program=program, pk__in=mentee_ids).order_by(
        "cohort_year", "last_name", "first_name"
    )
    return fellow_audits(program, fellows)


# The cohort table and its exports ---------------------------------------------------------

EXPORT_HEADER = [
    "Fellow",
    "Email",
    "Cohort",
    "Status",
    "Requirements version",
    "Credits earned",
    "Credits planned",
    "Credits required",
    "Requirements met",
    "Requirements",
    "Still lacks",
    "Plan of study",
]


def export_rows(audits: list[FellowAudit]) -> list[list]:
    """One row per fellow, the same as the cohort table shows."""
    rows = []
    for a in audits:
        f = a.fellow
        if a.result is None:
            rows.append([f.sort_name, f.email, f.cohort_year, f.get_status_display(),
                         a.requirement_set.version if a.requirement_set else "",
                         "", "", "", "", "", "", a.problem or ""])  # fmt: skip
            continue
        required = a.credits_required
        rows.append(
            [
                f.sort_name,
                f.email,
                f.cohort_year,
                f.get_status_display(),
                a.result.version,
                float(a.result.credits_earned_total),
                float(a.result.credits_planned_total),
                float(required) if required is not None else "",
                a.met_count,
                len(a.result.requirements),
                "; ".join(a.lacks) or "Nothing",
                a.plan_text,
            ]
        )
    return rows
