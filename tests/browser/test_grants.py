"""A K99 application followed from the demo to the award, in headless Chromium.

The demo fellow ticks off his checklist; his mentor records the letters; the fellow sends
the application to internal review and submits it; the director sees every fellow's
window, records the score and the award. Screenshots: grants-eligibility-panel,
grants-director-windows, grants-application.
"""

import pytest
from playwright.sync_api import expect

from fellowship.demo.grants import load_demo_grants
from fellowship.demo.programs import load_demo_program
from fellowship.grants.models import GrantApplication

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_grants(program)
    return program


def open_application(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants").click()
    page.get_by_role("link", name="K99: Language models that read the chart").click()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_an_application_from_the_demo_to_the_award(page, live_server, demo, shoot):
    # The fellow: his window on his record, then his application's checklist.
    log_in(page, live_server, "fellow@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My record").click()
    panel = page.locator(".eligibility-panel")
    expect(panel.get_by_role("heading", name="K99 eligibility window")).to_be_visible()
    assert panel.locator("svg .tl-today").count() == 1
    assert panel.locator("svg .tl-tick").count() > 4
    panel.scroll_into_view_if_needed()
    shoot("grants-eligibility-panel")

    open_application(page)
    expect(page.get_by_text("Mentor letters requested", exact=True).first).to_be_visible()
    reopen = page.get_by_role("button", name="Reopen:")
    while (done := reopen.count()) < 9:
        page.get_by_role("button", name="Mark done:").first.click()
        expect(reopen).to_have_count(done + 1)  # htmx swapped the checklist

    # The mentor: the letters are in.
    log_in(page, live_server, "mentor@example.org")
    open_application(page)
    assert page.get_by_role("button", name="Record the score").count() == 0
    click(page, "Mentor letters received")
    expect(page.get_by_text("The application is now mentor letters received.")).to_be_visible()

    # The fellow: internal review, then submitted.
    log_in(page, live_server, "fellow@example.org")
    open_application(page)
    click(page, "Send to internal review")
    click(page, "Submitted to NIH")
    expect(page.get_by_text("The application is now submitted.")).to_be_visible()

    # The director: every fellow's window, then the score and the award.
    log_in(page, live_server, "director@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Grants").click()
    page.get_by_role("link", name="K99 windows").click()
    expect(page.get_by_role("heading", name="K99 eligibility windows")).to_be_visible()
    assert page.locator("table.windows tbody tr").count() >= 8
    shoot("grants-director-windows")

    page.go_back()
    page.get_by_role("link", name="K99: Language models that read the chart").click()
    page.get_by_label("Overall impact score").fill("22")
    page.get_by_label("Percentile").fill("9")
    click(page, "Record the score")
    expect(page.get_by_text("The application is now scored.")).to_be_visible()
    page.get_by_label("Award number").fill("K99LM015555")
    page.get_by_label("Award start").fill("2027-09-01")
    click(page, "Record the award")
    expect(page.get_by_text("The application is now funded.")).to_be_visible()
    expect(page.get_by_text("K99LM015555, from Sep 1, 2027")).to_be_visible()
    shoot("grants-application")

    application = GrantApplication.objects.get(fellow__email="fellow@example.org")
    assert application.stage == GrantApplication.Stage.FUNDED
    assert application.impact_score == 22 and application.percentile == 9
