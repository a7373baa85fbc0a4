"""Forms for the catalog, the requirement versions and a fellow's enrollments."""

from django import forms

from fellowship.core.ids import ModelIdsField

from .models import Course, Enrollment, Requirement, RequirementSet, Season


class CourseForm(forms.ModelForm):
    terms_offered = forms.MultipleChoiceField(
        label="Terms offered",
        choices=Season.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "credits",
            "kind",
            "groups",
            "terms_offered",
            "active",
            "prerequisites",
            "description",
        ]
        field_classes = {"prerequisites": ModelIdsField}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        courses = Course.objects.filter(program=program)
        if self.instance.pk:
            courses = courses.exclude(pk=self.instance.pk)
        self.fields["prerequisites"].queryset = courses
        self.fields["prerequisites"].widget = forms.CheckboxSelectMultiple()
        self.fields["prerequisites"].queryset = courses
        if self.instance.pk:
            self.initial["terms_offered"] = self.instance.season_list

    def clean_terms_offered(self):
        return ",".join(self.cleaned_data["terms_offered"])


class RequirementSetForm(forms.ModelForm):
    class Meta:
        model = RequirementSet
        fields = ["version", "cohort_from", "min_grade", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["kind", "course", "course_kind", "group", "min_credits", "label", "position"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(program=program)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Order on the audit; leave empty to add it last."
        self.fields["course_kind"].choices = [("", "—")] + [
            c for c in Course.Kind.choices if c[0] in (Course.Kind.ELECTIVE, Course.Kind.RESEARCH)
        ]

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class EnrollmentForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ["course", "term_season", "term_year", "status", "grade"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(program=program)
        self.fields["grade"].choices = [("", "— no grade yet —")] + list(
            self.fields["grade"].choices
        )[1:]
