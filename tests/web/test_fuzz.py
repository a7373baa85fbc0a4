"""Hostile input never gives a 500: junk in every form of every page of the permission table.

Each page of `test_permissions.TABLE` is opened as a role allowed to see it; every form on
it (POST and GET) is sent again and again with its fields filled from `junk()`: random text
with control characters, huge and negative numbers, impossible and far dates, non-integer
ids, very long strings, or the value the page put there (so that the junk in one field gets
past the others). A refusal (a form error, 403, 404, 400) is fine; a 500 is not.
"""

import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import html

from . import _roles
from .test_permissions import OK, TABLE

# Junk sent per page: the file stays near a minute on one core; FUZZ_EXAMPLES=200 digs deeper.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# Who sends a page's forms: the first of these roles that may see the page (the director
# sees the most forms; the fellow's own pages are sent by the fellow).
SENDERS = ["director", "coordinator", "mentor", "unrelated_faculty", "fellow", "anonymous"]
NOT_SENT = {reverse("logout")}  # sending it would end the session, not test a form

HOSTILE = [
    "9999-12-31", "9999-12-31T23:59", "0001-01-01", "0000-00-00", "2026-02-30", "-1", "0",
    "abc", "1e309", "NaN", "-9223372036854775809", "99999999999999999999999999", "1.5",
    "\x00", "a\r\nBcc: victim@evil.example", "=HYPERLINK(\"http://evil.example\")",
    "<script>alert(1)</script>", "../../etc/passwd", " ",
]  # fmt: skip


def junk(original: str):
    return st.one_of(
        st.just(original),
        st.sampled_from(HOSTILE),
        st.text(max_size=30),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.integers(min_value=1, max_value=5_000).map(lambda n: "x" * n),
    )


def forms_on(response, url):
    """(method, action, [(field, value the page gave)], [submit buttons]) of each form."""
    if not response["Content-Type"].startswith("text/html") or not response.content.strip():
        return []
    found = []
    for form in html.fromstring(response.content).forms:
        action = form.get("action") or url
        if action in NOT_SENT or not action.startswith("/"):
            continue
        fields, buttons = [], []
        for element in form.xpath(".//input|.//select|.//textarea|.//button"):
            name, kind = element.get("name"), (element.get("type") or "").lower()
            if not name or name == "csrfmiddlewaretoken" or kind == "file":
                continue
            if element.tag == "button" or kind == "submit":
                buttons.append((name, element.get("value") or ""))
            elif element.tag == "select":
                options = element.xpath(".//option/@value")
                fields.append((name, options[-1] if options else ""))
            else:
                fields.append((name, element.get("value") or element.text or ""))
        found.append(((form.get("method") or "get").lower(), action, fields, buttons))
    return found


def sender(expected) -> str | None:
    return next((role for role in SENDERS if expected.get(role) == OK), None)


CASES = [
    (name, index, sender(expected))
    for name, variants in TABLE.items()
    for index, (_, expected) in enumerate(variants)
    if sender(expected)
]


@pytest.mark.parametrize(("name", "index", "role"), CASES)
def test_junk_in_a_form_never_gives_a_500(client, world, private_media, name, index, role):
    kwargs_for, _ = TABLE[name][index]
    url = reverse(name, kwargs=kwargs_for(world))
    _roles.log_in(client, world, role)
    forms = forms_on(client.get(url), url)
    if not forms:
        return

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # no shrinking: the failing example is shown as drawn
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def send_junk(data):
        method, action, fields, buttons = data.draw(st.sampled_from(forms), label="form")
        values = {field: data.draw(junk(original), label=field) for field, original in fields}
        if buttons:
            button, value = data.draw(st.sampled_from(buttons), label="button")
            values[button] = value
        response = getattr(client, method)(action, values)
        assert response.status_code < 500, (method, action, values)

    send_junk()
