"""NIH training data tables built from plain facts about trainees. Pure Python, no Django.

A table is named by a stable key (`TRAINEE_OUTCOMES_POSTDOC`, `TRAINEE_PUBLICATIONS`), not
by the letter or number NIH gives it in this year's instructions; `NIH_NAMES` maps the key
to NIH's current name for titles and file names.

Both tables choose their trainees with `select_trainees`, so for one part and one period
Table 5 and Table 8 list exactly the same people; only their default look-backs differ
(NIH's: 15 years for Table 8 Part I, 10 for Table 5 Part I, 5 for either Part II).
Where the records lack something a cell needs, the cell says so ("Not recorded").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fellowship.publications.citation import nih_citation  # pure Python, like this module

TRAINEE_OUTCOMES_POSTDOC = "trainee_outcomes_postdoc"
TRAINEE_PUBLICATIONS = "trainee_publications"
TABLE_KEYS = (TRAINEE_OUTCOMES_POSTDOC, TRAINEE_PUBLICATIONS)

NIH_NAMES = {
    TRAINEE_OUTCOMES_POSTDOC: "Table 8",
    TRAINEE_PUBLICATIONS: "Table 5",
}
TITLES = {
    TRAINEE_OUTCOMES_POSTDOC: "Program Outcomes: Postdoctoral",
    TRAINEE_PUBLICATIONS: "Publications of Those in Training: Postdoctoral",
}
PART_NAMES = {1: "Part I. Those Appointed to the Training Grant", 2: "Part II. Recent Graduates"}

# Years looked back, counting the last year: NIH's instructions.
LOOKBACK_YEARS = {
    (TRAINEE_OUTCOMES_POSTDOC, 1): 15,
    (TRAINEE_OUTCOMES_POSTDOC, 2): 5,
    (TRAINEE_PUBLICATIONS, 1): 10,
    (TRAINEE_PUBLICATIONS, 2): 5,
}

NOT_RECORDED = "Not recorded"
IN_TRAINING = "In training"
# Mirrors Fellow.IN_TRAINING (a pure module imports no models); a test pins them equal.
CURRENT_STATUSES = {"orientation", "active", "on_leave"}

# NIH's reasons for a trainee without publications, in the order they are tried.
LEFT_PROGRAM = "Left program"
LEAVE_OF_ABSENCE = "Leave of absence"
NEW_ENTRANT = "New entrant"
CHANGE_OF_SUPERVISOR = "Change of research supervisor"
OTHER = "Other"

OUTCOMES_HEADERS = [
    "Trainee",
    "Doctoral Degree(s) and Year(s)",
    "Faculty Member",
    "Start Date",
    "Summary of Support During Training",
    "Degree(s) Resulting from Training and Year(s)",
    "Topic of Research Project",
    "Initial Position Department Institution Activity",
    "Current Position Department Institution Activity",
    "Subsequent Grant(s)/Role/Year Awarded",
]
SUPPORT_HEADER = "Summary of Support During Training"
PUBLICATIONS_HEADERS = [
    "Trainee Name",
    "Faculty Member",
    "Past or Current Trainee",
    "Training Period",
    "Publication",
]


class ReportError(ValueError):
    """A request for a table that cannot be built (a bad period or part)."""


# Facts in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorFacts:
    name: str  # "Last, First"
    primary: bool
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class PositionFacts:
    title: str
    department: str
    institution: str
    activity: str  # NIH's words: "Primarily research" ...
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class GrantFacts:
    mechanism: str
    role: str  # "PI", "MPI", "Co-I" ...
    year: int


@dataclass(frozen=True)
class PublicationFacts:
    """A publication with its authors as cited; `trainee_authors` are the positions (from 0)
    of the trainee among the authors, set in bold in the DOCX."""

    authors: tuple[str, ...]
    title: str
    year: int
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    status: str = ""  # "In press" ... for what is not yet published
    trainee_authors: tuple[int, ...] = ()


@dataclass
class TraineeFacts:
    key: int
    sort_name: str  # "Last, First M."
    entry_year: int
    appointment_start: dt.date
    appointment_end: dt.date
    status: str  # incoming, orientation, active, on_leave, completed, withdrawn
    doctoral_degrees: list[tuple[str, int]] = field(default_factory=list)
    mentors: list[MentorFacts] = field(default_factory=list)
    leaves: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    # The degree the training leads to: "complete" (with its year), "in_progress", "none"
    # (left without it) or "unknown" (no degree audit possible).
    training_degree: str = ""
    training_degree_state: str = "unknown"
    training_degree_year: int | None = None
    topic: str = ""
    positions: list[PositionFacts] = field(default_factory=list)
    grants: list[GrantFacts] = field(default_factory=list)
    publications: list[PublicationFacts] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


# Table out -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass
class Cell:
    """A table cell: paragraphs of runs (bold where the DOCX must bold)."""

    paragraphs: list[list[Run]]

    @classmethod
    def plain(cls, text: str) -> Cell:
        return cls([[Run(line)] for line in text.split("\n")])

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in p) for p in self.paragraphs)


@dataclass
class ReportTable:
    key: str
    part: int
    first_year: int
    last_year: int
    headers: list[str]
    rows: list[list[Cell]]
    trainee_keys: list[int]  # in row order: what the 5/8 consistency rule compares
    program_name: str = ""
    grant_number: str = ""

    @property
    def nih_name(self) -> str:
        return NIH_NAMES[self.key]

    @property
    def title(self) -> str:
        return f"{NIH_NAMES[self.key]}. {TITLES[self.key]}"

    @property
    def subtitle(self) -> str:
        return f"{PART_NAMES[self.part]}, {self.first_year}–{self.last_year}"

    @property
    def file_stem(self) -> str:
        nih = NIH_NAMES[self.key].lower().replace(" ", "")
        return f"{nih}-part{self.part}-{self.first_year}-{self.last_year}"

    def text_rows(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


# Period and trainees -------------------------------------------------------------------


def check_part(part: int) -> int:
    if part not in (1, 2):
        raise ReportError(f"There is no Part {part}: choose Part 1 or Part 2.")
    return part


def period(
    key: str, part: int, *, as_of: dt.date, first: int | None = None, last: int | None = None
) -> tuple[int, int]:
    """The years a table covers: NIH's look-back ending in `as_of`'s year unless given."""
    if key not in TABLE_KEYS:
        raise ReportError(f"There is no table “{key}”.")
    check_part(part)
    last = as_of.year if last is None else last
    first = last - LOOKBACK_YEARS[(key, part)] + 1 if first is None else first
    for label, year in (("first", first), ("last", last)):
        if not 1950 <= year <= 2100:
            raise ReportError(f"The {label} year ({year}) must lie between 1950 and 2100.")
    if first > last:
        raise ReportError(f"The first year ({first}) comes after the last year ({last}).")
    return first, last


def select_trainees(
    trainees: list[TraineeFacts], *, part: int, first: int, last: int, as_of: dt.date
) -> list[TraineeFacts]:
    """Part I: appointed in the period (and started by `as_of`). Part II: completed the
    program in the period. Ordered by year of entry, then name."""
    check_part(part)
    if part == 1:
        chosen = [
            t
            for t in trainees
            if first <= t.appointment_start.year <= last and t.appointment_start <= as_of
        ]
    else:
        chosen = [
            t
            for t in trainees
            if t.status == "completed"
            and first <= t.appointment_end.year <= last
            and t.appointment_end <= as_of
        ]
    return sorted(chosen, key=lambda t: (t.entry_year, t.sort_name.lower(), t.key))


# Cells ---------------------------------------------------------------------------------


def month_year(day: dt.date) -> str:
    return f"{day:%m/%Y}"


def faculty_cell(trainee: TraineeFacts) -> str:
    """Up to two mentors: primary ones first (earliest first), then secondary; or TBD."""
    ordered = sorted(trainee.mentors, key=lambda m: (not m.primary, m.start, m.name))
    names = []
    for m in ordered:
        if m.name not in names:
            names.append(m.name)
    return "; ".join(names[:2]) if names else "TBD"


def doctoral_cell(trainee: TraineeFacts) -> str:
    if not trainee.doctoral_degrees:
        return NOT_RECORDED
    return "; ".join(f"{degree} {year}" for degree, year in trainee.doctoral_degrees)


def training_years(trainee: TraineeFacts, as_of: dt.date) -> int:
    """Training years begun by `as_of` (or by the end of the appointment)."""
    until = min(trainee.appointment_end, as_of)
    if until < trainee.appointment_start:
        return 0
    return 1 + int((until - trainee.appointment_start).days // 365.25)


def support_cell(trainee: TraineeFacts, as_of: dt.date, grant_number: str) -> str:
    years = training_years(trainee, as_of)
    if not years:
        return NOT_RECORDED
    source = grant_number or "Training grant"
    return "; ".join(f"Y{n} {source}" for n in range(1, years + 1))


def training_degree_cell(trainee: TraineeFacts) -> str:
    state = trainee.training_degree_state
    if state == "complete":
        year = f" {trainee.training_degree_year}" if trainee.training_degree_year else ""
        return f"{trainee.training_degree}{year}"
    if state == "in_progress" or (state != "none" and trainee.is_current):
        return IN_TRAINING
    if state == "none":
        return "None"
    return NOT_RECORDED


def position_text(position: PositionFacts) -> str:
    parts = [position.title, position.department, position.institution, position.activity]
    return "\n".join(p for p in parts if p)


def initial_position(trainee: TraineeFacts) -> PositionFacts | None:
    """The first position begun after the appointment started (jobs before are prior)."""
    after = [p for p in trainee.positions if p.start >= trainee.appointment_start]
    return min(after, key=lambda p: p.start) if after else None


def current_position(trainee: TraineeFacts, as_of: dt.date) -> PositionFacts | None:
    held = [
        p
        for p in trainee.positions
        if p.start >= trainee.appointment_start
        and p.start <= as_of
        and (p.end is None or p.end >= as_of)
    ]
    return max(held, key=lambda p: p.start) if held else None


def position_cell(trainee: TraineeFacts, as_of: dt.date, *, which: str) -> str:
    if trainee.is_current:
        return IN_TRAINING
    found = initial_position(trainee) if which == "initial" else current_position(trainee, as_of)
    return position_text(found) if found else NOT_RECORDED


def grants_cell(trainee: TraineeFacts) -> str:
    grants = sorted(set(trainee.grants), key=lambda g: (g.year, g.mechanism))
    if not grants:
        return "None"
    return "\n".join(f"{g.mechanism}/{g.role}/{g.year}" for g in grants)


def training_period_cell(trainee: TraineeFacts) -> str:
    start = month_year(trainee.appointment_start)
    end = "present" if trainee.is_current else month_year(trainee.appointment_end)
    return f"{start}–{end}"


def citation_runs(pub: PublicationFacts) -> list[Run]:
    """The NIH citation of fellowship.publications.citation, with trainee names bold."""
    runs = []
    for i, name in enumerate(pub.authors):
        if i:
            runs.append(Run(", "))
        runs.append(Run(name, bold=i in pub.trainee_authors))
    if pub.authors:
        runs.append(Run(". "))
    runs.append(Run(_citation_without_authors(pub)))
    return _merge(runs)


def _citation_without_authors(pub: PublicationFacts) -> str:
    return nih_citation(
        authors=[],
        title=pub.title,
        journal=pub.journal,
        year=pub.year,
        volume=pub.volume,
        issue=pub.issue,
        pages=pub.pages,
        pmid=pub.pmid,
        pmcid=pub.pmcid,
        doi=pub.doi,
        status=pub.status,
    )


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + run.text, run.bold)
        else:
            merged.append(run)
    return merged


def no_publication_reason(trainee: TraineeFacts, as_of: dt.date) -> str:
    """Which of NIH's reasons explains a trainee without publications, from the records:
    left the program; leave of absence during training; entered less than a year ago;
    primary mentor changed during training; otherwise "Other"."""
    year_ago = as_of - dt.timedelta(days=365)
    until = min(trainee.appointment_end, as_of)
    if trainee.status == "withdrawn":
        return LEFT_PROGRAM
    if trainee.status == "on_leave" or any(
        start <= until and end >= trainee.appointment_start for start, end in trainee.leaves
    ):
        return LEAVE_OF_ABSENCE
    if trainee.is_current and trainee.appointment_start > year_ago:
        return NEW_ENTRANT
    primaries = sorted((m for m in trainee.mentors if m.primary), key=lambda m: m.start)
    if any(m.start <= until for m in primaries[1:]):
        return CHANGE_OF_SUPERVISOR
    return OTHER


def trainee_publications(trainee: TraineeFacts) -> list[PublicationFacts]:
    """Publications from the year of entry on, oldest first."""
    entered = trainee.appointment_start.year
    chosen = [p for p in trainee.publications if p.year >= entered]
    return sorted(chosen, key=lambda p: (p.year, p.title.lower()))


# The tables ----------------------------------------------------------------------------


def outcomes_table(
    trainees: list[TraineeFacts],
    *,
    part: int,
    as_of: dt.date,
    first: int | None = None,
    last: int | None = None,
    program_name: str = "",
    grant_number: str = "",
) -> ReportTable:
    """NIH Table 8 (postdoctoral). Part II leaves out the support column."""
    first, last = period(TRAINEE_OUTCOMES_POSTDOC, part, as_of=as_of, first=first, last=last)
    chosen = select_trainees(trainees, part=part, first=first, last=last, as_of=as_of)
    headers = [h for h in OUTCOMES_HEADERS if part == 1 or h != SUPPORT_HEADER]
    rows = []
    for t in chosen:
        cells = {
            "Trainee": t.sort_name,
            "Doctoral Degree(s) and Year(s)": doctoral_cell(t),
            "Faculty Member": faculty_cell(t),
            "Start Date": month_year(t.appointment_start),
            SUPPORT_HEADER: support_cell(t, as_of, grant_number),
            "Degree(s) Resulting from Training and Year(s)": training_degree_cell(t),
            "Topic of Research Project": t.topic or NOT_RECORDED,
            "Initial Position Department Institution Activity": position_cell(
                t, as_of, which="initial"
            ),
            "Current Position Department Institution Activity": position_cell(
                t, as_of, which="current"
            ),
            "Subsequent Grant(s)/Role/Year Awarded": grants_cell(t),
        }
        rows.append([Cell.plain(cells[h]) for h in headers])
    return ReportTable(
        key=TRAINEE_OUTCOMES_POSTDOC,
        part=part,
        first_year=first,
        last_year=last,
        headers=headers,
        rows=rows,
        trainee_keys=[t.key for t in chosen],
        program_name=program_name,
        grant_number=grant_number,
    )


def publications_table(
    trainees: list[TraineeFacts],
    *,
    part: int,
    as_of: dt.date,
    first: int | None = None,
    last: int | None = None,
    program_name: str = "",
    grant_number: str = "",
) -> ReportTable:
    """NIH Table 5: each trainee's publications, or the reason there are none."""
    first, last = period(TRAINEE_PUBLICATIONS, part, as_of=as_of, first=first, last=last)
    chosen = select_trainees(trainees, part=part, first=first, last=last, as_of=as_of)
    rows = []
    for t in chosen:
        pubs = trainee_publications(t)
        if pubs:
            citations = Cell([citation_runs(p) for p in pubs])
        else:
            citations = Cell.plain(f"No publications: {no_publication_reason(t, as_of)}")
        rows.append(
            [
                Cell.plain(t.sort_name),
                Cell.plain(faculty_cell(t)),
                Cell.plain("Current" if t.is_current else "Past"),
                Cell.plain(training_period_cell(t)),
                citations,
            ]
        )
    return ReportTable(
        key=TRAINEE_PUBLICATIONS,
        part=part,
        first_year=first,
        last_year=last,
        headers=list(PUBLICATIONS_HEADERS),
        rows=rows,
        trainee_keys=[t.key for t in chosen],
        program_name=program_name,
        grant_number=grant_number,
    )


BUILDERS = {TRAINEE_OUTCOMES_POSTDOC: outcomes_table, TRAINEE_PUBLICATIONS: publications_table}
