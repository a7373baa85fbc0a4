"""The tables built from the records: known rows, missing data said plainly, fixed queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fellowship.reports import selectors, tables
from fellowship.thesis.models import Thesis
from tests import factories as f

from .helpers import alumnus_for

AS_OF = dt.date(2026, 11, 25)


def test_table8_row_from_the_records(world):
    ana = alumnus_for(world)
    table = selectors.build_table(world.program, tables.TRAINEE_OUTCOMES_POSTDOC, as_of=AS_OF)
    rows = {r[0]: r for r in table.text_rows()}
    mentor, second = world.mentor_faculty, world.unrelated_faculty_record
    assert rows["Alvarez, Ana M."] == [
        "Alvarez, Ana M.",
        "PhD 2019",
        f"{mentor.last_name}, {mentor.first_name}; {second.last_name}, {second.first_name}",
        "07/2020",
        "Y1 T15LM000001; Y2 T15LM000001",
        "Not recorded",  # no degree requirements for the 2020 cohort in this world
        "Clinical informatics",  # the laboratory's topic
        "Instructor\nBiomedical Informatics\nState University\nPrimarily research",
        "Assistant Professor\nBiomedical Informatics\nState University\nPrimarily research",
        "K99/PI/2022\nR01/MPI/2025",
    ]
    assert ana.pk in table.trainee_keys


def test_the_world_fellows_have_what_is_missing_said(world):
    table = selectors.build_table(world.program, tables.TRAINEE_OUTCOMES_POSTDOC, as_of=AS_OF)
    rows = {r[0]: r for r in table.text_rows()}
    other = rows[world.other_fellow_record.sort_name]
    assert other[1] == "Not recorded" and other[2] == "TBD" and other[7] == "In training"


def test_table5_bolds_the_trainee_and_gives_reasons(world):
    alumnus_for(world, papers=2)
    table = selectors.build_table(world.program, tables.TRAINEE_PUBLICATIONS, as_of=AS_OF)
    by_name = {row[0].text: row for row in table.rows}
    cell = by_name["Alvarez, Ana M."][4]
    assert len(cell.paragraphs) == 2
    assert all([r.text for r in p if r.bold] == ["Alvarez AM"] for p in cell.paragraphs)
    assert cell.paragraphs[0][0].text == "Zhou L, "
    # The world fellow is on leave this year (Jan-Feb 2026) and has no publications.
    assert by_name["Fellow, Fay"][4].text == "No publications: Leave of absence"


def test_review_matches_are_not_counted_as_the_trainee(world):
    from fellowship.publications.models import Authorship

    alumnus_for(world)
    Authorship.objects.filter(fellow__last_name="Alvarez").update(match="review", fellow=None)
    table = selectors.build_table(world.program, tables.TRAINEE_PUBLICATIONS, as_of=AS_OF)
    row = next(r for r in table.text_rows() if r[0] == "Alvarez, Ana M.")
    assert row[4] == "No publications: Other"


def test_degree_from_the_curriculum(world):
    from tests.curriculum.helpers import curriculum_for

    curriculum_for(world)
    rows = {
        r[0]: r
        for r in selectors.build_table(
            world.program, tables.TRAINEE_OUTCOMES_POSTDOC, as_of=AS_OF
        ).text_rows()
    }
    assert rows["Fellow, Fay"][5] == "In training"


def test_other_programs_trainees_never_appear(world):
    f.FellowFactory(program=world.other_program, last_name="Elsewhere", cohort_year=2025)
    for key in tables.TABLE_KEYS:
        names = [r[0] for r in selectors.build_table(world.program, key, as_of=AS_OF).text_rows()]
        assert not any("Elsewhere" in n for n in names)


@pytest.mark.parametrize("key", tables.TABLE_KEYS)
def test_query_count_does_not_grow_with_trainees(world, key):
    alumnus_for(world)

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.build_table(world.program, key, as_of=AS_OF)
        return len(queries)

    few = count()
    for n in range(5):
        alumnus_for(world, last_name=f"Extra{n}", start_year=2015 + n, papers=2)
    assert count() == few


def test_the_topic_is_the_thesis_title_when_there_is_one(world):
    fellow = world.fellow_record
    before = selectors._topic(fellow)
    assert before  # the fellow's or the laboratory's topics
    Thesis.objects.create(fellow=fellow, title="  ")
    fellow = type(fellow).objects.get(pk=fellow.pk)
    assert selectors._topic(fellow) == before  # an untitled thesis says nothing
    Thesis.objects.filter(fellow=fellow).update(title="Reading notes for social needs")
    fellow = type(fellow).objects.get(pk=fellow.pk)
    assert selectors._topic(fellow) == "Reading notes for social needs"
