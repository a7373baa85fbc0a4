"""Ids from a request: one check, `core.ids.parse_id`."""

import pytest
from django.http import Http404

from fellowship.core.ids import LARGEST_ID, id_or_404, parse_id


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(LARGEST_ID)])
def test_a_whole_number_in_range_is_an_id(value):
    assert parse_id(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value", [None, "", "abc", "²", "١", "-1", "0", "1.5", "1e3", str(LARGEST_ID + 1), "9" * 40]
)
def test_anything_else_is_not(value):
    assert parse_id(value) is None
    with pytest.raises(Http404, match="is not an id"):
        id_or_404(value)


@pytest.mark.django_db
@pytest.mark.parametrize("junk", ["99999999999999999999", "abc", "²", "-1"])
def test_several_records_chosen_by_a_value_that_is_not_an_id_are_refused(junk):
    from django.core.exceptions import ValidationError

    from fellowship.core.ids import ModelIdsField
    from fellowship.programs.models import Topic

    field = ModelIdsField(queryset=Topic.objects.all())
    with pytest.raises(ValidationError, match="is not a valid value"):
        field.clean([junk])


@pytest.mark.django_db
def test_a_lab_form_with_a_topic_too_large_for_the_database_shows_an_error(client, world):
    from django.urls import reverse

    client.force_login(world.coordinator)
    url = reverse("programs:lab_edit", kwargs={"program": world.program.slug, "pk": world.lab.pk})
    response = client.post(
        url,
        {"name": "Renamed", "institution": world.institution.pk, "capacity": 2,
         "topics": ["99999999999999999999"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
    world.lab.refresh_from_db()
    assert world.lab.name == "Clinical Data Lab"
