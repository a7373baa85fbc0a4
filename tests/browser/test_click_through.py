"""Log in as the fellow and the director of the demo program and click through the main pages.

Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from fellowship.demo.programs import load_demo_program

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return load_demo_program()


def test_public_home(page, live_server, demo, shoot):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name=demo.name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Our institutions and laboratories")).to_be_visible()
    shoot("public-home")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot("public-home-phone", full_page=False)


def test_fellow_clicks_through(page, live_server, demo, shoot):
    log_in(page, live_server, "fellow@example.org")
    assert page.url.endswith(f"/p/{demo.slug}/")
    expect(page.get_by_role("heading", name="My program at a glance")).to_be_visible()
    shoot("fellow-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot("fellow-dashboard-phone", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="My record").click()
    expect(page.get_by_role("heading", name="Private")).to_be_visible()
    shoot("fellow-record")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Laboratories").click()
    expect(page.get_by_role("heading", name="Laboratories", level=1)).to_be_visible()
    shoot("fellow-labs")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Faculty").click()
    page.get_by_label("Search").fill("mentor")
    page.get_by_role("button", name="Filter").click()
    shoot("fellow-faculty-search")

    # The fellow has no Fellows list in the navigation and may not open it.
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Fellows").count() == 0
    response = page.goto(f"{live_server.url}/p/{demo.slug}/fellows/")
    assert response.status == 403


def test_director_clicks_through(page, live_server, demo, shoot):
    log_in(page, live_server, "director@example.org")
    expect(page.get_by_role("heading", name="Fellows by cohort and status")).to_be_visible()
    shoot("director-dashboard")

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Fellows").click()
    expect(page.get_by_role("heading", name="Fellows", level=1)).to_be_visible()
    shoot("director-fellows")

    page.get_by_label("Status").select_option("on_leave")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"status=on_leave"))
    rows = page.locator("table tbody tr")
    expect(rows.first).to_be_visible()
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Mentors")).to_be_visible()
    shoot("director-fellow-on-leave")

    page.get_by_role("link", name="Record leave").click()
    page.get_by_label("Kind").select_option("medical")
    page.get_by_label("Start").fill("2020-01-01")
    page.get_by_label("End").fill("2020-01-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The leave must lie within the appointment")).to_be_visible()
    shoot("director-leave-error")

    nav.get_by_role("link", name="Laboratories").click()
    page.get_by_role("link", name="Add a laboratory").click()
    expect(page.get_by_role("heading", name="New laboratory")).to_be_visible()
    shoot("director-new-lab")

    nav.get_by_role("link", name="Institutions").click()
    shoot("director-institutions")
    nav.get_by_role("link", name="Program settings").click()
    expect(page.get_by_label("Funding grant number")).to_be_visible()
    shoot("director-settings")


def test_mentor_sees_mentees(page, live_server, demo, shoot):
    log_in(page, live_server, "mentor@example.org")
    expect(page.get_by_role("heading", name="My mentees")).to_be_visible()
    expect(page.get_by_role("link", name="Jordan Ellis Baptiste")).to_be_visible()
    shoot("mentor-dashboard")
    page.get_by_role("link", name="Jordan Ellis Baptiste").click()
    expect(page.get_by_role("heading", name="Mentors")).to_be_visible()
    assert page.get_by_role("heading", name="Private").count() == 0
    shoot("mentor-mentee-record")


def test_coordinator_imports_fellows(page, live_server, demo, shoot, tmp_path):
    log_in(page, live_server, "coordinator@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    header = "first_name,last_name,email,cohort_year,appointment_start,appointment_end\n"
    bad = tmp_path / "fellows.csv"
    bad.write_text(
        header
        + "Ana,Ruiz,ana.ruiz@example.org,2027,2027-07-01,2029-06-30\n"
        + "Ben,Ito,ben.ito@example.org,2027,2027-02-30,2029-06-30\n"
    )
    page.get_by_label("The file holds").select_option("fellows")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Nothing was imported.")).to_be_visible()
    expect(page.get_by_role("cell", name="3", exact=True)).to_be_visible()
    shoot("coordinator-import-errors")

    good = tmp_path / "fellows-fixed.csv"
    good.write_text(bad.read_text().replace("2027-02-30", "2027-07-01"))
    page.get_by_label("The file holds").select_option("fellows")
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported 2 fellows (2 created, 0 updated)")).to_be_visible()
    shoot("coordinator-import-done")
