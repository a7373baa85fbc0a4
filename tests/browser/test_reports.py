"""The NIH tables in the demo, in headless Chromium: the coordinator opens Reports, shows
Table 5 and downloads it as DOCX. Screenshots land in test-artifacts/screenshots/."""

import docx
import pytest
from playwright.sync_api import expect

from fellowship.curriculum.demo import load_demo_curriculum
from fellowship.grants.demo import load_demo_grants
from fellowship.programs.demo import load_demo_program
from fellowship.publications.demo import load_demo_publications

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_curriculum(program)
    load_demo_grants(program)
    load_demo_publications(program)
    return program


def test_the_coordinator_downloads_table5(page, live_server, demo, shoot):
    log_in(page, live_server, "coordinator@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="NIH training tables", level=1)).to_be_visible()
    page.get_by_label("Table").select_option(label="Table 5. Publications of trainees")
    page.get_by_role("button", name="Show table").click()
    expect(
        page.get_by_role("heading", name="Table 5. Publications of Those in Training")
    ).to_be_visible()
    row = page.locator("table.report-table tr", has_text="Baptiste, Jordan E.")
    expect(row.locator("strong", has_text="Baptiste JE").first).to_be_visible()
    assert page.locator("td", has_text="No publications: New entrant").count() >= 1
    shoot("reports-table5")
    with page.expect_download() as caught:
        page.get_by_role("link", name="Download DOCX").click()
    download = caught.value
    assert download.suggested_filename == "informatics-training-table5-part1-2017-2026.docx"
    document = docx.Document(download.path())
    grid = document.tables[0]
    assert grid.rows[0].cells[0].text == "Trainee Name"
    bold = [
        r.text for row in grid.rows[1:] for p in row.cells[4].paragraphs for r in p.runs if r.bold
    ]
    assert "Baptiste JE" in bold

    page.get_by_label("Table").select_option(label="Table 8. Program outcomes (postdoctoral)")
    page.get_by_role("button", name="Show table").click()
    expect(
        page.get_by_role("heading", name="Table 8. Program Outcomes: Postdoctoral")
    ).to_be_visible()
    shoot("reports-table8")


def test_the_coordinator_edits_a_trainee_summary(page, live_server, demo, shoot):
    log_in(page, live_server, "coordinator@example.org")
    page.goto(f"{live_server.url}/p/{demo.slug}/reports/rppr/")
    expect(page.get_by_role("heading", name="RPPR trainee summaries", level=1)).to_be_visible()
    box = page.get_by_label("Summary of Jordan Ellis Baptiste")
    expect(box).to_contain_text("is mentored by")
    box.fill("Jordan Baptiste, in the second year of training, presented at AMIA 2026.")
    card = page.locator("section.rppr-summary", has=box)
    card.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The summary of Jordan Ellis Baptiste is saved.")).to_be_visible()
    expect(page.get_by_label("Summary of Jordan Ellis Baptiste")).to_have_value(
        "Jordan Baptiste, in the second year of training, presented at AMIA 2026."
    )
    shoot("reports-rppr-summaries", full_page=False)


@pytest.fixture
def full_demo(demo):
    from fellowship.progress.demo import load_demo_progress
    from fellowship.thesis.demo import load_demo_theses

    load_demo_progress(demo)
    load_demo_theses(demo)
    return demo


def test_the_director_reads_the_dashboard_and_opens_the_rows(page, live_server, full_demo, shoot):
    log_in(page, live_server, "director@example.org")
    page.goto(f"{live_server.url}/p/{full_demo.slug}/")
    page.get_by_role("link", name="Director's dashboard: the program in pictures").click()
    expect(page.get_by_role("heading", name="Director's dashboard", level=1)).to_be_visible()
    for title in ("Fellows by cohort and phase", "Alumni by sector of current position"):
        expect(page.get_by_role("img", name=title)).to_be_visible()
    shoot("reports-dashboard")
    # The text alternative: the same numbers, each a link to its rows.
    chart = page.locator("#chart-cohorts")
    chart.get_by_text("The numbers as a table").click()
    first = chart.locator("details tbody tr").first
    total = int(first.locator("td").last.inner_text())
    chart.locator("svg a").first.click()
    expect(page.get_by_role("heading", name="Fellows by cohort and phase", level=1)).to_be_visible()
    assert page.locator("tbody tr").count() <= total
    shoot("reports-dashboard-rows", full_page=False)
    page.goto(f"{live_server.url}/p/{full_demo.slug}/reports/completeness/")
    expect(page.get_by_role("heading", name="Data completeness", level=1)).to_be_visible()
    shoot("reports-completeness")
