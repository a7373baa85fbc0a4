"""The director's dashboard: counts from the records, each bar linked to its rows, a text
alternative for every picture, and a fixed number of queries whatever the trainees."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.grants.models import GrantApplication
from fellowship.placement.models import Assignment, PlacementRound
from fellowship.progress.models import Milestone, MilestoneTemplate
from fellowship.reports import dashboard
from tests import factories as f

from .helpers import alumnus_for

TODAY = dt.date(2026, 11, 25)


def _urls(name, **kwargs):
    return f"/{name}/{'/'.join(str(v) for v in kwargs.values())}"


def add_trainee(world, n, *, year=2026):
    """A current fellow with a milestone overdue, a planned K99 and a placement."""
    fellow = f.FellowFactory(
        program=world.program, last_name=f"Trainee{n}", cohort_year=year,
        appointment_start=dt.date(year, 7, 1), appointment_end=dt.date(year + 2, 6, 30),
        laboratory=world.lab,
    )  # fmt: skip
    template = MilestoneTemplate.objects.get_or_create(
        program=world.program, name="Research plan", defaults={"phase": "mentorship"}
    )[0]
    # (Fellows created once the template exists get the milestone from the progress app.)
    Milestone.objects.update_or_create(
        fellow=fellow, template=template, defaults={"due_date": dt.date(2026, 10, 1)}
    )
    GrantApplication.objects.create(
        fellow=fellow, mechanism="K99", title="Plan", target_due_date=dt.date(2027, 6, 12)
    )
    round_ = PlacementRound.objects.get_or_create(
        program=world.program, cohort_year=year,
        defaults={"name": f"{year} round", "deadline": dt.date(year, 5, 1)},
    )[0]  # fmt: skip
    Assignment.objects.create(round=round_, fellow=fellow, laboratory=world.lab, choice_rank=1)
    return fellow


def test_fellows_by_cohort_and_phase():
    fellow = f.FellowFactory.build(appointment_start=dt.date(2026, 7, 1), status="active")
    assert dashboard.fellow_phase(fellow, TODAY) == "coursework"
    fellow.appointment_start = dt.date(2026, 1, 1)  # ten months in: the thesis has begun
    assert dashboard.fellow_phase(fellow, TODAY) == "thesis"
    fellow.appointment_start = dt.date(2025, 7, 1)
    assert dashboard.fellow_phase(fellow, TODAY) == "grant"
    fellow.status = "completed"
    assert dashboard.fellow_phase(fellow, TODAY) == "completed"


def test_charts_count_the_records(world):
    alumnus_for(world)  # completed 2022, Assistant Professor (academia), one paper in 2021
    add_trainee(world, 1)
    chart, items = dashboard.cohort_phase(world.program, TODAY, _urls)
    assert chart.counts[("2020", "completed")] == 1
    assert chart.counts[("2026", "coursework")] == 1
    chart, _ = dashboard.milestones(world.program, TODAY, _urls)
    assert chart.counts[("Research mentorship", "overdue")] == 1
    chart, _ = dashboard.placement(world.program, TODAY, _urls)
    assert chart.counts[("2026 round", "first")] == 1
    chart, _ = dashboard.grants(world.program, TODAY, _urls)
    assert chart.counts[("K99", "funded")] == 1  # the alumna's
    assert chart.counts[("K99", "preparing")] == 1
    assert chart.bars[0] == "K99"
    chart, _ = dashboard.alumni_sectors(world.program, TODAY, _urls)
    assert chart.bars == ["Academia"]
    chart, _ = dashboard.publications(world.program, TODAY, _urls)
    assert dict(chart.counts) == {("2021", "past"): 1}


def test_the_picture_and_its_table_link_to_the_rows(client, world):
    alumnus_for(world)
    add_trainee(world, 1)
    client.force_login(world.director)
    slug = world.program.slug
    page = client.get(reverse("reports:dashboard", kwargs={"program": slug})).content.decode()
    assert page.count('role="img"') == len(dashboard.CHARTS)
    assert page.count("The numbers as a table") == len(dashboard.CHARTS)
    rows_url = reverse("reports:dashboard_rows", kwargs={"program": slug, "chart": "sectors"})
    link = f"{rows_url}?bar=Academia&amp;series=alumni"
    assert page.count(f'href="{link}"') == 2  # the bar and its cell in the table
    rows = client.get(rows_url, {"bar": "Academia", "series": "alumni"}).content.decode()
    assert "Alvarez, Ana M." in rows and "Assistant Professor" in rows
    assert "Trainee1" not in rows


def test_unknown_picture_or_part_is_not_found(client, world):
    client.force_login(world.director)
    slug = world.program.slug
    url = reverse("reports:dashboard_rows", kwargs={"program": slug, "chart": "nonsense"})
    assert client.get(url).status_code == 404
    url = reverse("reports:dashboard_rows", kwargs={"program": slug, "chart": "grants"})
    assert client.get(url, {"series": "nonsense"}).status_code == 404


def test_other_programs_rows_never_show(client, world):
    other = f.FellowFactory(program=world.other_program, last_name="Elsewhere")
    GrantApplication.objects.create(
        fellow=other, mechanism="K99", title="Not ours", target_due_date=dt.date(2027, 6, 12)
    )
    client.force_login(world.director)
    url = reverse(
        "reports:dashboard_rows", kwargs={"program": world.program.slug, "chart": "grants"}
    )
    assert "Not ours" not in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["fellow", "mentor", "unrelated_faculty"])
def test_only_staff_see_the_dashboard(client, world, who):
    client.force_login(getattr(world, who))
    url = reverse("reports:dashboard", kwargs={"program": world.program.slug})
    assert client.get(url).status_code == 403


def test_staff_dashboard_links_to_it(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("programs:dashboard", kwargs={"program": world.program.slug}))
    assert reverse("reports:dashboard", kwargs={"program": world.program.slug}) in (
        page.content.decode()
    )


def test_queries_do_not_grow_with_trainees(client, world):
    client.force_login(world.director)
    url = reverse("reports:dashboard", kwargs={"program": world.program.slug})
    alumnus_for(world, last_name="One")
    add_trainee(world, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(2, 8):
        alumnus_for(world, last_name=f"Alum{n}", start_year=2015 + n)
        add_trainee(world, n, year=2024 + n % 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sqls = lambda c: [q["sql"][:90] for q in c.captured_queries]  # noqa: E731
    assert len(many.captured_queries) == len(few.captured_queries), (sqls(many), sqls(few))
