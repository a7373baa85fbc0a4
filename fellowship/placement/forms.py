"""Forms of a placement round. Choices are limited to the round's program, cohort and labs."""

from django import forms
from django.utils import timezone

from fellowship.core.ids import ModelIdsField
from fellowship.core.ranges import DatesInRange
from fellowship.programs.forms import DateInput
from fellowship.programs.models import FacultyMember, Fellow, Laboratory, Topic

from .models import PlacementRound


class RoundForm(DatesInRange, forms.ModelForm):
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave empty for “Placement of the YYYY cohort”."
    )

    class Meta:
        model = PlacementRound
        fields = ["cohort_year", "name", "deadline", "optimal"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        incoming = (
            Fellow.objects.filter(program=program, status=Fellow.Status.INCOMING)
            .order_by("-cohort_year")
            .values_list("cohort_year", flat=True)
            .first()
        )
        self.fields["cohort_year"].initial = incoming or timezone.localdate().year
        self.instance.program = program

    def validate_unique(self):
        """The name may be empty here (the service names the round); check it there."""


class RankingForm(forms.Form):
    """One rank box per item; empty boxes leave the item out. `ordered()` gives ids, best first."""

    def __init__(self, *args, items, initial_ranks=None, noun="choice", **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)  # [(id, label)]
        self.noun = noun
        initial_ranks = initial_ranks or {}
        for pk, label in self.items:
            self.fields[f"rank_{pk}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(self.items),
                initial=initial_ranks.get(pk),
                widget=forms.NumberInput(attrs={"class": "rank-input", "inputmode": "numeric"}),
            )

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for pk, label in self.items:
            rank = cleaned.get(f"rank_{pk}")
            if rank is None:
                continue
            if rank in seen:
                raise forms.ValidationError(
                    f"{seen[rank]} and {label} both have rank {rank}: give each {self.noun} "
                    "its own number."
                )
            seen[rank] = label
        return cleaned

    def ordered(self) -> list[int]:
        ranked = [
            (self.cleaned_data[f"rank_{pk}"], pk)
            for pk, _ in self.items
            if self.cleaned_data.get(f"rank_{pk}") is not None
        ]
        return [pk for _, pk in sorted(ranked)]

    def rows(self):
        """(id, label, bound field) for a table."""
        return [(pk, label, self[f"rank_{pk}"]) for pk, label in self.items]


class InterestsForm(forms.ModelForm):
    class Meta:
        model = Fellow
        fields = ["research_interests", "topics"]
        field_classes = {"topics": ModelIdsField}
        widgets = {
            "research_interests": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple(),
        }
        labels = {"research_interests": "What would you like to work on?"}
        help_texts = {
            "research_interests": "A few sentences in your own words. The recommendations "
            "below compare them with each laboratory's description."
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(program=program)
        self.fields["topics"].required = False


class PlacesForm(forms.Form):
    def __init__(self, *args, round_labs, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_labs = list(round_labs)
        for rl in self.round_labs:
            self.fields[f"places_{rl.pk}"] = forms.IntegerField(
                label=str(rl.laboratory),
                min_value=0,
                max_value=50,
                initial=rl.places,
                widget=forms.NumberInput(attrs={"class": "rank-input"}),
            )

    def places(self) -> dict[int, int]:
        return {rl.pk: self.cleaned_data[f"places_{rl.pk}"] for rl in self.round_labs}


class ConflictForm(forms.Form):
    fellow = forms.ModelChoiceField(queryset=Fellow.objects.none())
    faculty = forms.ModelChoiceField(queryset=FacultyMember.objects.none(), label="Faculty member")
    reason = forms.CharField(
        max_length=300, help_text="e.g. former PhD advisor, family relationship, co-founder."
    )

    def __init__(self, *args, fellows, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellow"].queryset = fellows
        self.fields["faculty"].queryset = FacultyMember.objects.filter(program=program)


class OverrideForm(forms.Form):
    fellow = forms.ModelChoiceField(queryset=Fellow.objects.none())
    laboratory = forms.ModelChoiceField(
        queryset=Laboratory.objects.none(), required=False, empty_label="Not placed"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the activity log and shown with the result.",
    )

    def __init__(self, *args, fellows, labs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellow"].queryset = fellows
        self.fields["laboratory"].queryset = labs
        self.fields["laboratory"].label_from_instance = lambda lab: (
            f"{lab.name} ({lab.institution.short_name or lab.institution.name})"
        )
