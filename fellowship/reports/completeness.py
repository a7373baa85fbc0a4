"""Which trainees lack what the NIH tables need: pure Python over `tables.TraineeFacts`.

Each gap names what is missing, the table(s) that show "Not recorded", "TBD" or a vague
reason because of it, and the kind of record that fixes it (`fix`: the view turns it
into a link to the page where that record is added or edited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import tables

TABLE_8 = tables.NIH_NAMES[tables.TRAINEE_OUTCOMES_POSTDOC]
TABLE_5 = tables.NIH_NAMES[tables.TRAINEE_PUBLICATIONS]

# The kinds of fix, each one page of the application (see views.FIX_LINKS).
FIX_DEGREE = "degree"
FIX_MENTOR = "mentor"
FIX_TOPIC = "topic"
FIX_POSITION = "position"
FIX_AUDIT = "audit"
FIX_PUBLICATIONS = "publications"


@dataclass(frozen=True)
class Gap:
    what: str
    tables: tuple[str, ...]
    fix: str


def trainee_gaps(trainee: tables.TraineeFacts, as_of: dt.date) -> list[Gap]:
    gaps = []
    if not trainee.doctoral_degrees:
        gaps.append(Gap("No doctoral degree and year", (TABLE_8,), FIX_DEGREE))
    if not trainee.mentors:
        gaps.append(Gap("No faculty mentor (the tables say “TBD”)", (TABLE_8, TABLE_5), FIX_MENTOR))
    if not trainee.topic:
        gaps.append(Gap("No research topic (fellow's or laboratory's)", (TABLE_8,), FIX_TOPIC))
    if trainee.training_degree_state == "unknown" and not trainee.is_current:
        gaps.append(
            Gap("Degree from training unknown (no degree audit applies)", (TABLE_8,), FIX_AUDIT)
        )
    if not trainee.is_current and trainee.status != "incoming":
        if tables.initial_position(trainee) is None:
            gaps.append(Gap("No position after training", (TABLE_8,), FIX_POSITION))
        elif tables.current_position(trainee, as_of) is None:
            gaps.append(Gap("No current position", (TABLE_8,), FIX_POSITION))
    if (
        not tables.trainee_publications(trainee)
        and tables.no_publication_reason(trainee, as_of) == tables.OTHER
    ):
        gaps.append(
            Gap(
                "No linked publications and no reason on record (Table 5 says “Other”)",
                (TABLE_5,),
                FIX_PUBLICATIONS,
            )
        )
    return gaps


def incomplete_trainees(
    trainees: list[tables.TraineeFacts], *, as_of: dt.date, first: int, last: int
) -> list[tuple[tables.TraineeFacts, list[Gap]]]:
    """The trainees of Table 8 Part I over the years given, with what each one lacks."""
    chosen = tables.select_trainees(trainees, part=1, first=first, last=last, as_of=as_of)
    found = []
    for trainee in chosen:
        gaps = trainee_gaps(trainee, as_of)
        if gaps:
            found.append((trainee, gaps))
    return found
