"""The NIH tables in the demo, in headless Chromium: the coordinator opens Reports, shows
Table 5 and downloads it as DOCX. Screenshots land in test-artifacts/screenshots/."""

import docx
import pytest
from playwright.sync_api import expect

from fellowship.demo.curriculum import load_demo_curriculum
from fellowship.demo.grants import load_demo_grants
from fellowship.demo.programs import load_demo_program
from fellowship.demo.publications import load_demo_publications
from fellowship.programs.models import Fellow

from .conftest import SCREENSHOTS
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
    # Eleven columns fit the card: nothing scrolls out of sight, the last header included.
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
    last = page.locator("table.report-table th").last
    expect(last).to_have_text("Subsequent Grant(s)/Role/Year Awarded")
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= (
        wrap.bounding_box()["x"] + wrap.bounding_box()["width"] + 0.5
    )
    page.locator("table.report-table thead").screenshot(
        path=str(SCREENSHOTS / "reports-table8-header.png")
    )
    page.locator("form.report-picker").screenshot(path=str(SCREENSHOTS / "reports-filters.png"))
    _assert_filters_line_up(page)

    # A field with an error: the row keeps its labels and fields on their lines.
    page.get_by_label("From year").fill("2027")
    page.get_by_label("To year").fill("2020")
    page.get_by_role("button", name="Show table").click()
    expect(
        page.get_by_text("The first year (2027) comes after the last year (2020).")
    ).to_be_visible()
    page.locator("form.report-picker").screenshot(
        path=str(SCREENSHOTS / "reports-filters-error.png")
    )
    _assert_filters_line_up(page)
    shoot("reports-table-error", full_page=False)


def _assert_filters_line_up(page):
    """Labels on one line, controls on the next, whatever errors show under a field."""
    form = page.locator("form.report-picker")
    label_tops = {round(b["y"]) for b in _boxes(form.locator("label"))}
    controls = form.locator("select, input[type=number], button")
    control_tops = {round(b["y"]) for b in _boxes(controls)}
    bottoms = {round(b["y"] + b["height"]) for b in _boxes(controls)}
    assert len(label_tops) == 1, label_tops
    assert max(control_tops) - min(control_tops) <= 1, control_tops
    assert max(bottoms) - min(bottoms) <= 1, bottoms


def _boxes(locator):
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def test_the_coordinator_edits_a_trainee_summary(page, live_server, demo, shoot):
    log_in(page, live_server, "coordinator@example.org")
    page.goto(f"{live_server.url}/p/{demo.slug}/reports/rppr/")
    expect(page.get_by_role("heading", name="RPPR trainee summaries", level=1)).to_be_visible()
    box = page.get_by_label("Summary of Jordan Ellis Baptiste")
    expect(box).to_contain_text("is mentored by")
    # Coursework as the degree audit counts it: his C+ in BMI 705 does not count.
    draft = box.input_value()
    assert "BMI 705" not in draft and "(24 credits;" in draft
    assert "add them" not in draft and "Presentations" not in draft
    card = page.locator("section.rppr-summary", has=box)
    expect(card.locator(".rppr-checklist")).to_contain_text(
        "Presentations and honors are not recorded in Fellowship; add them before exporting."
    )
    expect(page.locator(".rppr-unreviewed")).to_contain_text("not reviewed yet")
    shoot("reports-rppr-draft", full_page=False)
    # The same number as his degree audit page.
    jordan = Fellow.objects.get(program=demo, last_name="Baptiste")
    page.goto(f"{live_server.url}/p/{demo.slug}/curriculum/fellows/{jordan.pk}/")
    expect(page.locator(".stat", has_text="credits earned").locator("strong")).to_contain_text("24")
    page.goto(f"{live_server.url}/p/{demo.slug}/reports/rppr/")
    box = page.get_by_label("Summary of Jordan Ellis Baptiste")
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
    from fellowship.demo.progress import load_demo_progress
    from fellowship.demo.thesis import load_demo_theses

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
