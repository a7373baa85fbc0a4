"""No lost updates on an RPPR trainee summary: the page has one form per trainee, each
carrying the version of the saved paragraph it shows ("0" when none was saved)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from fellowship.reports.models import TraineeSummary

pytestmark = pytest.mark.django_db


def url(world, name):
    return reverse(f"reports:{name}", kwargs={"program": world.program.slug})


def opened_page(world, user) -> tuple[Client, str]:
    """`user` opens the summaries page: their client and the version Fay's form carries."""
    client = Client()
    client.force_login(user)
    page = client.get(url(world, "summaries"), {"year": 2026}).content.decode()
    fay = world.fellow_record.pk
    form = re.search(rf'name="fellow" value="{fay}">.*?</form>', page, re.S).group(0)
    return client, re.search(r'name="opened_revision" value="(\d+)"', form).group(1)


def post(client, world, opened, text, action="save"):
    data = {"fellow": world.fellow_record.pk, "year": 2026, "text": text, "action": action}
    return client.post(url(world, "summary_save"), {**data, "opened_revision": opened})


def stored(world):
    return TraineeSummary.objects.get(fellow=world.fellow_record, report_year=2026).text


def test_second_save_of_a_summary_is_refused_and_keeps_the_text(world):
    director, director_opened = opened_page(world, world.director)
    coordinator, coordinator_opened = opened_page(world, world.coordinator)
    assert director_opened == coordinator_opened == "0"  # nothing saved yet

    assert post(director, world, director_opened, "Fay leads the handoff study.").status_code == 302
    response = post(coordinator, world, coordinator_opened, "Fay studies handoffs.")
    assert response.status_code == 200
    assert stored(world) == "Fay leads the handoff study."
    page = response.content.decode()
    assert re.search(r"Changed by Dana Director at \d\d:\d\d since you opened it", page)
    assert "<td>Fay leads the handoff study.</td>" in page
    assert "<td>Fay studies handoffs.</td>" in page
    form = response.context["form"]
    assert form["text"].value() == "Fay studies handoffs."

    # Saving again from the reconcile page carries the new version and goes through.
    again = post(coordinator, world, form["opened_revision"].value(), "Fay studies handoffs.")
    assert again.status_code == 302
    assert stored(world) == "Fay studies handoffs."


def test_a_discard_after_someone_saved_is_refused(world):
    director, _ = opened_page(world, world.director)
    post(director, world, "0", "First words.")
    coordinator, opened = opened_page(world, world.coordinator)
    assert post(director, world, opened, "Second words.").status_code == 302
    response = post(coordinator, world, opened, "", action="discard")
    assert response.status_code == 302
    assert stored(world) == "Second words."
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Changed by Dana Director" in m and "Nothing was discarded" in m for m in messages)
