"""A refused page is logged as one line (who, where, why), not a traceback (issue 15,
item 9)."""

import logging

from django.urls import reverse


def forbidden_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and r.status_code == 403]


def test_a_403_is_one_line_naming_user_path_and_reason(client, world, caplog):
    client.force_login(world.fellow)
    url = reverse("programs:fellow_list", kwargs={"program": world.program.slug})
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 403
    (record,) = forbidden_records(caplog)
    line = record.getMessage()
    assert record.exc_info is None and record.exc_text is None  # no traceback
    assert "Traceback" not in caplog.text
    assert world.fellow.email in line and f"#{world.fellow.pk}" in line
    assert repr(url) in line
    assert "reason=" in line


def test_the_reason_a_service_gave_is_in_the_line(client, world, caplog):
    """A PermissionDenied with a message (accounts.rules.require) keeps that message."""
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from fellowship.web.forbidden_log import OneLineForbidden

    request = RequestFactory().get("/p/x/secret/\r\ninjected")
    request.user = world.coordinator
    try:
        raise PermissionDenied("You may not do this (programs.change_program).")
    except PermissionDenied as refusal:
        record = logging.LogRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "Forbidden",
            (),
            (type(refusal), refusal, refusal.__traceback__),
        )
    record.status_code, record.request = 403, request
    assert OneLineForbidden().filter(record)
    line = record.getMessage()
    assert "programs.change_program" in line
    assert "\n" not in line and "\r" not in line  # a CR/LF in the path cannot forge a line


def test_other_warnings_are_left_alone(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.status_code == 404 and record.getMessage().startswith("Not Found")
