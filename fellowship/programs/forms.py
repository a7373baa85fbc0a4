"""Forms for the core records. Choices are limited to the program being edited."""

from django import forms

from fellowship.core.ids import ModelIdsField
from fellowship.core.ranges import DatesInRange

from .models import (
    DoctoralDegree,
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Leave,
    Mentorship,
    Position,
    Program,
    Topic,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgramScopedForm(forms.ModelForm):
    """A form whose related-record choices come from one program."""

    def __init__(self, *args, program: Program, **kwargs):
        self.program = program
        super().__init__(*args, **kwargs)
        self.limit_choices(program)

    def limit_choices(self, program):
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in (Topic, Institution, FacultyMember, Fellow):
                field.queryset = model.objects.filter(program=program)
            elif model is Laboratory:
                field.queryset = Laboratory.objects.filter(
                    institution__program=program
                ).select_related("institution")
            if name == "topics":
                field.widget = forms.CheckboxSelectMultiple()
                field.queryset = Topic.objects.filter(program=program)


class UniqueEmailMixin:
    """A person's email is unique in the program: say so on the email field."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = self._meta.model.objects.filter(program=self.program, email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            noun = self._meta.model._meta.verbose_name
            raise forms.ValidationError(f"Another {noun} of this program has the email {email}.")
        return email


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "slug", "grant_number", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "slug": "Part of every address of the program (/p/<em>slug</em>/). Changing it breaks "
            "bookmarks, calendar subscriptions and links already sent by email.",
        }


class TopicForm(ProgramScopedForm):
    class Meta:
        model = Topic
        fields = ["name"]


class InstitutionForm(ProgramScopedForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["name", "short_name", "kind", "city", "website"]


class LaboratoryForm(ProgramScopedForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Laboratory
        fields = ["name", "institution", "head", "capacity", "website", "topics", "description"]
        field_classes = {"topics": ModelIdsField}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def limit_choices(self, program):
        super().limit_choices(program)
        self.fields["institution"].queryset = Institution.objects.filter(program=program)


class FacultyForm(UniqueEmailMixin, ProgramScopedForm):
    class Meta:
        model = FacultyMember
        fields = [
            "first_name",
            "last_name",
            "degrees",
            "email",
            "title",
            "rank",
            "institution",
            "laboratories",
            "topics",
            "leadership",
            "bio",
        ]
        widgets = {
            "leadership": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "laboratories": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"laboratories": ModelIdsField, "topics": ModelIdsField}


class FellowForm(DatesInRange, UniqueEmailMixin, ProgramScopedForm):
    class Meta:
        model = Fellow
        fields = [
            "first_name",
            "middle_name",
            "last_name",
            "email",
            "cohort_year",
            "status",
            "appointment_start",
            "appointment_end",
            "laboratory",
            "topics",
            "research_interests",
            "citizenship",
            "prior_research_months",
        ]
        widgets = {
            "appointment_start": DateInput(),
            "appointment_end": DateInput(),
            "research_interests": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"topics": ModelIdsField}


class DegreeForm(forms.ModelForm):
    class Meta:
        model = DoctoralDegree
        fields = ["degree", "year", "institution"]


class MentorshipForm(DatesInRange, ProgramScopedForm):
    class Meta:
        model = Mentorship
        fields = ["faculty", "kind", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        labels = {"faculty": "Mentor"}


class LeaveForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Leave
        fields = ["kind", "start", "end", "note"]
        widgets = {"start": DateInput(), "end": DateInput()}


class PositionForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["title", "department", "institution", "sector", "activity", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
