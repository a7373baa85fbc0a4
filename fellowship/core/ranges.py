"""The window of dates the program records, checked on every form that takes a date.

A date field accepts any year from 1 to 9999, but a fellow's appointment in 9999 overflows
as soon as a due date is counted from it (OverflowError, a 500 — after the change was
saved). A form with `DatesInRange` refuses a date or time outside EARLIEST_DAY..LATEST_DAY
on its field, with a message that says the window.
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def check_day(value: date | datetime) -> None:
    """Refuse a date (or the day of a date and time) outside the program's window."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(
            f"{day:%Y-%m-%d} is outside the dates the program records: "
            f"give a date from {EARLIEST_DAY.year} to {LATEST_DAY.year}.",
            code="out_of_range",
        )


class DatesInRange:
    """A form mixin: each of its date and date-and-time fields, including those added in
    `__init__`, is checked by `check_day` before the form is cleaned."""

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                if check_day not in field.validators:
                    field.validators.append(check_day)
        super().full_clean()
