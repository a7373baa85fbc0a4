"""The dashboard's "Waiting for you" panel in headless Chromium, on the demo program.

Each demo account lands on the dashboard and finds what it must do next at the top:
the mentor (Jordan's Year 2 IDP, the ranking for her lab), the thesis chair (his
committees, the defense he chairs), the incoming fellow (the open placement round), the
fellow (his overdue milestones) and the director (a committee to approve).
Screenshots: next-steps-mentor, next-steps-chair, next-steps-incoming, next-steps-fellow,
next-steps-director.
"""

import re

import pytest
from playwright.sync_api import expect

from fellowship.demo.placement import INCOMING_LOGIN, load_demo_round
from fellowship.demo.programs import load_demo_program
from fellowship.demo.progress import load_demo_progress
from fellowship.demo.thesis import CHAIR_LOGIN, load_demo_theses
from fellowship.placement.models import PlacementRound

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MENTOR, FELLOW = "mentor@example.org", "fellow@example.org"


@pytest.fixture
def demo(transactional_db, private_media):
    program = load_demo_program()
    load_demo_round(program)
    load_demo_progress(program)
    load_demo_theses(program)
    return program


def panel(page):
    return page.get_by_role("region", name="Waiting for you")


def test_each_demo_account_sees_what_waits_for_it(page, live_server, demo, shoot):
    log_in(page, live_server, MENTOR)
    waiting = panel(page)
    expect(waiting).to_contain_text("Sign off the Year 2 IDP")
    expect(waiting).to_contain_text("Jordan")
    expect(waiting).to_contain_text("Rank the")
    shoot("next-steps-mentor")
    waiting.get_by_role("link", name="Sign off the Year 2 IDP").click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/progress/fellows/\d+/idp/$"))

    log_in(page, live_server, CHAIR_LOGIN)
    expect(panel(page)).to_contain_text("Chair the defense, then record its outcome")
    committees = page.get_by_role("region", name="My thesis committees")
    expect(committees).to_contain_text("Benjamin Cho")
    expect(committees).to_contain_text("Waiting for you")
    expect(page.get_by_text("You have no current mentees")).to_have_count(0)
    shoot("next-steps-chair")

    log_in(page, live_server, INCOMING_LOGIN["email"])
    expect(panel(page)).to_contain_text("laboratory ranking")
    deadline = PlacementRound.objects.get(program=demo, state="open").deadline
    expect(panel(page)).to_contain_text(f"by {deadline:%b} {deadline.day}, {deadline.year}")
    shoot("next-steps-incoming")
    panel(page).get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    expect(page).to_have_url(re.compile(r"/placement/\d+/fellows/\d+/$"))

    log_in(page, live_server, FELLOW)
    overdue = panel(page).locator("li.overdue")
    expect(overdue).to_have_count(2)
    expect(overdue.first).to_contain_text("overdue, was due")
    shoot("next-steps-fellow")

    log_in(page, live_server, "director@example.org")
    expect(panel(page)).to_contain_text("Approve the thesis committee")
    expect(panel(page)).to_contain_text("Benjamin Cho")
    shoot("next-steps-director")
