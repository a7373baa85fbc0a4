"""Dates on forms stay in the program's window (core.ranges), on every form that takes one."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

import fellowship
from fellowship.core.ranges import DatesInRange, check_day


@pytest.mark.parametrize("day", [dt.date(1899, 12, 31), dt.date(2101, 1, 1), dt.date(9999, 12, 31)])
def test_a_day_outside_the_window_is_refused_naming_it(day):
    with pytest.raises(ValidationError, match=f"{day:%Y-%m-%d} is outside the dates"):
        check_day(day)
    with pytest.raises(ValidationError, match="from 1900 to 2100"):
        check_day(dt.datetime.combine(day, dt.time(10)))


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2026, 11, 25), dt.date(2100, 12, 31)])
def test_a_day_inside_it_passes(day):
    check_day(day)


def _forms_of_the_app():
    for module in pkgutil.walk_packages(fellowship.__path__, "fellowship."):
        if ".migrations" not in module.name and ".demo" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("fellowship."):
                found.append(sub)
    return found


def test_every_form_with_a_date_checks_the_window():
    dated = [
        form
        for form in _forms_of_the_app()
        if any(
            isinstance(field, forms.DateField | forms.DateTimeField)
            for field in form.base_fields.values()
        )
    ]
    assert len(dated) >= 10  # the check below looks at the forms it means to
    unchecked = [f"{f.__module__}.{f.__name__}" for f in dated if not issubclass(f, DatesInRange)]
    assert not unchecked, f"forms with a date but no DatesInRange: {unchecked}"


def test_a_date_field_added_in_init_is_checked_too():
    class Form(DatesInRange, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["end"] = forms.DateField()

    form = Form({"end": "9999-12-31"})
    assert not form.is_valid()
    assert "outside the dates the program records" in form.errors["end"][0]
