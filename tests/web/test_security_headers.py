"""Response headers: Content-Security-Policy, Permissions-Policy, and no caching of what a
signed-in user sees (issue 15, item 9)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.thesis.helpers import thesis_file

FELLOWSHIP = Path(__file__).resolve().parents[2] / "fellowship"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_has_a_content_security_policy_and_a_permissions_policy(
    client, world, signed_in
):
    if signed_in:
        client.force_login(world.director)
    response = client.get(reverse("web:public_home"))
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline scripts, no eval
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_a_private_page_is_never_stored(client, world):
    client.force_login(world.fellow)
    url = reverse(
        "programs:fellow_detail",
        kwargs={"program": world.program.slug, "pk": world.fellow_record.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert no_store(response) and "private" in response["Cache-Control"]


def test_a_private_file_is_never_stored(client, world, private_media):
    kwargs = {
        "program": world.program.slug,
        "fellow": world.fellow_record.pk,
        "pk": thesis_file(world, "documents"),
    }
    client.force_login(world.fellow)
    response = client.get(reverse("thesis:document_file", kwargs=kwargs))
    assert response.status_code == 200
    assert no_store(response)


def test_a_refusal_to_a_signed_in_user_is_not_stored_either(client, world):
    client.force_login(world.fellow)
    response = client.get(reverse("programs:fellow_list", kwargs={"program": world.program.slug}))
    assert response.status_code == 403 and no_store(response)


def test_public_pages_seen_signed_out_may_be_cached(client, world):
    response = client.get(reverse("web:public_home"))
    assert response.status_code == 200
    assert not no_store(response)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_that_the_policy_would_block():
    """Inline <script>, on...= handlers and javascript: links do not run under script-src
    'self'; behaviour belongs in a static file (web/static/web/fellowship.js)."""
    offenders = [
        f"{path.relative_to(FELLOWSHIP)}:{number}"
        for path in FELLOWSHIP.glob("*/templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE_SCRIPT.search(line)
    ]
    assert not offenders, offenders
