"""The coordinator imports a MEDLINE file from PubMed and decides an uncertain author.

Screenshots: publications-import, publications-import-errors, publications-review,
publications-list.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from fellowship.demo.news import load_demo_public_site
from fellowship.demo.programs import load_demo_program
from fellowship.publications.models import Authorship, Publication

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).resolve().parents[1] / "publications" / "files"


@pytest.fixture
def demo(transactional_db):
    program = load_demo_program()
    load_demo_public_site(program)
    return program


def test_the_coordinator_imports_and_reviews(page, live_server, demo, shoot):
    log_in(page, live_server, "coordinator@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Publications").click()
    page.get_by_role("link", name="Import publications").click()
    expect(page.get_by_role("heading", name="Import publications", level=1)).to_be_visible()

    # A broken file first: every problem listed, nothing imported.
    before = Publication.objects.count()
    page.locator("#id_file").set_input_files(str(FILES / "broken.ris"))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state("networkidle")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported.")
    expect(alert).to_contain_text("the record has no end line")
    shoot("publications-import-errors")
    assert Publication.objects.count() == before

    # The PubMed file: imported, and the uncertain author waits on the review page.
    page.get_by_label("Format").select_option("medline")
    page.locator("#id_file").set_input_files(str(FILES / "demo-import.nbib"))
    shoot("publications-import")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Review authors", level=1)).to_be_visible()
    expect(page.get_by_text("Imported 1 publication (1 new")).to_be_visible()
    item = page.locator(".review-item", has_text="Lindqvist, A")
    expect(item).to_contain_text("Alert fatigue and sepsis")
    expect(item).to_contain_text("Arthur Lindqvist (faculty)")
    shoot("publications-review")

    # Keyboard: choose the faculty member and save without the mouse.
    item.get_by_label("Arthur Lindqvist (faculty)").focus()
    page.keyboard.press("Space")
    item.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Lindqvist A in “Alert fatigue and sepsis")).to_be_visible()
    expect(page.locator(".review-item", has_text="Lindqvist, A")).to_have_count(0)

    authorship = Authorship.objects.get(publication__pmid="39200001", position=2)
    assert authorship.match == "linked" and authorship.faculty.last_name == "Lindqvist"
    assert Authorship.objects.get(publication__pmid="39200001", position=1).fellow.first_name == (
        "Jordan"
    )

    page.get_by_role("link", name="Publications").first.click()
    expect(page.locator(".publication-list")).to_contain_text(
        "Baptiste J, Lindqvist A, Okafor C. Alert fatigue and sepsis"
    )
    shoot("publications-list")
