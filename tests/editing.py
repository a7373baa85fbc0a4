"""Two people open the same edit form; the first saves, then the second: the second save must
be refused with who changed the record, keep what the second person typed, show the saved
value beside theirs, and go through once they save again with the new version."""

import re
from datetime import date

from django import forms
from django.test import Client

from fellowship.core.concurrency import TOKEN_FIELD


def opened_form(user, url) -> tuple[Client, dict]:
    """`user` opens the form at `url`: their client and the data the browser would send."""
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    assert TOKEN_FIELD in form.fields, "the edit form carries no version"
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif isinstance(value, date):
            data[bound.html_name] = value.isoformat()
        elif value is not None:
            data[bound.html_name] = str(value)
    return client, data


def second_save_is_refused(
    *, url, first, second, field, first_value, second_value, stored, changed_by
):
    """Run the scenario; `stored()` reads the field's saved value from the database."""
    first_client, first_data = opened_form(first, url)
    second_client, second_data = opened_form(second, url)

    response = first_client.post(url, {**first_data, field: first_value})
    assert response.status_code == 302, _errors(response)
    assert stored() == first_value

    response = second_client.post(url, {**second_data, field: second_value})
    assert response.status_code == 200
    assert stored() == first_value, "the second save overwrote the first"
    page = response.content.decode()
    assert re.search(rf"Changed by {re.escape(changed_by)} at \d\d:\d\d since you opened it", page)
    form = response.context["form"]
    assert form[field].value() == second_value, "what the second person typed was lost"
    differences = {d.label: d for d in form.stale_differences}
    shown = [d for d in differences.values() if d.yours == second_value]
    assert shown and shown[0].saved == first_value, differences
    assert f"<td>{first_value}</td>" in page and f"<td>{second_value}</td>" in page

    # Reconciled: saving again carries the version the refusal handed back, and goes through.
    again = {**second_data, field: second_value, TOKEN_FIELD: form[TOKEN_FIELD].value()}
    response = second_client.post(url, again)
    assert response.status_code == 302, _errors(response)
    assert stored() == second_value


def _errors(response):
    context = getattr(response, "context", None)
    return context["form"].errors if context and "form" in context else response.status_code
