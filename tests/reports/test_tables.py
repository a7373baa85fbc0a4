"""The table builders on hand-made facts with known answers (no database)."""

import datetime as dt

import pytest

from fellowship.publications.citation import nih_citation
from fellowship.reports import tables as t

AS_OF = dt.date(2026, 11, 25)
D = dt.date


def trainee(key, last, first, start, end, status="completed", **extra):
    return t.TraineeFacts(
        key=key,
        sort_name=f"{last}, {first}",
        entry_year=start.year,
        appointment_start=start,
        appointment_end=end,
        status=status,
        **extra,
    )


def mentor(name, start, primary=True, end=None):
    return t.MentorFacts(name=name, primary=primary, start=start, end=end)


PAPER = t.PublicationFacts(
    authors=("Zhou L", "Adams B", "Mentor MM"),
    title="Predicting sepsis from notes",
    journal="J Am Med Inform Assoc",
    year=2021,
    volume="28",
    issue="4",
    pages="812-820",
    pmid="33012345",
    pmcid="PMC7912345",
    trainee_authors=(1,),
)


@pytest.fixture
def scenario():
    """Five trainees over 16 years, each with a known row."""
    return [
        trainee(
            1,
            "Adams",
            "Bea",
            D(2019, 7, 1),
            D(2021, 6, 30),
            doctoral_degrees=[("MD", 2014), ("PhD", 2018)],
            mentors=[mentor("Cole, Ann", D(2019, 7, 1)), mentor("Diaz, Raj", D(2019, 9, 1), False)],
            training_degree="MMSc",
            training_degree_state="complete",
            training_degree_year=2021,
            topic="Clinical NLP",
            positions=[
                t.PositionFacts(
                    "Resident",
                    "Medicine",
                    "City Hospital",
                    "Clinical practice",
                    D(2015, 7, 1),
                    end=D(2018, 6, 30),
                ),  # fmt: skip
                t.PositionFacts(
                    "Instructor",
                    "Pediatrics",
                    "State University",
                    "Primarily research",
                    D(2021, 7, 1),
                    end=D(2023, 6, 30),
                ),  # fmt: skip
                t.PositionFacts(
                    "Assistant Professor",
                    "Pediatrics",
                    "State University",
                    "Primarily research",
                    D(2023, 7, 1),
                ),  # fmt: skip
            ],
            grants=[t.GrantFacts("K99", "PI", 2022), t.GrantFacts("R01", "MPI", 2025)],
            publications=[PAPER],
        ),
        # Appointed 16 years ago: outside the 15-year look-back.
        trainee(2, "Old", "Olga", D(2010, 7, 1), D(2012, 6, 30)),
        # Current, started this year, no mentor yet, nothing recorded.
        trainee(3, "New", "Nia", D(2026, 7, 1), D(2028, 6, 30), status="active"),
        # Left the program in 2013.
        trainee(
            4,
            "Gone",
            "Gus",
            D(2012, 7, 1),
            D(2014, 6, 30),
            status="withdrawn",
            mentors=[mentor("Cole, Ann", D(2012, 7, 1))],
            training_degree_state="none",
        ),
        # Completed in 2024, no publications, primary mentor changed late in training.
        trainee(
            5,
            "Baker",
            "Cy",
            D(2022, 7, 1),
            D(2024, 6, 30),
            mentors=[
                mentor("Cole, Ann", D(2022, 7, 1), end=D(2023, 1, 1)),
                mentor("Diaz, Raj", D(2023, 1, 2)),
                mentor("Egan, Sue", D(2023, 2, 1), False),
            ],
        ),
    ]


def test_table8_part1_known_rows(scenario):
    table = t.outcomes_table(scenario, part=1, as_of=AS_OF, grant_number="T15LM000001")
    assert (table.first_year, table.last_year) == (2012, 2026)
    assert table.headers == t.OUTCOMES_HEADERS
    # Ordered by year of entry; 2010's trainee is outside the 15-year look-back.
    assert table.trainee_keys == [4, 1, 5, 3]
    rows = {r[0]: r for r in table.text_rows()}
    assert rows["Adams, Bea"] == [
        "Adams, Bea",
        "MD 2014; PhD 2018",
        "Cole, Ann; Diaz, Raj",
        "07/2019",
        "Y1 T15LM000001; Y2 T15LM000001",
        "MMSc 2021",
        "Clinical NLP",
        "Instructor\nPediatrics\nState University\nPrimarily research",
        "Assistant Professor\nPediatrics\nState University\nPrimarily research",
        "K99/PI/2022\nR01/MPI/2025",
    ]
    assert rows["New, Nia"] == [
        "New, Nia",
        "Not recorded",
        "TBD",
        "07/2026",
        "Y1 T15LM000001",
        "In training",
        "Not recorded",
        "In training",
        "In training",
        "None",
    ]
    gone = rows["Gone, Gus"]
    assert gone[5] == "None" and gone[7] == "Not recorded" and gone[8] == "Not recorded"


def test_table8_up_to_two_mentors_primary_first(scenario):
    rows = {r[0]: r for r in t.outcomes_table(scenario, part=1, as_of=AS_OF).text_rows()}
    # Three mentors recorded: the two primaries are named, the secondary is not.
    assert rows["Baker, Cy"][2] == "Cole, Ann; Diaz, Raj"


def test_table8_part2_is_recent_graduates_without_support(scenario):
    table = t.outcomes_table(scenario, part=2, as_of=AS_OF)
    assert (table.first_year, table.last_year) == (2022, 2026)
    assert t.SUPPORT_HEADER not in table.headers
    assert len(table.headers) == len(t.OUTCOMES_HEADERS) - 1
    # Completed in 2024; 2021 is before the period; withdrawn and current are not graduates.
    assert table.trainee_keys == [5]


def test_table5_known_rows_and_reasons(scenario):
    table = t.publications_table(scenario, part=1, as_of=AS_OF)
    assert (table.first_year, table.last_year) == (2017, 2026)  # 10-year look-back
    assert table.headers == t.PUBLICATIONS_HEADERS
    assert table.trainee_keys == [1, 5, 3]
    rows = {r[0]: r for r in table.text_rows()}
    assert rows["Adams, Bea"][1:4] == ["Cole, Ann; Diaz, Raj", "Past", "07/2019–06/2021"]
    assert rows["Adams, Bea"][4] == nih_citation(
        authors=list(PAPER.authors), title=PAPER.title, journal=PAPER.journal, year=2021,
        volume="28", issue="4", pages="812-820", pmid="33012345", pmcid="PMC7912345",
    )  # fmt: skip
    assert rows["Baker, Cy"][4] == "No publications: Change of research supervisor"
    assert rows["New, Nia"][2:] == ["Current", "07/2026–present", "No publications: New entrant"]


def test_table5_bolds_the_trainee_only():
    runs = t.citation_runs(PAPER)
    assert [r.text for r in runs if r.bold] == ["Adams B"]
    assert "".join(r.text for r in runs).startswith("Zhou L, Adams B, Mentor MM. Predicting")


@pytest.mark.parametrize(
    ("status", "leaves", "start", "mentors", "reason"),
    [
        ("withdrawn", [], D(2020, 7, 1), [], t.LEFT_PROGRAM),
        ("on_leave", [], D(2024, 7, 1), [], t.LEAVE_OF_ABSENCE),
        ("active", [(D(2026, 1, 5), D(2026, 2, 13))], D(2024, 7, 1), [], t.LEAVE_OF_ABSENCE),
        ("active", [], D(2026, 1, 15), [], t.NEW_ENTRANT),
        (
            "active",
            [],
            D(2024, 7, 1),
            [mentor("A, A", D(2024, 7, 1)), mentor("B, B", D(2026, 3, 1))],
            t.CHANGE_OF_SUPERVISOR,
        ),
        ("active", [], D(2024, 7, 1), [mentor("A, A", D(2024, 7, 1))], t.OTHER),
        # Past trainees: what happened during their training.
        ("completed", [(D(2021, 1, 1), D(2021, 2, 1))], D(2020, 7, 1), [], t.LEAVE_OF_ABSENCE),
        (
            "completed",
            [],
            D(2020, 7, 1),
            [mentor("A, A", D(2020, 7, 1)), mentor("B, B", D(2021, 3, 1), False)],
            t.OTHER,  # a second, secondary mentor is no change of supervisor
        ),
    ],
)
def test_reason_without_publications(status, leaves, start, mentors, reason):
    facts = trainee(9, "X", "Y", start, start + dt.timedelta(days=730), status=status)
    facts.leaves, facts.mentors = leaves, mentors
    assert t.no_publication_reason(facts, AS_OF) == reason


def test_publications_before_entry_are_left_out():
    early = t.PublicationFacts(authors=("X Y",), title="Earlier work", year=2015)
    facts = trainee(9, "X", "Y", D(2019, 7, 1), D(2021, 6, 30), publications=[PAPER, early])
    assert t.trainee_publications(facts) == [PAPER]


@pytest.mark.parametrize("part", [1, 2])
@pytest.mark.parametrize(("first", "last"), [(None, None), (2012, 2026), (2020, 2024)])
def test_tables_5_and_8_list_the_same_trainees_for_a_period(scenario, part, first, last):
    kwargs = {"part": part, "as_of": AS_OF}
    if first is None:  # the defaults differ (15 vs 10 years): give Table 5 Table 8's period
        first, last = t.period(t.TRAINEE_OUTCOMES_POSTDOC, part, as_of=AS_OF)
    t8 = t.outcomes_table(scenario, first=first, last=last, **kwargs)
    t5 = t.publications_table(scenario, first=first, last=last, **kwargs)
    assert t8.trainee_keys == t5.trainee_keys
    assert [r[0] for r in t8.text_rows()] == [r[0] for r in t5.text_rows()]


def test_lookbacks():
    assert t.period(t.TRAINEE_OUTCOMES_POSTDOC, 1, as_of=AS_OF) == (2012, 2026)
    assert t.period(t.TRAINEE_OUTCOMES_POSTDOC, 2, as_of=AS_OF) == (2022, 2026)
    assert t.period(t.TRAINEE_PUBLICATIONS, 1, as_of=AS_OF) == (2017, 2026)
    assert t.period(t.TRAINEE_PUBLICATIONS, 2, as_of=AS_OF) == (2022, 2026)
    assert t.period(t.TRAINEE_PUBLICATIONS, 1, as_of=AS_OF, last=2020) == (2011, 2020)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"first": 2024, "last": 2020}, "The first year (2024) comes after the last year (2020)."),
        ({"first": 1900}, "The first year (1900) must lie between 1950 and 2100."),
        ({"part": 3}, "There is no Part 3"),
    ],
)
def test_bad_periods_are_refused(kwargs, message):
    part = kwargs.pop("part", 1)
    with pytest.raises(t.ReportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        t.period(t.TRAINEE_PUBLICATIONS, part, as_of=AS_OF, **kwargs)


def test_month_year_and_training_years():
    assert t.month_year(D(2019, 7, 1)) == "07/2019"
    facts = trainee(9, "X", "Y", D(2025, 7, 1), D(2027, 6, 30), status="active")
    assert t.training_years(facts, AS_OF) == 2  # second year began 07/2026
    assert t.support_cell(facts, AS_OF, "") == "Y1 Training grant; Y2 Training grant"


def test_an_empty_period_gives_an_empty_table(scenario):
    table = t.outcomes_table(scenario, part=1, as_of=AS_OF, first=1990, last=1999)
    assert table.rows == [] and table.trainee_keys == []
