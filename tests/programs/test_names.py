"""Names refuse control characters (core.text.no_control_characters): a line break in a
name would end up in a mail header, and the edit forms say so on the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = "Fay\r\nBcc: victim@evil.example"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ("fellow_record", "first_name"),
        ("fellow_record", "middle_name"),
        ("fellow_record", "last_name"),
        ("mentor_faculty", "last_name"),
        ("lab", "name"),
        ("institution", "name"),
        ("topic", "name"),
        ("program", "name"),
        ("fellow", "full_name"),
    ],
)
def test_a_name_with_a_control_character_is_refused(world, record, field):
    obj = getattr(world, record)
    setattr(obj, field, HOSTILE)
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert refused.value.message_dict[field] == [
        "A name cannot hold line breaks, tabs or other control characters."
    ]


def test_the_topic_form_keeps_what_was_typed_and_names_the_problem(client, world):
    client.force_login(world.coordinator)
    url = reverse(
        "programs:topic_edit", kwargs={"program": world.program.slug, "pk": world.topic.pk}
    )
    response = client.post(url, {"name": "Clinical\tinformatics"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A name cannot hold line breaks, tabs or other control characters." in page
    assert 'value="Clinical\tinformatics"' in page
    world.topic.refresh_from_db()
    assert world.topic.name == "Clinical informatics"
