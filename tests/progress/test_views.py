"""Progress pages: the POST buttons need the permission, bad input changes nothing, the IDP
stays private, and the pages cost fixed queries whatever the number of fellows."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.progress import milestones, plans, selectors
from fellowship.progress.models import (
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    OrientationItem,
    ResearchPlan,
)
from tests import factories as f
from tests.commit import committed

from .helpers import PLAN, hand_approval, pdf, templates_for

pytestmark = pytest.mark.django_db


def url(world, name, fellow=None, **extra):
    kwargs = {"program": world.program.slug, **extra}
    if fellow is not False:
        kwargs["pk"] = (fellow or world.fellow_record).pk
    return reverse(f"progress:{name}", kwargs=kwargs)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The cohort view ------------------------------------------------------------------------


def add_fellows(world, n):
    for i in range(n):
        fellow = f.FellowFactory(
            program=world.program,
            appointment_start=date(2025 + i % 2, 7, 1),
            appointment_end=date(2027 + i % 2, 6, 30),
        )
        f.LeaveFactory(fellow=fellow, start=date(2026, 8, 3), end=date(2026, 8, 30))
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty, kind="secondary")
        Milestone.objects.filter(fellow=fellow, due_date__lt=date(2026, 1, 1)).update(
            done_on=date(2025, 12, 1)
        )


def count(client, address, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("who", ["director", "mentor"])
def test_the_cohort_view_costs_the_same_queries_for_one_fellow_or_many(client, world, who):
    templates_for(world)
    world.other_fellow_record.status = "completed"
    world.other_fellow_record.save()
    client.force_login(getattr(world, who))
    few, response = count(client, url(world, "cohort", fellow=False))
    assert text(response).count('<th scope="row">') == 1
    add_fellows(world, 10)
    many, response = count(client, url(world, "cohort", fellow=False))
    assert many == few, (few, many)
    assert text(response).count('<th scope="row">') == 11


def test_the_cohort_is_sorted_by_how_far_behind(client, world):
    templates_for(world)
    # The other fellow did everything due before this autumn; the world fellow nothing.
    Milestone.objects.filter(
        fellow=world.other_fellow_record, due_date__lt=date(2026, 9, 1)
    ).update(done_on=date(2026, 1, 1))
    client.force_login(world.director)
    page = text(client.get(url(world, "cohort", fellow=False)))
    assert page.index("Fay Fellow") < page.index("Otto Other")
    # Fay's oldest open milestone (orientation, due Jul 31, 2025) is 482 days overdue.
    assert "482 days" in page and "2 fellows; 1 with something overdue" in page
    by_name = text(client.get(url(world, "cohort", fellow=False), {"sort": "name"}))
    assert by_name.index("Fay Fellow") < by_name.index("Otto Other")  # Fellow < Other
    by_next = text(client.get(url(world, "cohort", fellow=False), {"sort": "nonsense"}))
    assert 'value="behind" selected' in by_next


def test_a_mentor_sees_only_their_mentees(client, world):
    templates_for(world)
    client.force_login(world.mentor)
    page = text(client.get(url(world, "cohort", fellow=False)))
    assert "Fay Fellow" in page and "Otto Other" not in page
    client.force_login(world.unrelated_faculty)
    page = text(client.get(url(world, "cohort", fellow=False)))
    assert page.count("You have no current mentees.") == 1
    # Only the message: no sort control, legend or count over an empty list.
    assert 'name="sort"' not in page and "progress-key" not in page
    assert "0 fellows" not in page and '<table class="table cohort">' not in page


def test_an_overdue_point_is_never_hidden_under_another(client, world):
    """Core courses and the thesis proposal are both due at month 12: one done, one overdue,
    they share a spot; they are spread up and down and the overdue one is drawn last."""
    templates_for(world)
    Milestone.objects.filter(
        fellow=world.fellow_record, template__name="Thesis proposal approved"
    ).update(done_on=date(2026, 8, 1))
    rows, _ = selectors.cohort(world.program, date(2026, 11, 25))
    dots = next(r for r in rows if r.fellow == world.fellow_record).dots
    same = [d for d in dots if "Core courses" in d.label or "Thesis proposal" in d.label]
    done, overdue = sorted(same, key=lambda d: d.status != "done")
    assert (done.status, overdue.status) == ("done", "overdue") and done.x == overdue.x
    assert abs(done.y - overdue.y) >= 2 * selectors.COHORT_DOT  # apart, not on top of each other
    assert dots.index(overdue) > dots.index(done)
    assert [d.status for d in dots][-1] == "overdue"
    client.force_login(world.director)
    page = text(client.get(url(world, "cohort", fellow=False)))
    assert f'cx="{overdue.x}" cy="{overdue.y}"' in page


def test_crowded_points_stay_inside_their_row():
    dots = [selectors.Dot(100, 12, s, s) for s in ("overdue", "done", "due", "upcoming")]
    dots.append(selectors.Dot(300, 12, "done", "alone"))
    drawn = selectors.stack_dots(dots, radius=4.5, room=7)
    assert [d.status for d in drawn] == ["done", "done", "upcoming", "due", "overdue"]
    crowded = sorted(d.y for d in drawn if d.x == 100)
    assert crowded[0] == 5 and crowded[-1] == 19 and len(set(crowded)) == 4
    assert next(d for d in drawn if d.label == "alone").y == 12


# The timeline ---------------------------------------------------------------------------


def test_the_timeline_shows_phases_milestones_leave_and_today(
    client, world, django_assert_max_num_queries
):
    templates_for(world)
    client.force_login(world.fellow)
    with django_assert_max_num_queries(30):
        response = client.get(url(world, "timeline"))
    page = text(response)
    assert page.count('class="pt-band pt-') == 4
    assert page.count('class="pt-dot dot-') == len(milestones.DEFAULT_TEMPLATES)
    assert page.count('class="pt-leave"') == 1 and 'class="tl-today"' in page
    assert "Medical leave 2026-01-05 to 2026-02-13" in page  # the fellow sees their own leave
    assert "Research plan approved: overdue, due Sep 30, 2025" in page
    assert "Thesis proposal approved" in page and "Aug 9, 2026" in page
    assert "Development plan (IDP)" in page
    client.force_login(world.mentor)
    page = text(client.get(url(world, "timeline")))
    # Leave is private to the fellow and the staff: the picture shades it, without its kind.
    assert "Approved leave" not in page and "Medical" not in page
    assert page.count('class="pt-leave"') == 1 and "Leave, Jan 5 to Feb 13, 2026 (40 days)" in page


def test_the_coordinator_sees_the_timeline_but_not_the_idp(client, world):
    templates_for(world)
    plans.idp_save(
        fellow=world.fellow_record, year=1, by=world.fellow, self_assessment="Weak at statistics.",
        career_goals="Industry.", goals="",
    )  # fmt: skip
    client.force_login(world.coordinator)
    page = text(client.get(url(world, "timeline")))
    assert "Development plan (IDP)" not in page and "Weak at statistics" not in page
    assert client.get(url(world, "idp")).status_code == 403
    for who in ("fellow", "mentor", "director"):
        client.force_login(getattr(world, who))
        assert "Weak at statistics." in text(client.get(url(world, "idp"))), who


# Buttons --------------------------------------------------------------------------------


def test_recording_a_milestone(client, world):
    milestone = hand_approval(world)
    address = url(world, "milestone_record", milestone=milestone.pk)
    data = {"done": "1", "done_on": "2026-05-01", "note": "Three members"}
    for who in ("other_fellow", "unrelated_faculty", "fellow"):  # an approval: not the fellow
        client.force_login(getattr(world, who))
        assert client.post(address, data).status_code == 403
    client.force_login(world.mentor)
    page = text(client.post(address, {**data, "done_on": "tomorrow"}, follow=True))
    assert "Give the day it was done as a date." in page
    page = text(client.post(address, {**data, "done_on": "2027-01-01"}, follow=True))
    assert "A milestone cannot be done on a future day." in page
    milestone.refresh_from_db()
    assert milestone.done_on is None
    response = client.post(address, data)
    assert response.status_code == 302 and response["Location"] == url(world, "timeline")
    milestone.refresh_from_db()
    assert milestone.done_on == date(2026, 5, 1) and milestone.note == "Three members"


def test_orientation_buttons(client, world):
    templates_for(world)
    item = OrientationItem.objects.filter(fellow=world.fellow_record).first()
    address = url(world, "orientation_mark", item=item.pk)
    client.force_login(world.mentor)
    assert client.post(address, {"action": "tick"}).status_code == 403
    client.force_login(world.fellow)
    assert client.post(address, {"action": "tick"})["Location"].endswith("#orientation")
    assert client.post(address, {"action": "confirm"}).status_code == 403
    client.force_login(world.mentor)
    client.post(address, {"action": "confirm"})
    item.refresh_from_db()
    assert item.ticked_at and item.confirmed_by == world.mentor
    page = text(client.get(url(world, "timeline")))
    assert "confirmed by Mina Mentor" in page and "(1 of 6 confirmed)" in page
    other = OrientationItem.objects.filter(fellow=world.other_fellow_record).first()
    other_address = url(world, "orientation_mark", fellow=world.other_fellow_record, item=other.pk)
    assert client.post(other_address, {"action": "confirm"}).status_code == 403


def test_the_research_plan_through_the_pages(client, world):
    templates_for(world)
    client.force_login(world.fellow)
    page = text(client.get(url(world, "plan")))
    assert "You have not started your research plan." in page
    # Submitting nothing is refused with a clear message.
    page = text(client.post(url(world, "plan_transition"), {"to": "submitted"}, follow=True))
    assert "The research plan is empty" in page
    with committed():  # the attachment is written when the request's transaction commits
        response = client.post(url(world, "plan_edit"), {**PLAN, "attachment": pdf()})
    assert response.status_code == 302
    client.post(url(world, "plan_transition"), {"to": "submitted"})
    page = text(client.get(url(world, "plan")))
    assert "Waiting for the primary mentor" in page.replace("waiting", "Waiting")
    assert "Approve the plan" not in page
    # Another faculty member, even the director, may not approve.
    for who in ("unrelated_faculty", "director"):
        client.force_login(getattr(world, who))
        response = client.post(url(world, "plan_transition"), {"to": "approved"})
        assert response.status_code == 403
        assert ResearchPlan.objects.get().state == "submitted"
    # The director may see the plan, so she is told who may approve it.
    assert "Only the fellow&#x27;s primary mentor may approve" in text(response)
    assert "Nothing was changed." in text(response)
    client.force_login(world.mentor)
    page = text(client.get(url(world, "plan")))
    assert "Approve the plan" in page and "Ask for changes" in page
    page = text(
        client.post(url(world, "plan_transition"), {"to": "changes_requested"}, follow=True)
    )
    assert "Say what should change in the plan." in page
    client.post(
        url(world, "plan_transition"), {"to": "changes_requested", "comments": "Add **Aim 3**."}
    )
    client.force_login(world.fellow)
    form = text(client.get(url(world, "plan_edit")))
    assert "Your mentor asked for changes" in form and "Add **Aim 3**." in form
    revised = {**PLAN, "aims": PLAN["aims"] + "\n\nAim 3. Measure *missed* follow-up."}
    client.post(url(world, "plan_edit"), revised)
    client.post(url(world, "plan_transition"), {"to": "submitted"})
    client.force_login(world.mentor)
    page = text(client.post(url(world, "plan_transition"), {"to": "approved"}, follow=True))
    assert "The research plan is now approved." in page
    assert "<em>missed</em>" in page  # rendered from Markdown
    # Version 2 compared with version 1.
    page = text(client.get(url(world, "plan_version", number=2)))
    assert "Changes from version 1" in page
    added = '<li class="diff-added"><span class="visually-hidden">Added: </span>{}</li>'
    assert added.format("Aim 3. Measure *missed* follow-up.") in page
    # The file, only as a download.
    response = client.get(url(world, "plan_file", number=2))
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(url(world, "plan_version", number=3)).status_code == 404


def test_markdown_is_cleaned(client, world):
    plans.plan_save(
        fellow=world.fellow_record, by=world.fellow, approach="", timeline="",
        aims='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )  # fmt: skip
    client.force_login(world.mentor)
    page = client.get(url(world, "plan")).content.decode()
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("plan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "is not a document (its content is image/png)",
        ),
        (SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096), "the limit is"),
    ],
)
def test_a_bad_upload_is_refused_on_the_form(client, world, settings, upload, message):
    settings.PROGRESS_MAX_UPLOAD_BYTES = 2048
    client.force_login(world.fellow)
    response = client.post(url(world, "plan_edit"), {**PLAN, "attachment": upload})
    assert response.status_code == 200
    assert message in text(response).replace("&quot;", '"')
    assert not ResearchPlan.objects.exists()


def test_the_idp_through_the_pages(client, world):
    templates_for(world)
    client.force_login(world.fellow)
    page = text(client.get(url(world, "idp")))
    assert "Write the IDP for year 2" in page  # Nov 2026 is the second year of training
    response = client.post(
        url(world, "idp_edit", year=2),
        {"self_assessment": "Good.", "career_goals": "Faculty.", "goals": "next week: paper"},
    )
    assert "Line 1: start with the target date as YYYY-MM-DD." in text(response)
    response = client.post(
        url(world, "idp_edit", year=2),
        {
            "self_assessment": "Good.",
            "career_goals": "Faculty.",
            "goals": "2027-02-30 Submit the K99",
        },
    )
    assert "Line 1: 2027-02-30 is not a date." in text(response)
    assert "start with the target date" not in text(response)
    assert not DevelopmentPlan.objects.exists()
    client.post(
        url(world, "idp_edit", year=2),
        {
            "self_assessment": "Good.",
            "career_goals": "Faculty.",
            "goals": "2027-03-01 Submit the K99",
        },
    )
    client.post(url(world, "idp_transition", year=2), {"to": "submitted"})
    assert (
        client.post(url(world, "idp_transition", year=2), {"to": "signed_off"}).status_code == 403
    )
    client.force_login(world.mentor)
    page = text(
        client.post(
            url(world, "idp_transition", year=2),
            {"to": "signed_off", "comments": "Fine."},
            follow=True,
        )
    )
    assert "The IDP is now signed off." in page and "Signed off by Mina Mentor" in page
    client.force_login(world.fellow)
    assert client.get(url(world, "idp_edit", year=9)).status_code == 404
    assert client.post(url(world, "idp_edit", year=0), {"self_assessment": "x"}).status_code == 404


def test_the_director_adds_a_milestone_and_due_dates_follow(client, world):
    templates_for(world)
    client.force_login(world.director)
    data = {
        "name": "Poster at AMIA",
        "phase": "thesis",
        "evidence": "date",
        "due_rule": "months",
        "due_months": "",
        "link": "",
        "description": "",
    }
    response = client.post(url(world, "template_create", fellow=False), data)
    assert "Say after how many months it is due." in text(response)
    response = client.post(
        url(world, "template_create", fellow=False), {**data, "due_months": "16"}
    )
    assert response.status_code == 302
    template = MilestoneTemplate.objects.get(name="Poster at AMIA")
    assert Milestone.objects.get(
        fellow=world.other_fellow_record, template=template
    ).due_date == date(2026, 10, 31)
    assert Milestone.objects.get(fellow=world.fellow_record, template=template).due_date == date(
        2026, 10, 31
    ) + timedelta(days=40)


def test_the_milestones_are_listed_in_due_order(client, world):
    templates_for(world)
    client.force_login(world.fellow)
    page = text(client.get(url(world, "template_list", fellow=False)))
    names = re.findall(r"<tr><td>([^<]+)<br>", page)
    assert names == [
        "Orientation complete",  # month 1
        "First-year IDP signed off",  # 2
        "Research plan approved",  # 3
        "Thesis committee formed",  # 9
        "Core courses complete",  # 12, coursework before thesis
        "Thesis proposal approved",  # 12
        "Second-year IDP signed off",  # 14
        "Thesis defended",  # 22
        "Mentored grant submitted",  # by the last K99 date: last
    ]
