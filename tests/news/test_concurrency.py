"""No lost updates on a news post."""

import pytest
from django.urls import reverse

from fellowship.news.models import NewsPost
from tests.editing import second_save_is_refused

from .helpers import post_for

pytestmark = pytest.mark.django_db


def test_second_edit_of_a_post_is_refused(world):
    post = post_for(world)
    second_save_is_refused(
        url=reverse("news:edit", kwargs={"program": world.program.slug, "pk": post.pk}),
        first=world.coordinator,
        second=world.director,
        field="title",
        first_value="Fay Fellow wins the AMIA award",
        second_value="An award for Fay Fellow",
        stored=lambda: NewsPost.objects.get(pk=post.pk).title,
        changed_by="Cory Coordinator",
    )
