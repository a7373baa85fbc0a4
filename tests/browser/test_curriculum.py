"""The degree audit in the demo, in headless Chromium: the fellow's audit and plan, the
mentor's mentees, the coordinator's cohort table and its exports.
Screenshots land in test-artifacts/screenshots/."""

import csv
import io

import pytest
from playwright.sync_api import expect

from fellowship.curriculum import selectors
from fellowship.demo.curriculum import load_demo_curriculum
from fellowship.demo.programs import load_demo_program

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_curriculum(program)
    return program


def open_degree(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Degree").click()


def test_the_fellow_the_mentor_and_the_coordinator(page, live_server, demo, shoot):
    # The fellow opens Degree and sees their audit and plan.
    log_in(page, live_server, "fellow@example.org")
    open_degree(page)
    expect(page.get_by_role("heading", name="My degree audit", level=1)).to_be_visible()
    expect(page.get_by_text("On track.")).to_be_visible()
    expect(
        page.get_by_text("The plan completes the degree by the end of the appointment")
    ).to_be_visible()
    expect(page.get_by_text("4 more elective credits")).to_be_visible()
    expect(
        page.get_by_text("BMI 705 grade C+ in Fall 2025 is below the minimum B-")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Spring 2027")).to_be_visible()
    shoot("curriculum-fellow-audit")

    # The mentor's mentees, and one mentee's audit.
    log_in(page, live_server, "mentor@example.org")
    open_degree(page)
    expect(page.get_by_role("heading", name="My mentees' degree audits")).to_be_visible()
    page.get_by_role("link", name="Jordan Ellis Baptiste").click()
    expect(page.get_by_role("heading", name="Degree audit: Jordan Ellis Baptiste")).to_be_visible()

    # The coordinator's cohort table and its export.
    log_in(page, live_server, "coordinator@example.org")
    open_degree(page)
    expect(page.get_by_role("heading", name="Degree audits: cohort 2025")).to_be_visible()
    table = page.locator("table.cohort-table tbody tr")
    assert table.count() == 5
    row = page.locator("tr", has_text="Hartmann, Olivia")
    expect(row.get_by_text("Plan runs past the appointment")).to_be_visible()
    shoot("curriculum-cohort-table")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.reader(io.StringIO(text)))
    audits = selectors.cohort_audits(demo, 2025)
    assert [r[10] for r in rows[1:]] == ["; ".join(a.lacks) or "Nothing" for a in audits]
    # Another cohort from the picker.
    page.get_by_label("Cohort").select_option("2023")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Degree audits: cohort 2023")).to_be_visible()
    expect(
        page.locator("tr", has_text="Brandt, Alicia").get_by_text("Degree requirements met")
    ).to_be_visible()
