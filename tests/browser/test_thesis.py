"""A thesis from planning to complete in the demo, in headless Chromium.

The demo fellow opens his thesis record, writes the proposal and proposes a committee; the
director approves it; the chair (robert.aldana@example.org) approves the proposal, records
a committee meeting and schedules the defense, which the committee confirms; the
announcement is on the public site and the director sends it to the news; the chair
records a pass with revisions, the members sign off, the fellow uploads the revised PDF,
the chair accepts it, the director makes it public and marks the thesis complete.
Screenshots: thesis-fellow-planning, thesis-chair-defense, thesis-public-defenses,
thesis-fellow-complete, thesis-director-table.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fellowship.demo.programs import load_demo_program
from fellowship.demo.thesis import load_demo_theses
from fellowship.news.models import NewsPost, PublicProfile
from fellowship.programs.models import FacultyMember, Fellow
from fellowship.thesis.models import Defense, Thesis
from tests.thesis.helpers import pdf_bytes

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FELLOW, DIRECTOR, CHAIR = "fellow@example.org", "director@example.org", "robert.aldana@example.org"


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    program = load_demo_program()
    load_demo_theses(program)
    Thesis.objects.filter(fellow__email=FELLOW).delete()  # he starts from the beginning
    # Both agreed to be shown (as in the news demo): only then is a defense announced.
    for email in (FELLOW, "emeka.nwachukwu@example.org"):
        PublicProfile.objects.create(fellow=Fellow.objects.get(email=email), show_profile=True)
    return program


def open_thesis(page, fellow_name="Jordan"):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Thesis").click()
    page.wait_for_load_state("networkidle")
    if (
        page.get_by_role("heading", name="Theses").count()
        or page.get_by_role("heading", name="My thesis committees").count()
    ):
        page.get_by_role("link", name=re.compile(fellow_name)).first.click()
        page.wait_for_load_state("networkidle")


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def said(page, text):
    expect(page.get_by_text(text).first).to_be_visible()


def test_a_thesis_from_planning_to_complete(page, live_server, demo, shoot):
    program = demo
    faculty = {f.email: f for f in FacultyMember.objects.filter(program=program)}

    # The fellow: open the record, write the proposal, put the committee together.
    log_in(page, live_server, FELLOW)
    open_thesis(page)
    click(page, "Open the thesis record")
    said(page, "Thesis record opened.")
    page.get_by_role("link", name="Edit title, abstract, proposal").click()
    page.get_by_label("Title").fill("Safe summaries of clinical notes for handoffs")
    page.get_by_label("Abstract").fill(
        "Handoff summaries written by a language model, checked for harm."
    )
    page.get_by_label("Thesis proposal").fill(
        "Aim 1: annotate handoffs. Aim 2: model. Aim 3: evaluate."
    )
    click(page, "Save")
    said(page, "Thesis record saved.")
    add = page.locator("details", has_text="Add a member")
    for role, email in (("chair", CHAIR), ("primary_mentor", "mentor@example.org")):
        add.locator("summary").click()
        add.get_by_label("Role").select_option(role)
        add.get_by_label("Faculty").select_option(str(faculty[email].pk))
        click(page, "Add to the committee")
    add.locator("summary").click()
    add.get_by_label("Role").select_option("external")
    add.get_by_label("Name").fill("Dr. Helen Marsh")
    add.get_by_label("Email").fill("hmarsh@hsph.example.edu")
    add.get_by_label("Institution").fill("School of Public Health")
    click(page, "Add to the committee")
    said(page, "The committee meets the program's rules")
    shoot("thesis-fellow-planning")
    click(page, "Propose the committee")
    said(page, "The thesis is now committee proposed.")
    said(page, "Waiting for the director.")

    # The director approves the committee.
    log_in(page, live_server, DIRECTOR)
    open_thesis(page)
    click(page, "Approve the committee")
    said(page, "The thesis is now committee approved.")

    # The fellow submits the proposal; the chair approves it; the research starts.
    log_in(page, live_server, FELLOW)
    open_thesis(page)
    click(page, "Submit the proposal")
    log_in(page, live_server, CHAIR)
    open_thesis(page)
    click(page, "Approve the proposal")
    said(page, "The thesis is now proposal approved.")
    log_in(page, live_server, FELLOW)
    open_thesis(page)
    click(page, "Start the research")
    said(page, "The thesis is now in progress.")
    # The committee reads the thesis before the defense is scheduled: the draft goes up.
    page.get_by_label("Thesis (PDF)").set_input_files(
        {"name": "baptiste-draft.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(10)}
    )
    click(page, "Upload")
    said(page, "Version 1 uploaded (10 pages).")

    # The chair records a committee meeting, then schedules the defense.
    log_in(page, live_server, CHAIR)
    open_thesis(page)
    page.get_by_role("link", name="Record a meeting").click()
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("The fellow's progress report").fill("Annotated 600 handoff notes.")
    page.get_by_label("The committee's feedback").fill("Ready: schedule the defense.")
    page.get_by_label("Recommendation").select_option("ready")
    click(page, "Record the meeting")
    said(page, "Ready to schedule the defense")
    when = timezone.localtime(timezone.now() + timedelta(days=21)).replace(hour=14, minute=0)
    page.get_by_label("Date and time").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Room").fill("Countway Library, room 403")
    click(page, "Schedule the defense")
    said(page, "The thesis is now defense scheduled.")
    said(page, "Not yet: every committee member must confirm the date")
    click(page, "Confirm")
    page.get_by_role("button", name=re.compile("^Confirm for ")).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name=re.compile("^Confirm for ")).first.click()
    page.wait_for_load_state("networkidle")
    said(page, "On the public site")
    page.locator("#defense-h").scroll_into_view_if_needed()
    shoot("thesis-chair-defense")

    # The public sees the announcement; the director sends it to the news.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/defenses/")
    said(page, "Safe summaries of clinical notes for handoffs")
    said(page, "Countway Library, room 403")
    shoot("thesis-public-defenses")
    log_in(page, live_server, DIRECTOR)
    open_thesis(page)
    click(page, "Announce in the news")
    said(page, "is ready in News for you to publish")
    assert NewsPost.objects.filter(kind=NewsPost.Kind.DEFENSE, state="draft").count() == 1

    # The day of the defense comes; the chair records the outcome, the members sign off.
    Defense.objects.filter(thesis__fellow__email=FELLOW).update(
        starts_at=timezone.now() - timedelta(hours=2)
    )
    log_in(page, live_server, CHAIR)
    open_thesis(page)
    page.get_by_label("Pass with revisions").check()
    page.get_by_label("The chair's note").fill("Shorten chapter 3; add the error analysis.")
    click(page, "Record the outcome")
    said(page, "The thesis is now defended.")
    while page.get_by_role("button", name=re.compile("^Sign off for ")).count():
        page.get_by_role("button", name=re.compile("^Sign off for ")).first.click()
        page.wait_for_load_state("networkidle")

    # The fellow uploads the revised thesis; the chair accepts the revisions.
    log_in(page, live_server, FELLOW)
    open_thesis(page)
    page.get_by_label("Thesis (PDF)").set_input_files(
        {"name": "baptiste-thesis.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(12)}
    )
    click(page, "Upload")
    said(page, "Version 2 uploaded (12 pages).")
    click(page, "Submit the revised thesis")
    log_in(page, live_server, CHAIR)
    open_thesis(page)
    click(page, "Accept the revisions")
    said(page, "The thesis is now final document submitted.")

    # The director makes it public and completes the thesis.
    log_in(page, live_server, DIRECTOR)
    open_thesis(page)
    page.get_by_role("button", name="Make public").first.click()
    page.wait_for_load_state("networkidle")
    said(page, "Version 2 is public.")
    click(page, "Mark the thesis complete")
    said(page, "The thesis is now complete.")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Thesis").click()
    expect(page.get_by_role("heading", name="Theses")).to_be_visible()
    shoot("thesis-director-table")

    log_in(page, live_server, FELLOW)
    open_thesis(page)
    said(page, "The thesis is complete.")
    shoot("thesis-fellow-complete")
    thesis = Thesis.objects.get(fellow__email=FELLOW)
    assert thesis.state == Thesis.State.COMPLETE
    assert [d.is_public for d in thesis.documents.order_by("version")] == [False, True]


def test_the_director_reschedules_then_cancels_a_defense(page, live_server, demo, shoot):
    """A member falls ill: the defense moves, everyone confirms again, then it is called off."""
    thesis = Thesis.objects.get(fellow__email="emeka.nwachukwu@example.org")
    page.goto(f"{live_server.url}/defenses/?program={demo.slug}")
    said(page, thesis.title)
    said(page, f"At {demo.name}.")

    log_in(page, live_server, DIRECTOR)
    open_thesis(page, "Emeka")
    said(page, "On the public site")
    page.locator("summary", has_text="Reschedule or move the defense").click()
    when = timezone.localtime(timezone.now() + timedelta(days=35)).replace(hour=10, minute=0)
    page.get_by_label("Date and time").last.fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Room").last.fill("Countway Library, room 501")
    page.get_by_label("Reason (sent to the committee)").fill("Dr. Marsh is ill that week.")
    page.locator(".defense-change").scroll_into_view_if_needed()
    shoot("thesis-director-reschedule-form")
    click(page, "Reschedule the defense")
    said(page, "The defense is rescheduled; the committee is asked by email to confirm again.")
    said(page, "Withdrawn until every committee member confirms the new date")
    expect(page.get_by_role("button", name=re.compile("^Confirm for ")).first).to_be_visible()
    page.locator("#defense-h").scroll_into_view_if_needed()
    shoot("thesis-director-rescheduled")
    defense = thesis.defenses.get()
    assert defense.reschedules == 1 and not defense.members.filter(confirmed_at__isnull=False)

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/defenses/?program={demo.slug}")
    expect(page.get_by_text(thesis.title)).to_have_count(0)

    log_in(page, live_server, DIRECTOR)
    open_thesis(page, "Emeka")
    page.locator("summary", has_text="Cancel the defense").click()
    page.get_by_label("Reason (required; sent to the committee)").fill(
        "The fellow is on medical leave until spring."
    )
    click(page, "Cancel the defense")
    said(page, "The defense is cancelled; the committee has been told by email.")
    said(page, "The fellow is on medical leave until spring.")
    shoot("thesis-director-cancelled")
    thesis.refresh_from_db()
    assert thesis.state == Thesis.State.IN_PROGRESS and not thesis.defenses.exists()


def test_the_demo_reads_as_lived_in(page, live_server, demo, shoot):
    """What the reviewer looked at: the history, the chair's "you", the grouped table and
    the meeting form's errors."""
    log_in(page, live_server, CHAIR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Thesis").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("cell", name="the defense day, then you")).to_be_visible()
    shoot("thesis-chair-committees-you")
    page.get_by_role("link", name=re.compile("Emeka")).first.click()
    page.wait_for_load_state("networkidle")
    page.locator("#history").scroll_into_view_if_needed()
    said(page, "In progress → Defense scheduled")
    shoot("thesis-demo-history")
    page.get_by_role("link", name="Record a meeting").click()
    page.wait_for_load_state("networkidle")
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("The fellow's progress report").fill("Chapter 4 drafted.")
    # A browser's date picker cannot hold 2026-02-30, so the date is typed in a form posted
    # the way an older browser (a text box) would.
    page.evaluate("document.getElementById('id_date').type = 'text'")
    page.locator("#id_date").fill("2026-02-30")
    page.get_by_label("Next meeting by").fill("2026-01-10")
    click(page, "Record the meeting")
    said(page, "February 2026 has no day 30 (it has 28 days).")
    expect(page.locator("#id_date")).to_have_value("2026-02-30")
    shoot("thesis-meeting-form-errors")

    log_in(page, live_server, DIRECTOR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Thesis").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=re.compile("^Alumni"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^No thesis record yet"))).to_be_visible()
    shoot("thesis-director-table-grouped")
