"""No lost updates: optimistic concurrency for every form that edits an existing record.

A record that can be edited in a form is `Versioned`: it carries a `revision` number that
every save raises by one (not called `version`: a requirement set already has a `version`,
its name). The edit form sends the number it was opened at (`TOKEN_FIELD`,
a hidden field); the save first *claims* the record with one conditional UPDATE,

    UPDATE ... SET revision = token + 1 WHERE id = ... AND revision = token

inside the transaction that then saves it. The UPDATE takes the row's write lock (on
PostgreSQL the row, on SQLite the database), so of two parallel saves opened at the same
version exactly one matches; the other is refused with `StaleEdit`, which names who
changed the record and when (from the activity log, through `register_change_finder`).

Why a number and not `updated_at`: half the edited models have no `updated_at`, a number
needs no clock (two saves in one clock tick, or two servers whose clocks differ, cannot
look equal) and it reads back from the form exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

TOKEN_FIELD = "opened_revision"
MAX_VERSION = 2**31 - 1  # the largest PositiveIntegerField on every database we run on


class Versioned(models.Model):
    """A record edited in forms: `revision` goes up by one on every save."""

    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every save; edit forms compare it."
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.revision += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "revision"}
        super().save(*args, **kwargs)


# Who changed it --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    who: str
    at: datetime


# core imports no app: the activity log registers how to find a record's last change.
_change_finder: Callable[[models.Model], Change | None] | None = None


def register_change_finder(finder: Callable[[models.Model], Change | None]) -> None:
    global _change_finder
    _change_finder = finder


def last_change(record: models.Model) -> Change | None:
    return _change_finder(record) if _change_finder else None


class StaleEdit(Exception):
    """The record was saved by someone else after this form was opened (`record` None:
    it was removed, and saving again makes it anew)."""

    def __init__(self, record: models.Model | None, current_version: int, change: Change | None):
        self.record = record
        self.current_version = current_version
        self.change = change
        super().__init__(self.message)

    @property
    def changed(self) -> str:
        """Who changed the record and when: "Changed by Dana Reyes at 14:02 since you
        opened it." """
        if self.change is None:
            return "Someone else changed this record since you opened it."
        at = timezone.localtime(self.change.at)
        when = f"{at:%H:%M}"
        if at.date() != timezone.localdate():
            when += f" on {at:%b} {at.day}, {at.year}"
        return f"Changed by {self.change.who or 'someone else'} at {when} since you opened it."

    @property
    def message(self) -> str:
        return f"{self.changed} Check the saved values below against yours, then save again."


# The token and the claim -----------------------------------------------------------------


def read_token(value) -> int | None:
    """The version a form was opened at; None when the request sent none.

    A request that did not come from our form (a script, an old test) sends no token and
    is not checked; a token that is not a version number is refused by name."""
    if value in (None, ""):
        return None
    try:
        token = int(str(value)[:20])  # a mark longer than any version is damaged anyway
    except ValueError:
        token = -1
    if not 1 <= token <= MAX_VERSION:
        raise ValidationError(
            "This form's version mark is damaged; open the page again and redo your change."
        )
    return token


def claim(record: Versioned, token: int | None) -> None:
    """Take the record for this save if it is still at `token`, or raise StaleEdit.

    Call it inside the transaction that saves the record: the claim's row lock is held
    until that transaction ends, so a parallel save waits and then finds a new version."""
    if token is None:
        return
    manager = type(record)._default_manager
    if manager.filter(pk=record.pk, revision=token).update(revision=token + 1):
        return
    current = manager.filter(pk=record.pk).values_list("revision", flat=True).first()
    if current is None:
        raise ValidationError("This record was removed since you opened it.")
    raise StaleEdit(record, current, last_change(record))


# On a form -------------------------------------------------------------------------------


class OpenedVersionField(forms.CharField):
    """The hidden field. It never fails on its own, because an error on a hidden field is
    not shown: `read_token` judges the raw value and says what is wrong on the form."""

    widget = forms.HiddenInput

    def clean(self, value):
        return value


def add_token(form, record: Versioned) -> None:
    """The hidden field that carries the version the form was opened at."""
    form.fields[TOKEN_FIELD] = OpenedVersionField(required=False, initial=record.revision)


def claim_for_form(form, record: Versioned) -> None:
    """Claim `record` at the version the (valid) form was opened at. The token is taken
    out of cleaned_data, because views hand cleaned_data to their service."""
    claim(record, read_token(form.cleaned_data.pop(TOKEN_FIELD, None)))


def refuse(form, stale: StaleEdit, saved_form) -> None:
    """Show a refused save: keep what was typed, say who changed the record and when, list
    the fields where `saved_form` (the same form opened afresh) differs, and carry the new
    version so that saving again after reconciling goes through."""
    form.stale_differences = differences(form, saved_form)
    form.data = form.data.copy()
    form.data[form.add_prefix(TOKEN_FIELD)] = str(stale.current_version)
    form.add_error(None, stale.message)


# What differs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    label: str
    saved: str
    yours: str


def differences(form, stored_form) -> list[Difference]:
    """The fields where what this user typed (`form`, bound) differs from the record as it
    is saved now (`stored_form`, the same form opened afresh). Files are left out: a
    browser never sends a file back, so there is nothing of theirs to show."""
    rows = []
    for name, field in form.fields.items():
        if name == TOKEN_FIELD or isinstance(field, forms.FileField):
            continue
        stored = stored_form[name]
        if field.has_changed(stored.initial, form[name].data):
            rows.append(
                Difference(
                    label=str(form[name].label),
                    saved=_shown(field, stored.value()),
                    yours=_shown(field, form[name].value()),
                )
            )
    return rows


def _shown(field, value) -> str:
    """A field's value as the person reads it: choices by their label, yes/no, '—'."""
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    values = value if isinstance(value, list | tuple) else [value]
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(key): label for key, label in choices}
        values = [labels.get(str(v), v) for v in values]
    text = ", ".join(str(v) for v in values if v not in (None, ""))
    return text or "—"
