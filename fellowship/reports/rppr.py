"""RPPR trainee summaries: a drafted paragraph per current trainee. Pure Python, no Django.

The draft says what the records hold and says plainly what they do not (presentations and
honors are not kept in Fellowship), so the coordinator knows what to add before export.
The IDP sentence reports only whether an Individual Development Plan is in use, as the
RPPR asks; its contents stay private to the fellow, their mentors and the director.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SummaryFacts:
    key: int
    full_name: str
    sort_name: str
    training_year: int  # 1, 2 ... (years begun by the report date)
    mentors: list[str] = field(default_factory=list)  # current mentors, primary first
    laboratory: str = ""
    topic: str = ""
    plan_approved: str = ""  # "MM/YYYY" when the research plan was approved
    courses_completed: list[str] = field(default_factory=list)  # "BMI 701 Principles ..."
    credits_completed: float = 0
    degree_standing: str = ""  # "Degree requirements met", "On track" ... or ""
    publications: list[str] = field(default_factory=list)  # short references
    idp_year: int | None = None  # the latest IDP in use (submitted or signed off)


def _series(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


def draft(facts: SummaryFacts) -> str:
    """One paragraph: mentor, project, coursework, publications and presentations, honors,
    IDP."""
    name = facts.full_name
    s = []
    where = f" in {facts.laboratory}" if facts.laboratory else ""
    if facts.mentors:
        s.append(
            f"{name}, in the {_ordinal(facts.training_year)} year of training, is mentored by "
            f"{_series(facts.mentors)}{where}."
        )
    else:
        s.append(
            f"{name} is in the {_ordinal(facts.training_year)} year of training{where}; "
            "no mentor is recorded yet."
        )
    if facts.topic:
        approved = f" (research plan approved {facts.plan_approved})" if facts.plan_approved else ""
        s.append(f"The research project concerns {facts.topic.lower()}{approved}.")
    else:
        s.append("No research topic is recorded yet.")
    if facts.courses_completed:
        credits = f"{facts.credits_completed:g}"
        standing = f"; {facts.degree_standing.lower()}" if facts.degree_standing else ""
        s.append(
            f"Coursework completed toward the MMSc: {_series(facts.courses_completed)} "
            f"({credits} credits{standing})."
        )
    else:
        s.append("No coursework is recorded as completed yet.")
    count = len(facts.publications)
    if count:
        noun = "publication" if count == 1 else "publications"
        s.append(f"{count} {noun} since entry: {'; '.join(facts.publications)}.")
    else:
        s.append("No publications are recorded since entry.")
    s.append("Presentations and honors are not recorded in Fellowship: add them here.")
    if facts.idp_year:
        s.append(f"An Individual Development Plan is in use (training year {facts.idp_year}).")
    else:
        s.append("No Individual Development Plan is recorded as in use.")
    return " ".join(s)
