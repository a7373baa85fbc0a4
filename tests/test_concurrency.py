"""The no-lost-updates mechanism itself (`core.concurrency`): one conditional UPDATE claims
a record at the version a form was opened at; every save raises the version."""

import pytest
from django.urls import reverse

from fellowship.core.concurrency import TOKEN_FIELD, StaleEdit, claim
from fellowship.programs import services
from fellowship.programs.models import Laboratory
from tests.editing import opened_form

pytestmark = pytest.mark.django_db


def test_of_two_claims_at_one_version_only_the_first_wins(world):
    lab = Laboratory.objects.get(pk=world.lab.pk)
    opened = lab.revision
    claim(lab, opened)
    with pytest.raises(StaleEdit) as refused:
        claim(Laboratory.objects.get(pk=lab.pk), opened)
    assert refused.value.current_version == opened + 1


def test_the_refusal_names_who_changed_the_record_from_the_activity_log(world):
    lab = Laboratory.objects.get(pk=world.lab.pk)
    opened = lab.revision
    lab.capacity = 9
    services.laboratory_save(laboratory=lab, by=world.director)
    with pytest.raises(StaleEdit) as refused:
        claim(lab, opened)
    # The suite runs on a fixed day at midnight (tests/conftest.py).
    assert refused.value.message.startswith("Changed by Dana Director at ")
    assert "since you opened it" in refused.value.message


def test_without_a_log_entry_the_refusal_still_says_what_happened(world):
    lab = Laboratory.objects.get(pk=world.lab.pk)
    opened = lab.revision
    Laboratory.objects.get(pk=lab.pk).save()  # a bare save, as the admin or a fixture does
    with pytest.raises(StaleEdit) as refused:
        claim(lab, opened)
    assert refused.value.message.startswith("Someone else changed this record since you opened")


def test_every_save_raises_the_version_even_of_some_fields(world):
    lab = Laboratory.objects.get(pk=world.lab.pk)
    before = lab.revision
    lab.save()
    lab.description = "New words."
    lab.save(update_fields=["description"])
    assert Laboratory.objects.get(pk=lab.pk).revision == before + 2


@pytest.mark.parametrize("token", ["abc", "-3", "0", "1.5", "1e9999", "9" * 400, "7\x00"])
def test_a_damaged_version_mark_is_refused_by_name_and_saves_nothing(world, token):
    url = reverse("programs:lab_edit", kwargs={"program": world.program.slug, "pk": world.lab.pk})
    client, data = opened_form(world.director, url)
    response = client.post(url, {**data, "capacity": "7", TOKEN_FIELD: token})
    assert response.status_code == 200
    assert "version mark is damaged" in response.content.decode()
    assert Laboratory.objects.get(pk=world.lab.pk).capacity != 7
