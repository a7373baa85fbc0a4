"""RPPR trainee summaries: a drafted paragraph per current trainee. Pure Python, no Django.

The draft says only what the records hold, so it can go into the RPPR as it is: what they do
not hold (presentations and honors are not kept in Fellowship) goes in a separate checklist
for the coordinator, never into the paragraph, so no placeholder reaches an export.
Coursework is the degree audit's: the courses that count toward the MMSc and the credits
earned, so a grade below the minimum is not reported as completed.
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
    # The courses the degree audit counts toward the MMSc ("BMI 701 Principles ...") and the
    # credits it says are earned; `audited` is False when no audit applies to the cohort.
    courses_completed: list[str] = field(default_factory=list)
    credits_completed: float = 0
    audited: bool = True
    degree_standing: str = ""  # "Degree requirements met", "On track" ... or ""
    publications: list[str] = field(default_factory=list)  # short references
    idp_year: int | None = None  # the latest IDP in use (submitted or signed off)


def _series(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f", and {items[-1]}"


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth"}.get(n, f"{n}th")


# What no draft says, for the coordinator to add before exporting.
PRESENTATIONS_AND_HONORS = (
    "Presentations and honors are not recorded in Fellowship; add them before exporting."
)
# Wording of earlier drafts that asked for an edit; a saved paragraph must not keep it.
PLACEHOLDERS = ("add them here",)


def placeholder_in(text: str) -> str | None:
    """The placeholder left in `text`, if any."""
    lowered = text.lower()
    return next((p for p in PLACEHOLDERS if p in lowered), None)


def checklist(facts: SummaryFacts) -> list[str]:
    """What the coordinator should add or check before the paragraph goes into the RPPR."""
    items = [PRESENTATIONS_AND_HONORS]
    if not facts.mentors:
        items.append("No current mentor is recorded; add the mentorship or write it in.")
    if not facts.topic:
        items.append("No research topic is recorded; choose the fellow's topics or write it in.")
    if not facts.audited:
        items.append(
            "No degree audit applies to the cohort, so the draft leaves coursework out; "
            "write it in."
        )
    return items


def draft(facts: SummaryFacts) -> str:
    """One paragraph: mentor, project, coursework, publications, IDP. Nothing in it asks
    for an edit (see `checklist`)."""
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
    # Without an audit there is nothing sure to say about coursework: the checklist asks.
    if facts.audited and facts.courses_completed:
        credits = f"{facts.credits_completed:g}"
        standing = f"; {facts.degree_standing.lower()}" if facts.degree_standing else ""
        s.append(
            f"Coursework completed toward the MMSc: {_series(facts.courses_completed)} "
            f"({credits} credits{standing})."
        )
    elif facts.audited:
        s.append("No coursework is recorded as completed yet.")
    count = len(facts.publications)
    if count:
        noun = "publication" if count == 1 else "publications"
        s.append(f"{count} {noun} since entry: {'; '.join(facts.publications)}.")
    else:
        s.append("No publications are recorded since entry.")
    if facts.idp_year:
        s.append(f"An Individual Development Plan is in use (training year {facts.idp_year}).")
    else:
        s.append("No Individual Development Plan is recorded as in use.")
    return " ".join(s)
