from datetime import date

from django import forms

from fellowship.core.ids import ModelIdsField
from fellowship.core.ranges import DatesInRange
from fellowship.programs.models import FacultyMember, Fellow, Position

from . import eligibility, nih_calendar
from .models import AlumniGrant, GrantApplication, GrantProfile, Institute, mechanism_choices


def due_date_choices(mechanisms, kind: str, today: date, fellow=None):
    """Due dates grouped by cycle ("K99, K01 ... new: Feb 12, Jun 12, Oct 12"); a date past
    the fellow's window of a limited mechanism in the group says so in its label."""
    window_by_code = {}
    groups: dict[str, list] = {}
    for code in mechanisms:
        mech = nih_calendar.find_mechanism(code)
        groups.setdefault(mech.cycle, []).append(mech)
    choices = [("", "Choose a due date")]
    for mechs in groups.values():
        limited = [m for m in mechs if m.eligibility is not None]
        if fellow is not None:
            for m in limited:
                window_by_code[m.code] = eligibility.window_of(fellow, today, m.code)
        options = []
        for day in eligibility.due_date_options(mechs[0].code, kind, today):
            label = f"{day:%a %b %-d, %Y}"
            past = [
                m.code
                for m in limited
                if m.code in window_by_code
                and day > window_by_code[m.code].eligibility.last_eligible_day
            ]
            if past:
                label += f" — past the {', '.join(past)} eligibility window"
            options.append((day.isoformat(), label))
        if options:
            kind_label = dict(GrantApplication.Kind.choices)[kind].lower()
            choices.append((f"{', '.join(m.code for m in mechs)} ({kind_label})", options))
    return choices


class ApplicationForm(forms.Form):
    fellow = forms.ModelChoiceField(queryset=Fellow.objects.none(), required=True)
    mechanism = forms.ChoiceField(choices=mechanism_choices, initial="K99")
    institute = forms.ChoiceField(
        label="Funding institute", choices=Institute.choices, initial=Institute.NLM
    )
    title = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 60}))
    mentors = ModelIdsField(
        queryset=FacultyMember.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="The mentors who write the mentor's statement "
        "(hold Ctrl or ⌘ to choose several).",
    )
    target_due_date = forms.ChoiceField(
        label="Target due date",
        help_text="NIH standard due dates (moved past weekends and federal holidays). "
        "A date past the fellow's eligibility window is marked; you may still choose it.",
    )

    def __init__(self, *args, program, today: date, fellow=None, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.application = application
        self.fields["mentors"].queryset = FacultyMember.objects.filter(program=program)
        if application is not None:
            fellow = application.fellow
            del self.fields["mechanism"]
            mechanisms, kind = [application.mechanism], application.kind
        else:
            mechanisms, kind = list(nih_calendar.mechanisms()), "new"
        if fellow is not None:
            del self.fields["fellow"]
        else:
            self.fields["fellow"].queryset = Fellow.objects.filter(
                program=program, status__in=Fellow.IN_TRAINING
            )
        self.fellow = fellow
        choices = due_date_choices(mechanisms, kind, today, fellow)
        if application is not None:
            current = application.target_due_date.isoformat()
            if not any(current == v for _, opts in choices[1:] for v, _ in opts):
                choices.insert(1, (current, f"{application.target_due_date:%a %b %-d, %Y}"))
        self.fields["target_due_date"].choices = choices

    def clean_target_due_date(self):
        return date.fromisoformat(self.cleaned_data["target_due_date"])


class ScoreForm(forms.Form):
    impact_score = forms.IntegerField(
        label="Overall impact score", min_value=10, max_value=90, help_text="10 (best) to 90."
    )
    percentile = forms.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        help_text="Leave empty when the study section gave no percentile (many K awards).",
    )


class AwardForm(DatesInRange, forms.Form):
    award_number = forms.CharField(max_length=60, help_text="e.g. K99LM014321")
    award_start = forms.DateField(
        label="Award start", widget=forms.DateInput(attrs={"type": "date"})
    )


class GrantProfileForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = GrantProfile
        fields = ["postdoc_start"]
        widgets = {"postdoc_start": forms.DateInput(attrs={"type": "date"})}


class AlumniGrantForm(forms.ModelForm):
    class Meta:
        model = AlumniGrant
        fields = ["mechanism", "role", "year_awarded", "award_number", "funder", "title"]


class SurveyForm(DatesInRange, forms.Form):
    """The alumnus's answers: end dates for open positions, a new position, a new grant."""

    position_title = forms.CharField(label="Title", max_length=200, required=False)
    position_department = forms.CharField(label="Department", max_length=200, required=False)
    position_institution = forms.CharField(label="Institution", max_length=200, required=False)
    position_sector = forms.ChoiceField(
        label="Sector", choices=[("", "—"), *Position.Sector.choices], required=False
    )
    position_activity = forms.ChoiceField(
        label="Main activity", choices=[("", "—"), *Position.Activity.choices], required=False
    )
    position_start = forms.DateField(
        label="Started", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    grant_mechanism = forms.CharField(
        label="Mechanism", max_length=30, required=False, help_text="e.g. R01, K99, U01"
    )
    grant_role = forms.ChoiceField(
        label="Your role", choices=[("", "—"), *AlumniGrant.Role.choices], required=False
    )
    grant_year_awarded = forms.IntegerField(
        label="Year awarded", min_value=1950, max_value=2100, required=False
    )
    grant_award_number = forms.CharField(label="Award number", max_length=60, required=False)
    grant_funder = forms.CharField(
        label="Funder", max_length=120, required=False, help_text="e.g. NIH/NLM, NSF"
    )
    grant_title = forms.CharField(label="Grant title", max_length=300, required=False)

    POSITION = ["title", "department", "institution", "sector", "activity", "start"]
    POSITION_REQUIRED = ["title", "institution", "sector", "activity", "start"]
    GRANT = ["mechanism", "role", "year_awarded", "award_number", "funder", "title"]
    GRANT_REQUIRED = ["mechanism", "role", "year_awarded", "funder"]

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.open_positions = [p for p in positions if p.end is None]
        for p in self.open_positions:
            self.fields[f"end_{p.pk}"] = forms.DateField(
                label=f"{p.title}, {p.institution}: ended on",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                help_text="Leave empty if you still hold this position.",
            )

    def _part(self, prefix, names, required):
        data = self.cleaned_data
        values = {n: data.get(f"{prefix}_{n}") for n in names}
        if not any(v not in (None, "") for v in values.values()):
            return None
        for n in required:
            if values[n] in (None, ""):
                self.add_error(f"{prefix}_{n}", "Needed to record this.")
        return {n: ("" if v is None and n in ("department", "award_number", "title") else v)
                for n, v in values.items()}  # fmt: skip

    def clean(self):
        super().clean()
        self.new_position = self._part("position", self.POSITION, self.POSITION_REQUIRED)
        self.new_grant = self._part("grant", self.GRANT, self.GRANT_REQUIRED)
        self.position_ends = {
            p.pk: self.cleaned_data.get(f"end_{p.pk}")
            for p in self.open_positions
            if self.cleaned_data.get(f"end_{p.pk}")
        }
        return self.cleaned_data
