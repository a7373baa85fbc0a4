"""Under the Content-Security-Policy the pages still run their scripts, and the browser
reports no blocked script or style (issue 15, item 9)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from fellowship.demo.grants import load_demo_grants
from fellowship.demo.programs import load_demo_program

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_grants(program)
    return program


def test_the_staff_pages_run_without_a_policy_violation(page, live_server, demo):
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    log_in(page, live_server, "coordinator@example.org")
    slug = {"program": demo.slug}
    for name in (
        "programs:dashboard",
        "progress:cohort",
        "thesis:table",
        "grants:application_list",
    ):
        response = page.goto(live_server.url + reverse(name, kwargs=slug))
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The cohort's sort picker submits its form from fellowship.js, not an inline handler.
    page.goto(live_server.url + reverse("progress:cohort", kwargs=slug))
    page.get_by_label("Sort by").select_option("name")
    page.wait_for_url("**sort=name**")
    expect(page.get_by_label("Sort by")).to_have_value("name")
    assert blocked == []
