"""Forms of the thesis pages; the services re-check everything."""

import calendar
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from fellowship.core.ids import ModelIdsField
from fellowship.core.ranges import DatesInRange
from fellowship.programs.models import FacultyMember

from .models import CommitteeMeeting, CommitteeMember, Defense, Thesis, ThesisPaper


class ThesisForm(forms.ModelForm):
    class Meta:
        model = Thesis
        fields = ["title", "form", "abstract", "proposal"]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 6}),
            "proposal": forms.Textarea(attrs={"rows": 12}),
        }


class PaperForm(forms.ModelForm):
    class Meta:
        model = ThesisPaper
        fields = ["citation", "status"]


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["role", "faculty", "name", "email", "institution"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculty"].queryset = FacultyMember.objects.filter(
            program=program
        ).select_related("institution")
        self.fields[
            "faculty"
        ].empty_label = "— an external member (give name, email, institution) —"


ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def _not_a_day(value: str) -> str:
    """Why `value` is not a date, in words (which month has how many days)."""
    shown = value.strip()
    match = ISO_DAY.fullmatch(value)
    if match is None:
        return f"“{shown}” is not a date: write it as YYYY-MM-DD (e.g. 2026-03-03)."
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"“{shown}” is not a date: there is no month {month} (months go from 1 to 12)."
    last = calendar.monthrange(year, month)[1]
    name = date(year, month, 1).strftime("%B %Y")
    return f"“{shown}” is not a date: {name} has no day {day} (it has {last} days)."


def _is_day(value) -> bool:
    if not isinstance(value, str) or not value.strip():
        return True
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


class DayInput(forms.DateInput):
    """A date picker that keeps what the user typed when it is not a date: the browser would
    blank a date input holding "2026-02-30", so such a value is shown in a text box."""

    input_type = "date"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if not _is_day(value):
            context["widget"]["type"] = "text"
            context["widget"]["attrs"]["placeholder"] = "YYYY-MM-DD"
        return context


class DayField(forms.DateField):
    """A date written YYYY-MM-DD; an impossible one is refused naming what is wrong."""

    widget = DayInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(_not_a_day(str(value)), code="invalid") from None


class MeetingForm(DatesInRange, forms.ModelForm):
    report_upload = forms.FileField(
        label="Progress report file",
        required=False,
        help_text="PDF, Word or OpenDocument; or write the report above.",
    )

    class Meta:
        model = CommitteeMeeting
        fields = ["date", "attendees", "report", "feedback", "recommendation", "next_target_date"]
        field_classes = {"date": DayField, "next_target_date": DayField, "attendees": ModelIdsField}
        widgets = {
            "attendees": forms.CheckboxSelectMultiple,
            "report": forms.Textarea(attrs={"rows": 6}),
            "feedback": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, thesis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = thesis.committee.select_related("faculty")
        self.fields["attendees"].label_from_instance = lambda m: (
            f"{m.display_name} ({m.get_role_display().lower()})"
        )


class DefenseForm(DatesInRange, forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        # The format a datetime-local input shows, so that a reschedule form starts filled in.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    room = forms.CharField(max_length=200, required=False)
    video_link = forms.URLField(required=False, label="Video link", assume_scheme="https")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=Defense.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="The chair's note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a pass with revisions: the revisions the committee asks for.",
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label="Thesis (PDF)")
    note = forms.CharField(
        max_length=200, required=False, help_text="e.g. “revised after the defense”"
    )
