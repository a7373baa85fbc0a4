"""Forms of the thesis pages; the services re-check everything."""

from django import forms

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


class MeetingForm(forms.ModelForm):
    report_upload = forms.FileField(
        label="Progress report file",
        required=False,
        help_text="PDF, Word or OpenDocument; or write the report above.",
    )

    class Meta:
        model = CommitteeMeeting
        fields = ["date", "attendees", "report", "feedback", "recommendation", "next_target_date"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "next_target_date": forms.DateInput(attrs={"type": "date"}),
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


class DefenseForm(forms.Form):
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
