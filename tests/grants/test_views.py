"""Grant pages: the POST buttons need the permission, the due-date choice warns, the
eligibility panel shows the right window to the right people, and lists cost fixed queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.grants.models import GrantApplication
from tests import factories as f

from .helpers import application_for

pytestmark = pytest.mark.django_db
Stage = GrantApplication.Stage


def kw(world, application, **extra):
    return {"program": world.program.slug, "pk": application.pk, **extra}


@pytest.mark.parametrize(
    ("who", "moves"),
    [("fellow", True), ("mentor", True), ("director", True), ("other_fellow", False),
     ("unrelated_faculty", False)],
)  # fmt: skip
def test_transition_button(client, world, who, moves):
    application = application_for(world)
    client.force_login(getattr(world, who))
    url = reverse("grants:application_transition", kwargs=kw(world, application))
    response = client.post(url, {"to": "aims_drafted"})
    application.refresh_from_db()
    assert (application.stage == Stage.AIMS_DRAFTED) is moves
    assert response.status_code == (302 if moves else 403)


def test_mentor_may_not_record_the_score(client, world):
    application = application_for(world)
    GrantApplication.objects.filter(pk=application.pk).update(stage=Stage.SUBMITTED)
    client.force_login(world.mentor)
    url = reverse("grants:application_transition", kwargs=kw(world, application))
    assert client.post(url, {"to": "scored", "impact_score": "20"}).status_code == 403
    client.force_login(world.fellow)
    response = client.post(url, {"to": "scored", "impact_score": "5"}, follow=True)
    assert b"between 10 and 90" in response.content
    application.refresh_from_db()
    assert application.stage == Stage.SUBMITTED


def test_checklist_button_and_resubmit_button(client, world):
    application = application_for(world)
    item = application.checklist.get(component="budget")
    url = reverse("grants:checklist_mark", kwargs=kw(world, application, item=item.pk))
    client.force_login(world.other_fellow)
    assert client.post(url, {"done": "1"}).status_code == 403
    client.force_login(world.mentor)
    response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b'id="checklist"' in response.content
    item.refresh_from_db()
    assert item.done
    resubmit = reverse("grants:application_resubmit", kwargs=kw(world, application))
    GrantApplication.objects.filter(pk=application.pk).update(stage=Stage.NOT_FUNDED)
    assert client.post(resubmit).status_code == 403  # the mentor
    client.force_login(world.fellow)
    response = client.post(resubmit)
    new = GrantApplication.objects.get(previous_application=application)
    assert response["Location"] == new.get_absolute_url()


def test_the_due_date_choice_marks_and_warns_but_does_not_block(client, world):
    fellow = world.fellow_record
    fellow.prior_research_months = 24  # last eligible day Aug 10, 2027
    fellow.save()
    client.force_login(world.fellow)
    url = reverse("grants:application_create", kwargs={"program": world.program.slug})
    page = client.get(url).content.decode()
    assert "Fri Feb 12, 2027</option>" in page
    assert "Tue Oct 12, 2027 — past the K99 eligibility window" in page
    response = client.post(
        url,
        {"mechanism": "K99", "institute": "NLM", "title": "Late", "target_due_date": "2027-10-12",
         "mentors": [world.mentor_faculty.pk]},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert b"would be past the K99 eligibility window" in response.content
    application = GrantApplication.objects.get()
    assert application.fellow == fellow and application.stage == Stage.PLANNING
    assert list(application.mentors.all()) == [world.mentor_faculty]


def test_a_date_that_is_no_due_date_is_refused(client, world):
    client.force_login(world.fellow)
    url = reverse("grants:application_create", kwargs={"program": world.program.slug})
    response = client.post(
        url, {"mechanism": "R01", "institute": "NLM", "title": "T", "target_due_date": "2027-02-12"}
    )
    assert response.status_code == 200 and b"not a R01 new due date" in response.content
    assert not GrantApplication.objects.exists()


def test_the_eligibility_panel_on_the_fellows_page(client, world):
    url = world.fellow_record.get_absolute_url()
    for who in ("fellow", "coordinator", "director"):
        client.force_login(getattr(world, who))
        page = client.get(url).content.decode()
        assert "K99 eligibility window" in page and "<svg" in page
        # Start Dec 30, 2024 (6 prior months = 183 days before Jul 1, 2025), 40 days of leave.
        assert "Dec 30, 2024" in page
        assert "Feb 7, 2029" in page  # Dec 29, 2028 + 40 days
        assert "Nov 13, 2028" in page  # the last resubmission due date
        assert "40 days of leave not counted" in page
    client.force_login(world.mentor)  # sees the record, not the leave nor the window
    assert "K99 eligibility window" not in client.get(url).content.decode()


def test_a_recorded_postdoc_start_wins(client, world):
    client.force_login(world.director)
    url = reverse(
        "grants:postdoc_start",
        kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk},
    )
    assert client.post(url, {"postdoc_start": "2024-03-01"}).status_code == 302
    page = client.get(world.fellow_record.get_absolute_url()).content.decode()
    assert "Mar 1, 2024" in page and "(estimated" not in page


def test_windows_sorted_by_urgency(client, world):
    late = f.FellowFactory(program=world.program, prior_research_months=40, last_name="Late")
    client.force_login(world.director)
    page = client.get(reverse("grants:windows", kwargs={"program": world.program.slug}))
    names = [w.fellow for w in page.context["windows"]]
    assert names[0] == late
    assert set(names) == {late, world.fellow_record, world.other_fellow_record}


def add_rows(world, n):
    for i in range(n):
        fellow = f.FellowFactory(program=world.program, prior_research_months=i)
        f.LeaveFactory(fellow=fellow)
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty, kind="secondary")
        application = GrantApplication.objects.create(
            fellow=fellow, mechanism="K99", title=f"A{i}", target_due_date=dt.date(2027, 2, 12)
        )
        application.mentors.add(world.mentor_faculty)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "who"),
    [("grants:windows", "director"), ("grants:application_list", "director"),
     ("grants:application_list", "mentor"), ("grants:alumni", "coordinator")],
)  # fmt: skip
def test_query_counts_do_not_grow_with_rows(client, world, name, who):
    application_for(world)
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs={"program": world.program.slug})
    one = count(client, url)
    add_rows(world, 6)
    world.program.fellows.filter(last_name__startswith="").exclude(
        pk__in=[world.fellow_record.pk]
    ).update(status="active")
    many = count(client, url)
    assert many == one, (name, one, many)
