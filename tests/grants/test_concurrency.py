"""No lost updates on a grant application."""

import pytest
from django.urls import reverse

from fellowship.grants.models import GrantApplication
from tests.editing import second_save_is_refused

from .helpers import application_for

pytestmark = pytest.mark.django_db


def test_second_edit_of_an_application_is_refused(world):
    application = application_for(world)
    second_save_is_refused(
        url=reverse(
            "grants:application_edit",
            kwargs={"program": world.program.slug, "pk": application.pk},
        ),
        first=world.mentor,
        second=world.fellow,
        field="title",
        first_value="Safe summaries at handoff",
        second_value="Summaries that do no harm",
        stored=lambda: GrantApplication.objects.get(pk=application.pk).title,
        changed_by="Mina Mentor",
    )
