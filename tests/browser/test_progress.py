"""Progress in headless Chromium: the demo fellow's timeline, a research plan from draft to
approved through changes requested, and the director's cohort view.

The demo's fellow is in his second year and his plan is long approved; the test takes him
back to his first months (no plan yet) so that he and his mentor can walk the workflow.
Screenshots: progress-fellow-timeline, progress-plan-submitted, progress-mentor-review,
progress-plan-approved, progress-plan-diff, progress-idp, progress-mentor-cohort,
progress-director-cohort, progress-calendar.
"""

import pytest
from playwright.sync_api import expect

from fellowship.demo.programs import load_demo_program
from fellowship.demo.progress import load_demo_progress
from fellowship.progress.models import Milestone, ResearchPlan

from .helpers import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FELLOW, MENTOR, DIRECTOR = "fellow@example.org", "mentor@example.org", "director@example.org"
CHAIR = "robert.aldana@example.org"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def demo(transactional_db, private_media):
    program = load_demo_program()
    load_demo_progress(program)
    ResearchPlan.objects.filter(fellow__email=FELLOW).delete()
    Milestone.objects.filter(fellow__email=FELLOW, template__link="research_plan").update(
        done_on=None, done_by=None
    )
    return program


def main_nav(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
    page.wait_for_load_state("networkidle")


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def open_plan_of_mentee(page):
    main_nav(page, "Progress")
    page.get_by_role("link", name="Jordan Ellis Baptiste").click()
    page.get_by_role("navigation", name="Progress of Jordan Ellis Baptiste").get_by_role(
        "link", name="Research plan"
    ).click()


def test_a_research_plan_from_draft_to_approved(page, live_server, demo, shoot):
    # The fellow: his timeline, then he writes his plan and submits it.
    log_in(page, live_server, FELLOW)
    main_nav(page, "Progress")
    expect(page.get_by_role("heading", name="Two years at a glance")).to_be_visible()
    figure = page.locator("figure.progress-timeline svg")
    assert figure.locator(".pt-band").count() == 4
    assert figure.locator(".tl-today").count() == 1
    assert figure.locator(".pt-dot.dot-done").count() >= 4
    assert figure.locator(".pt-dot.dot-overdue").count() >= 1  # the plan, now undone
    expect(page.get_by_text("6 of 6 confirmed")).to_be_visible()
    shoot("progress-fellow-timeline")

    page.get_by_role("link", name="Research plan", exact=True).first.click()
    page.get_by_role("link", name="Write the plan").click()
    page.get_by_label("Specific aims").fill(
        "Aim 1. Build a corpus of radiology reports with incidental findings.\n\n"
        "Aim 2. Train a model that finds them and the **recommended follow-up**."
    )
    page.get_by_label("Approach").fill(
        "We will sample 5,000 chest CT reports. A language model will be fine-tuned. "
        "We will measure precision and recall."
    )
    page.get_by_label("Timeline").fill("Months 4-8: annotation. Months 9-14: modelling.")
    page.get_by_label("Attached file (optional)").set_input_files(
        {"name": "gantt.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    click(page, "Save")
    expect(page.get_by_text("Saved your research plan.")).to_be_visible()
    expect(page.get_by_role("link", name="gantt.pdf")).to_be_visible()
    click(page, "Submit to my mentor")
    expect(page.get_by_text("The research plan is now submitted;")).to_be_visible()
    assert page.get_by_role("link", name="Revise the plan").count() == 0
    shoot("progress-plan-submitted")

    # The mentor: she asks for changes, with comments.
    log_in(page, live_server, MENTOR)
    main_nav(page, "Progress")
    expect(page.get_by_role("heading", name="Progress of my mentees")).to_be_visible()
    shoot("progress-mentor-cohort")
    open_plan_of_mentee(page)
    click(page, "Ask for changes")
    expect(page.get_by_text("Say what should change in the plan.")).to_be_visible()
    page.get_by_label("Comments for the fellow").fill(
        "Add an agreement study to Aim 1, and an aim that measures missed follow-up."
    )
    shoot("progress-mentor-review")
    click(page, "Ask for changes")
    expect(page.get_by_text("The research plan is back with the fellow")).to_be_visible()

    # The fellow revises (version 2) and submits again.
    log_in(page, live_server, FELLOW)
    main_nav(page, "Progress")
    page.get_by_role("link", name="Research plan", exact=True).first.click()
    expect(page.get_by_text("Add an agreement study to Aim 1")).to_be_visible()
    page.get_by_role("link", name="Revise the plan").click()
    expect(page.get_by_role("heading", name="Revise the research plan (version 2)")).to_be_visible()
    aims = page.get_by_label("Specific aims")
    aims.fill(
        aims.input_value().replace(
            "incidental findings.", "incidental findings, with an agreement study."
        )
        + "\n\nAim 3. Measure how many findings had no follow-up."
    )
    click(page, "Save")
    click(page, "Submit to my mentor")
    expect(page.get_by_text("The research plan is now submitted;")).to_be_visible()

    # The mentor approves; the changes from version 1 are there to compare.
    log_in(page, live_server, MENTOR)
    open_plan_of_mentee(page)
    click(page, "Approve the plan")
    expect(page.get_by_text("The research plan is now approved.")).to_be_visible()
    expect(page.locator(".stage-strip .stage-current")).to_have_text("Approved")
    assert page.locator(".plan-text strong", has_text="recommended follow-up").count() == 1
    shoot("progress-plan-approved")
    page.get_by_role("link", name="changes from version 1").click()
    expect(page.get_by_role("heading", name="Changes from version 1")).to_be_visible()
    assert page.locator(".diff-added", has_text="Aim 3. Measure how many").count() == 1
    assert page.locator(".diff-removed").count() >= 1
    shoot("progress-plan-diff")

    # The fellow's research-plan milestone is done now.
    page.get_by_role("link", name="Timeline and milestones").click()
    row = page.locator("tr", has_text="Research plan approved")
    expect(row.locator(".badge")).to_have_text("Done")

    # The mentor signs off the second-year IDP waiting for her.
    page.get_by_role("link", name="Development plan (IDP)").click()
    year2 = page.locator("section", has=page.get_by_role("heading", name="Year 2"))
    year2.get_by_label("Comments for the fellow").fill("Good plan; aim for the June K99 date.")
    year2.get_by_role("button", name="Sign off").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("The IDP is now signed off.")).to_be_visible()
    assert page.get_by_text("Signed off by Dr. Miriam Castellano").count() == 2
    shoot("progress-idp")


def test_the_director_sees_who_is_behind(page, live_server, demo, shoot):
    log_in(page, live_server, DIRECTOR)
    main_nav(page, "Progress")
    expect(page.get_by_role("heading", name="Progress of every current fellow")).to_be_visible()
    rows = page.locator("table.cohort tbody tr")
    assert rows.count() >= 10
    # Sorted by how far behind: the first row is behind, the last on track.
    assert "overdue" in rows.first.inner_text()
    assert "on track" in rows.last.inner_text()
    shoot("progress-director-cohort")
    page.get_by_label("Sort by").select_option("name")  # the form submits itself
    page.wait_for_url("**/progress/?sort=name")
    assert page.locator("table.cohort tbody tr").count() == rows.count()
    page.get_by_role("link", name="My calendar feed").click()
    click(page, "Make my calendar link")
    expect(page.get_by_text("Made your calendar link.")).to_be_visible()
    link = page.locator("#feed-url").input_value()
    assert link.startswith(live_server.url + "/calendar/") and link.endswith(".ics")
    shoot("progress-calendar")


def test_thesis_milestones_follow_the_thesis(page, live_server, demo, shoot):
    """With the thesis demo loaded, Lucía Ortega's committee is formed (her proposal waits
    for her chair) and Benjamin Cho's is not (it waits for the director)."""
    from fellowship.demo.thesis import load_demo_theses

    load_demo_theses(demo)
    log_in(page, live_server, DIRECTOR)
    main_nav(page, "Progress")
    page.get_by_role("link", name="Lucía Fernanda Ortega").click()
    page.wait_for_load_state("networkidle")
    committee = page.locator("tr", has_text="Thesis committee formed")
    expect(committee).to_contain_text("Done when the thesis committee is approved")
    expect(committee.locator(".badge")).to_have_text("Done")
    proposal = page.locator("tr", has_text="Thesis proposal approved")
    expect(proposal.locator(".badge")).not_to_have_text("Done")
    expect(proposal.get_by_role("button", name="Record done")).to_have_count(0)
    shoot("progress-thesis-linked")
    proposal.get_by_role("link", name="thesis").click()
    page.wait_for_load_state("networkidle")
    assert "/thesis/" in page.url


@pytest.fixture
def demo_as_loaded(transactional_db, private_media):
    program = load_demo_program()
    load_demo_progress(program)
    return program


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_on_a_phone_the_pages_fit_and_the_plan_has_its_history(
    page, live_server, demo_as_loaded, shoot
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, FELLOW)
    main_nav(page, "Progress")
    expect(page.get_by_role("heading", name="Two years at a glance")).to_be_visible()
    # The page does not scroll sideways; the timeline keeps a readable size and scrolls
    # inside its frame.
    assert page_width(page) <= 390
    frame = page.locator("figure.progress-timeline .pt-scroll")
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")
    shoot("progress-fellow-timeline-390")

    page.get_by_role("link", name="Research plan", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page_width(page) <= 390
    history = page.locator("section", has=page.get_by_role("heading", name="History"))
    expect(history.locator("li")).to_have_count(7)
    expect(history).not_to_contain_text("Nothing yet.")
    expect(history.locator("li").first).to_contain_text("Submitted → Approved")
    history.scroll_into_view_if_needed()
    shoot("progress-plan-history-390")

    page.get_by_role("link", name="Development plan (IDP)").click()
    page.wait_for_load_state("networkidle")
    assert page_width(page) <= 390


def test_every_overdue_point_shows_and_an_empty_cohort_says_so(
    page, live_server, demo_as_loaded, shoot
):
    log_in(page, live_server, DIRECTOR)
    main_nav(page, "Progress")
    row = page.locator("table.cohort tbody tr", has_text="Jordan Ellis Baptiste")
    expect(row).to_contain_text("2 overdue")
    overdue = row.locator("circle.dot-overdue")
    expect(overdue).to_have_count(2)
    for i in range(2):
        # The point on top at the dot's centre is the overdue dot itself.
        assert overdue.nth(i).evaluate(
            """c => { const b = c.getBoundingClientRect();
                      const x = b.x + b.width / 2, y = b.y + b.height / 2;
                      return document.elementFromPoint(x, y) === c; }"""
        )
    row.scroll_into_view_if_needed()
    shoot("progress-cohort-overdue-on-top", full_page=False)

    # A faculty member with no mentees (Robert Aldana, who chairs thesis committees, given
    # an account as the thesis demo does): the message only.
    from fellowship.accounts.models import User
    from fellowship.accounts.roles import memberships
    from fellowship.programs.models import FacultyMember

    aldana = FacultyMember.objects.get(program=demo_as_loaded, email=CHAIR)
    aldana.user = User.objects.create_user(CHAIR, PASSWORD, full_name=aldana.display_name)
    aldana.save(update_fields=["user"])
    assert not memberships(aldana.user).mentee_ids
    log_in(page, live_server, CHAIR)
    page.goto(f"{live_server.url}/p/{demo_as_loaded.slug}/progress/")
    expect(page.get_by_text("You have no current mentees.")).to_have_count(1)
    expect(page.get_by_label("Sort by")).to_have_count(0)
    expect(page.locator(".progress-key")).to_have_count(0)
    shoot("progress-no-mentees")


def test_on_a_phone_the_staff_dashboard_fits_and_its_tables_scroll_inside(
    page, live_server, demo_as_loaded, shoot
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "director@example.org")
    expect(page.get_by_role("heading", name="Fellows by cohort and status")).to_be_visible()
    assert page_width(page) <= 390  # the cohort table scrolls in its own frame
    wrap = page.locator("section", has=page.get_by_role("heading", name="Fellows by cohort"))
    assert wrap.locator(".table-wrap").evaluate("e => e.scrollWidth > e.clientWidth")
    shoot("staff-dashboard-390")
