"""The choice of table, part and period on the reports page."""

from django import forms

from . import tables

TABLE_CHOICES = [
    (tables.TRAINEE_OUTCOMES_POSTDOC, "Table 8. Program outcomes (postdoctoral)"),
    (tables.TRAINEE_PUBLICATIONS, "Table 5. Publications of trainees"),
]
PART_CHOICES = [(1, "Part I: appointed trainees (renewal)"), (2, "Part II: recent graduates (new)")]


class TableForm(forms.Form):
    table = forms.ChoiceField(choices=TABLE_CHOICES, initial=tables.TRAINEE_OUTCOMES_POSTDOC)
    part = forms.TypedChoiceField(choices=PART_CHOICES, coerce=int, initial=1)
    first = forms.IntegerField(
        label="From year",
        required=False,
        min_value=1950,
        max_value=2100,
        help_text="Empty: NIH's look-back (15, 10 or 5 years).",
    )
    last = forms.IntegerField(
        label="To year",
        required=False,
        min_value=1950,
        max_value=2100,
        help_text="Empty: this year.",
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None and first > last:
            self.add_error("first", f"The first year ({first}) comes after the last year ({last}).")
        return data


class SummaryForm(forms.Form):
    """One trainee's paragraph: save it as edited, or discard the edit for the draft."""

    fellow = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=1950, max_value=2100)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 7}), required=False)
    action = forms.ChoiceField(choices=[("save", "Save"), ("discard", "Back to the draft")])
