"""No lost updates on a fellow's interests, edited on the ranking page."""

import pytest
from django.test import Client
from django.urls import reverse

from fellowship.core.concurrency import TOKEN_FIELD
from fellowship.programs.models import Fellow

from .helpers import round_for

pytestmark = pytest.mark.django_db


def opened_interests(world, page) -> tuple[Client, dict]:
    client = Client()
    client.force_login(world.fellow)
    form = client.get(page).context["interests_form"]
    assert TOKEN_FIELD in form.fields, "the interests form carries no version"
    return client, {
        "research_interests": form["research_interests"].value(),
        "topics": [str(pk) for pk in form["topics"].value()],
        TOKEN_FIELD: str(form[TOKEN_FIELD].value()),
        "save_interests": "",
    }


def test_second_save_of_interests_in_another_tab_is_refused(world):
    round = round_for(world, chosen=False)
    page = reverse(
        "placement:choices",
        kwargs={"program": world.program.slug, "pk": round.pk, "fellow": world.fellow_record.pk},
    )
    first, first_data = opened_interests(world, page)
    second, second_data = opened_interests(world, page)

    first_data["research_interests"] = "Genome variant interpretation"
    assert first.post(page, first_data).status_code == 302

    second_data["research_interests"] = "Sepsis prediction"
    response = second.post(page, second_data)
    assert response.status_code == 200
    stored = Fellow.objects.get(pk=world.fellow_record.pk)
    assert stored.research_interests == "Genome variant interpretation"
    assert "Changed by Fay Fellow at" in response.content.decode()
    form = response.context["interests_form"]
    assert form["research_interests"].value() == "Sepsis prediction"
    assert [(d.saved, d.yours) for d in form.stale_differences] == [
        ("Genome variant interpretation", "Sepsis prediction")
    ]

    second_data[TOKEN_FIELD] = form[TOKEN_FIELD].value()
    assert second.post(page, second_data).status_code == 302
    stored.refresh_from_db()
    assert stored.research_interests == "Sepsis prediction"
