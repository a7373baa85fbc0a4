"""A placement round end to end in the demo, in headless Chromium.

The incoming fellow ranks labs, the demo mentor ranks her lab's applicants, the director
closes the round, ranks the lab that did not rank by interest fit, runs the placement,
changes one placement by hand and publishes; the fellow then sees where she is placed.
Screenshots land in test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from fellowship.demo.placement import load_demo_round
from fellowship.demo.programs import load_demo_program
from fellowship.placement.models import Assignment, PlacementRound
from fellowship.programs.models import Fellow

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_round(program)
    return program


def open_placement(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Placement").click()
    expect(page.get_by_role("heading", name="Placement", level=1)).to_be_visible()


def test_a_round_end_to_end(page, live_server, demo, shoot):
    # The incoming fellow ranks laboratories, helped by the recommendations.
    log_in(page, live_server, "incoming@example.org")
    open_placement(page)
    page.get_by_role("link", name="Rank laboratories").click()
    expect(page.get_by_role("heading", name="Choose your laboratories")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    assert page.locator(".recommendation mark").count() > 0  # the matching terms
    for name, rank in [
        ("Clinical Language Understanding Lab", "1"),
        ("Clinical Text Analytics Lab", "2"),
        ("Human-Centered Health Computing Group", "3"),
        ("Machine Learning for Health Group", "4"),
    ]:
        page.get_by_label(name, exact=True).fill(rank)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Saved your 4 choices.")).to_be_visible()
    shoot("placement-fellow-ranking")
    isabel = Fellow.objects.get(user__email="incoming@example.org")
    assert isabel.placement_preferences.count() == 4

    # The mentor ranks the applicants to her lab.
    log_in(page, live_server, "mentor@example.org")
    open_placement(page)
    row = page.locator("tr", has_text="Clinical Language Understanding Lab")
    row.get_by_role("link", name="Rank applicants").click()
    expect(
        page.get_by_role("heading", name="Applicants to the Clinical Language Understanding Lab")
    ).to_be_visible()
    page.get_by_label("Isabel Moreno", exact=True).fill("1")
    page.get_by_label("Daniel Varga", exact=True).fill("2")
    page.get_by_role("button", name="Save ranking").click()
    expect(page.get_by_text("Saved the ranking of 2 fellows.")).to_be_visible()
    shoot("placement-mentor-ranking")

    # The director closes, ranks the lab that did not rank by interest fit, and solves.
    log_in(page, live_server, "director@example.org")
    open_placement(page)
    page.get_by_role("link", name=re.compile(r"Placement of the \d+ cohort")).click()
    page.get_by_role("button", name="Close choices").click()
    expect(page.get_by_text("is now closed")).to_be_visible()
    expect(page.get_by_text("did not rank its applicants")).to_be_visible()
    shoot("placement-director-round")
    page.get_by_role("button", name="Rank all of them by interest fit").click()
    expect(page.get_by_text("Ranked by interest fit: Digital Epidemiology Lab")).to_be_visible()
    page.get_by_role("button", name="Run the placement").click()
    expect(page.get_by_role("heading", name=re.compile("^Result"))).to_be_visible()
    expect(page.get_by_text("Stable.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Fellows by the choice they got")).to_be_visible()
    shoot("placement-director-result")

    # One placement changed by hand, with a reason: no longer guaranteed stable.
    form = page.locator("form", has=page.get_by_role("button", name="Change the placement"))
    form.get_by_label("Fellow").select_option(label="Grace Okonkwo")
    form.get_by_label("Laboratory").select_option(label="Not placed")
    form.get_by_label("Reason").fill("Deferred her start by a year for family reasons.")
    form.get_by_role("button", name="Change the placement").click()
    expect(page.get_by_text("not guaranteed stable")).to_be_visible()
    expect(page.get_by_text("Deferred her start by a year")).to_be_visible()
    shoot("placement-director-override")

    page.get_by_role("button", name="Publish the placement").click()
    expect(page.get_by_text("is now published")).to_be_visible()
    round = PlacementRound.objects.get(program=demo)
    assert round.state == PlacementRound.State.PUBLISHED
    placed = Assignment.objects.get(round=round, fellow=isabel).laboratory
    isabel.refresh_from_db()
    assert placed is not None and isabel.laboratory == placed

    # The fellow sees where she is placed, and only her own placement.
    log_in(page, live_server, "incoming@example.org")
    open_placement(page)
    page.get_by_role("link", name="See my placement").click()
    expect(page.get_by_role("heading", name="My placement")).to_be_visible()
    expect(page.get_by_text(placed.name, exact=True).first).to_be_visible()
    assert page.get_by_text("Daniel Varga").count() == 0
    shoot("placement-fellow-result")
