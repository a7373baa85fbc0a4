"""The secret links (alumni survey, calendar feed): an address that keeps trying wrong
tokens is refused for a while, the right token included (issue 15, item 5)."""

import pytest
from django.urls import reverse

from fellowship.core.throttle import failure_limit
from tests.grants.helpers import VALID_TOKEN, survey_for
from tests.progress.helpers import feed_for


def survey_url(token):
    return reverse("survey:take", kwargs={"token": token})


def feed_url(token):
    return reverse("calendar_feed:feed", kwargs={"token": token})


LINKS = [
    pytest.param(survey_url, lambda w: survey_for(w) and VALID_TOKEN, 410, id="survey"),
    pytest.param(feed_url, lambda w: feed_for(w).token, 404, id="calendar"),
]


@pytest.mark.parametrize(("url", "right_token", "refused"), LINKS)
def test_wrong_tokens_from_one_address_stop_even_the_right_one(
    client, world, url, right_token, refused
):
    token = right_token(world)
    for n in range(failure_limit()):
        response = client.get(url(f"guess-{n}"), REMOTE_ADDR="10.0.0.66")
        assert response.status_code == refused
    response = client.get(url(token), REMOTE_ADDR="10.0.0.66")
    assert response.status_code == 429
    assert "Too many wrong links from your address" in response.content.decode()
    # Another address, with the right token, is not held back by the guesser.
    assert client.get(url(token), REMOTE_ADDR="10.0.0.67").status_code == 200


@pytest.mark.parametrize(("url", "right_token", "refused"), LINKS)
def test_a_few_mistakes_do_not_block(client, world, url, right_token, refused):
    token = right_token(world)
    for n in range(failure_limit() - 1):
        client.get(url(f"typo-{n}"), REMOTE_ADDR="10.0.0.66")
    assert client.get(url(token), REMOTE_ADDR="10.0.0.66").status_code == 200


def test_the_survey_and_the_calendar_are_counted_apart(client, world):
    for n in range(failure_limit()):
        client.get(feed_url(f"guess-{n}"), REMOTE_ADDR="10.0.0.66")
    survey_for(world)
    assert client.get(survey_url(VALID_TOKEN), REMOTE_ADDR="10.0.0.66").status_code == 200
