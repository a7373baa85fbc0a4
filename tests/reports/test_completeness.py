"""The data-completeness check: what each trainee lacks, and links to the pages that fix it."""

import datetime as dt

from django.urls import reverse

from fellowship.reports import completeness, tables
from tests import factories as f

from .helpers import alumnus_for

AS_OF = dt.date(2026, 11, 25)


def facts(**overrides):
    values = dict(
        key=1, sort_name="Doe, Jane", entry_year=2020,
        appointment_start=dt.date(2020, 7, 1), appointment_end=dt.date(2022, 6, 30),
        status="completed", doctoral_degrees=[("PhD", 2019)],
        mentors=[tables.MentorFacts("Ng, Al", True, dt.date(2020, 7, 1))],
        training_degree="MMSc", training_degree_state="complete", training_degree_year=2022,
        topic="Clinical NLP",
        positions=[tables.PositionFacts("Instructor", "Medicine", "HMS", "Primarily research",
                                        dt.date(2022, 7, 1))],
        publications=[tables.PublicationFacts(("Doe J",), "A paper", 2021)],
    )  # fmt: skip
    values.update(overrides)
    return tables.TraineeFacts(**values)


def whats(trainee):
    return [(g.fix, g.tables) for g in completeness.trainee_gaps(trainee, AS_OF)]


def test_a_complete_alumnus_lacks_nothing():
    assert whats(facts()) == []


def test_each_missing_record_is_a_gap_naming_its_table_and_fix():
    bare = facts(
        doctoral_degrees=[], mentors=[], topic="", positions=[], publications=[],
        training_degree_state="unknown",
    )  # fmt: skip
    assert whats(bare) == [
        ("degree", ("Table 8",)),
        ("mentor", ("Table 8", "Table 5")),
        ("topic", ("Table 8",)),
        ("audit", ("Table 8",)),
        ("position", ("Table 8",)),
        ("publications", ("Table 5",)),
    ]


def test_an_ended_position_is_no_current_position():
    ended = tables.PositionFacts("Instructor", "", "HMS", "Primarily research",
                                 dt.date(2022, 7, 1), dt.date(2024, 6, 30))  # fmt: skip
    gaps = completeness.trainee_gaps(facts(positions=[ended]), AS_OF)
    assert [g.what for g in gaps] == ["No current position"]


def test_current_trainee_needs_no_position_and_a_reason_is_not_a_gap():
    new = facts(status="active", appointment_start=dt.date(2026, 7, 1),
                appointment_end=dt.date(2028, 6, 30), positions=[], publications=[],
                training_degree_state="in_progress")  # fmt: skip
    assert whats(new) == []  # "New entrant" is NIH's reason: nothing to fix


def test_page_lists_gaps_with_links_to_fix_them(client, world):
    ana = alumnus_for(world)  # has every record; no degree requirements exist in `world`
    gap = f.FellowFactory(
        program=world.program, first_name="Gus", last_name="Gap", cohort_year=2019,
        appointment_start=dt.date(2019, 7, 1), appointment_end=dt.date(2021, 6, 30),
        status="completed", laboratory=None,
    )  # fmt: skip
    client.force_login(world.coordinator)
    slug = world.program.slug
    page = client.get(
        reverse("reports:completeness", kwargs={"program": world.program.slug})
    ).content.decode()
    assert "Gap, Gus" in page
    ana_audit = reverse("curriculum:degree_audit", kwargs={"program": slug, "pk": ana.pk})
    assert f'href="{ana_audit}"' in page  # her only gap: the degree cannot be audited
    ana_degree = reverse("programs:fellow_record_create",
                         kwargs={"program": slug, "fellow": ana.pk, "kind": "degrees"})  # fmt: skip
    assert ana_degree not in page
    for kind in ("degrees", "mentorships", "positions"):
        url = reverse("programs:fellow_record_create",
                      kwargs={"program": slug, "fellow": gap.pk, "kind": kind})  # fmt: skip
        assert f'href="{url}"' in page
    assert reverse("programs:fellow_edit", kwargs={"program": slug, "pk": gap.pk}) in page
    assert "No research topic" in page and "No position after training" in page


def test_fellows_and_mentors_may_not_see_the_check(client, world):
    url = reverse("reports:completeness", kwargs={"program": world.program.slug})
    for user in (world.fellow, world.mentor):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_queries_do_not_grow_with_trainees(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.director)
    url = reverse("reports:completeness", kwargs={"program": world.program.slug})
    alumnus_for(world, last_name="One")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 8):
        alumnus_for(world, last_name=f"Alum{n}", start_year=2014 + n)
    with CaptureQueriesContext(connection) as many:
        assert "Alum7, Ana M." in client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
