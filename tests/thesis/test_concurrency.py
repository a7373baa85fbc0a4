"""No lost updates on a thesis record: the second of two overlapping edits is refused."""

import pytest
from django.urls import reverse

from fellowship.thesis.models import Thesis
from tests.editing import second_save_is_refused

from .helpers import thesis_for

pytestmark = pytest.mark.django_db


def test_second_edit_of_a_thesis_is_refused(world):
    thesis = thesis_for(world)
    second_save_is_refused(
        url=reverse(
            "thesis:edit", kwargs={"program": world.program.slug, "fellow": thesis.fellow_id}
        ),
        first=world.mentor,
        second=world.fellow,
        field="title",
        first_value="Safer summaries of clinical notes",
        second_value="Summaries of clinical notes at handoff",
        stored=lambda: Thesis.objects.get(pk=thesis.pk).title,
        changed_by="Mina Mentor",
    )
