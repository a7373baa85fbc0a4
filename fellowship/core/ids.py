"""Record ids that arrive in a request (a hidden field, a choice, a query parameter).

A client may send anything: "abc", "²", "-1" or a number too large for the database
(SQLite and PostgreSQL store ids as 64-bit integers and fail on a larger one). `parse_id`
is the one check: it gives an id that can be looked up, or None, so a view answers with
404 or a form error, never a 500.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

LARGEST_ID = 2**63 - 1  # a BigAutoField's (and SQLite's INTEGER's) largest value
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True


def parse_id(value) -> int | None:
    """`value` as a record id (a whole number from 1 to LARGEST_ID), or None."""
    text = str(value if value is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= LARGEST_ID else None


def id_or_404(value, what: str = "record") -> int:
    """`value` as an id, or 404 naming what was asked for."""
    number = parse_id(value)
    if number is None:
        raise Http404(f"No such {what}: “{str(value)[:40]}” is not an id.")
    return number


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several records chosen by id (checkboxes, a multiple select). Django's own field
    looks them up with `pk__in`, which SQLite cannot take past 2**63 (OverflowError, a
    500); a value that is not an id is refused here, before the lookup."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:  # clean() has checked that it is a list
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
