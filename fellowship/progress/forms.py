from django import forms

from fellowship.core.ranges import DatesInRange

from .models import MilestoneTemplate


class PlanForm(forms.Form):
    aims = forms.CharField(
        label="Specific aims",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you will find out, in two or three aims. Formatting: a blank line "
        "starts a paragraph, <code>**bold**</code>, <code>*italic*</code>, lines starting "
        "with <code>- </code> or <code>1. </code> make lists, <code>[text](https://…)</code> "
        "a link.",
    )
    approach = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Data, methods, evaluation; for each aim.",
    )
    timeline = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you will have done by when, over the two years.",
    )
    attachment = forms.FileField(
        label="Attached file (optional)",
        required=False,
        help_text="A PDF, Word, OpenDocument or RTF document, up to 10 MB (figures, a Gantt "
        "chart, references). It is checked by its content, not its name.",
    )
    remove_attachment = forms.BooleanField(label="Remove the attached file", required=False)


class CommentsForm(forms.Form):
    comments = forms.CharField(
        label="Comments for the fellow",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class IdpForm(forms.Form):
    self_assessment = forms.CharField(
        label="Self-assessment of skills",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Scientific knowledge, research skills, communication, leadership, "
        "responsible conduct: where you are strong, where you want to grow.",
    )
    career_goals = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    goals = forms.CharField(
        label="SMART goals for the year",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One a line: the target date as YYYY-MM-DD, then the goal, e.g. "
        "<code>2027-03-31 Submit the first-author paper on the sepsis cohort</code>.",
    )


class MilestoneDoneForm(DatesInRange, forms.Form):
    done_on = forms.DateField(label="Done on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=300)


class MilestoneTemplateForm(forms.ModelForm):
    class Meta:
        model = MilestoneTemplate
        # No "order": the list of milestones is in due order by itself (selectors.templates).
        fields = ["name", "phase", "evidence", "due_rule", "due_months", "link", "description"]
