"""The demo progress: real status for every stage, the demo plan's history, and loading
twice changes nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowship.demo.progress import load_demo_progress
from fellowship.programs.models import Fellow
from fellowship.progress import milestones, reminders, selectors
from fellowship.progress.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    OrientationItem,
    ResearchPlan,
    ResearchPlanVersion,
)
from tests.demo_once import demo_once

pytestmark = pytest.mark.django_db
MODELS = (MilestoneTemplate, Milestone, OrientationItem, ResearchPlan, ResearchPlanVersion,
          DevelopmentPlan, DevelopmentGoal)  # fmt: skip


module_demo, demo = demo_once(load_demo_progress)


def snapshot():
    return [m.objects.count() for m in MODELS] + [
        list(Milestone.objects.order_by("pk").values_list("due_date", "done_on"))
    ]


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    load_demo_progress(demo)
    assert snapshot() == before


def test_every_fellow_has_milestones_and_the_cohort_has_someone_behind(demo):
    fellows = Fellow.objects.filter(program=demo)
    assert Milestone.objects.filter(fellow__program=demo).count() == fellows.count() * len(
        milestones.DEFAULT_TEMPLATES
    )
    rows, _ = selectors.cohort(demo, timezone.localdate())
    behind = [r for r in rows if r.days_behind]
    assert 2 <= len(behind) < len(rows)
    assert rows[0].days_behind == max(r.days_behind for r in rows)
    # Alumni did everything; incoming fellows nothing yet.
    for fellow in fellows.filter(status="completed"):
        assert not fellow.milestones.filter(
            done_on__isnull=True, due_date__lte=fellow.appointment_end
        ).exists()
    for fellow in fellows.filter(status="incoming"):
        assert not fellow.milestones.filter(done_on__isnull=False).exists()


def test_the_demo_fellows_plan_went_through_changes_requested(demo):
    plan = ResearchPlan.objects.get(fellow__email="fellow@example.org")
    v2, v1 = plan.versions.all()
    assert plan.state == "approved"
    assert (v1.decision, v2.decision) == ("changes_requested", "approved")
    assert "agreement study" in v1.comments and "Aim 3" in v2.aims
    assert DevelopmentPlan.objects.get(fellow=plan.fellow, year=2).state == "submitted"


def test_the_demo_plan_has_a_believable_history(client, demo):
    """The History panel shows the plan's two rounds, dated as the versions are, in the
    services' words; loading again does not repeat them."""
    plan = ResearchPlan.objects.get(fellow__email="fellow@example.org")
    v2, v1 = plan.versions.all()
    log = list(reversed(selectors.log_of(plan)))
    assert [(e.verb, e.actor.email) for e in log] == [
        ("research_plan.edited", "fellow@example.org"),
        ("research_plan.submitted", "fellow@example.org"),
        ("research_plan.changes_requested", "mentor@example.org"),
        ("research_plan.edited", "fellow@example.org"),
        ("research_plan.edited", "fellow@example.org"),
        ("research_plan.submitted", "fellow@example.org"),
        ("research_plan.approved", "mentor@example.org"),
    ]
    assert [e.at for e in log] == sorted(e.at for e in log)
    assert log[-1].at < timezone.now()
    assert (log[1].at, log[2].at) == (v1.submitted_at, v1.reviewed_at)
    assert (log[5].at, log[6].at) == (v2.submitted_at, v2.reviewed_at)
    assert log[2].summary == (
        f"{plan}: Submitted → Changes requested (version 1 changes requested)"
    )
    load_demo_progress(demo)
    assert len(selectors.log_of(plan)) == len(log)

    from fellowship.accounts.models import User

    client.force_login(User.objects.get(email="fellow@example.org"))
    page = client.get(
        reverse("progress:plan", kwargs={"program": demo.slug, "pk": plan.fellow_id})
    ).content.decode()
    history = page[page.index('id="history-h"') :]
    assert "Nothing yet." not in history
    assert history.count("<li>") == len(log)
    assert f"{v1.submitted_at:%b %-d, %Y}" in history and "Submitted → Approved" in history


def test_the_demo_reminders_dry_run(demo, capsys):
    sent = reminders.reminders_send(dry_run=True, say=print)
    out = capsys.readouterr().out
    assert {d.user.email for d in sent} >= {"fellow@example.org", "mentor@example.org"}
    assert "IDP (year 2) is waiting for your sign-off" in out


def test_the_demo_pages_render(client, demo):
    from fellowship.accounts.models import User

    jordan = Fellow.objects.get(email="fellow@example.org")
    client.force_login(User.objects.get(email="director@example.org"))
    pages = [
        ("cohort", {}),
        ("template_list", {}),
        ("timeline", {"pk": jordan.pk}),
        ("plan", {"pk": jordan.pk}),
        ("idp", {"pk": jordan.pk}),
        ("plan_version", {"pk": jordan.pk, "number": 2}),
    ]
    for name, kwargs in pages:
        response = client.get(reverse(f"progress:{name}", kwargs={"program": demo.slug, **kwargs}))
        assert response.status_code == 200, name


def test_thesis_and_grant_milestones_follow_the_demo_records(demo):
    """Loaded with the grants and thesis demos: a submitted application's milestone is done
    no later than its due date, an unsubmitted one's is open; a committee still waiting for
    the director is not formed; and loading again keeps it so."""
    from fellowship.demo.grants import load_demo_grants
    from fellowship.demo.thesis import load_demo_theses
    from fellowship.grants.models import GrantApplication
    from fellowship.thesis.models import Thesis

    load_demo_grants(demo)
    load_demo_progress(demo)
    load_demo_theses(demo)

    def milestone(fellow, link):
        return Milestone.objects.get(fellow=fellow, template__link=link)

    def check():
        applications = GrantApplication.objects.filter(fellow__program=demo)
        assert applications.exists()
        for application in applications:
            done_on = milestone(application.fellow, "grant_submitted").done_on
            if application.stage in ("submitted", "scored", "funded", "not_funded"):
                assert done_on is not None and done_on <= application.target_due_date
            elif not application.fellow.grant_applications.exclude(pk=application.pk).exists():
                assert done_on is None
        for thesis in Thesis.objects.filter(fellow__program=demo):
            formed = milestone(thesis.fellow, "thesis_committee").done_on
            assert (formed is None) == (thesis.state in ("planning", "committee_proposed"))
            defended = milestone(thesis.fellow, "thesis_defense").done_on
            passed = thesis.defenses.filter(outcome__in=["pass", "pass_with_revisions"])
            assert (defended is None) == (not passed.exists())

    check()
    before = snapshot()
    load_demo_grants(demo)
    load_demo_progress(demo)
    load_demo_theses(demo)
    check()
    assert snapshot() == before
