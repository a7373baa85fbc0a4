"""The demo grant applications come with the history their stage implies, all in the past."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fellowship.accounts.models import User
from fellowship.demo.grants import load_demo_grants
from fellowship.grants import selectors
from fellowship.grants.models import GrantApplication
from tests.demo_once import demo_once

pytestmark = pytest.mark.django_db
Stage = GrantApplication.Stage


module_demo, demo = demo_once(load_demo_grants)


def log_of(application):
    return list(reversed(list(selectors.application_log(application, limit=100))))


def test_every_demo_application_has_its_stages_and_ticked_items_in_the_log(demo):
    now = timezone.now()
    applications = list(GrantApplication.objects.all())
    assert len(applications) == 3
    for application in applications:
        log = log_of(application)
        assert log[0].verb == "grant_application.created"
        assert all(e.at < now for e in log)
        assert [e.at for e in log] == sorted(e.at for e in log)
        order = list(Stage)
        for stage in order[1 : order.index(Stage(application.stage)) + 1]:
            assert f"grant_application.{stage}" in [e.verb for e in log], (application, stage)
        done = application.checklist.filter(done=True)
        assert sum(e.verb == "grant_checklist.done" for e in log) == done.count()
        assert all(item.done_at < now for item in done)


def test_the_stage_three_application_reads_like_real_work(demo, client):
    application = GrantApplication.objects.get(stage=Stage.LETTERS_REQUESTED)
    said = [e.summary for e in log_of(application)]
    assert said[0].startswith("Grant application started")
    assert any(s.endswith("Specific aims drafted → Mentor letters requested") for s in said)
    assert any(s.startswith("Specific aims done") for s in said)
    client.force_login(User.objects.get(email="fellow@example.org"))
    page = client.get(
        reverse("grants:application_detail", kwargs={"program": demo.slug, "pk": application.pk})
    ).content.decode()
    history = page.split('id="history"')[1]
    assert "Nothing yet." not in history and "Mentor letters requested" in history


def test_scores_and_awards_name_the_numbers_and_loading_again_adds_nothing(demo):
    funded = GrantApplication.objects.get(stage=Stage.FUNDED)
    summaries = [e.summary for e in log_of(funded)]
    assert any("(impact score 20, percentile 4)" in s for s in summaries)
    assert any("(award K99LM014321 from " in s for s in summaries)
    count = len(log_of(funded))
    load_demo_grants(demo)
    assert len(log_of(funded)) == count
