"""Grant applications (K99 ...), their checklists, and the alumni's later grants and surveys.

An application's stage changes only through `services.application_transition`; the rest
here is fields, constraints and checks.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fellowship.core.concurrency import Versioned

from . import nih_calendar


def mechanism_choices():
    return [(code, f"{code} · {m.name}") for code, m in sorted(nih_calendar.mechanisms().items())]


class Institute(models.TextChoices):
    NLM = "NLM", "NLM (National Library of Medicine)"
    NHLBI = "NHLBI", "NHLBI (Heart, Lung, and Blood)"
    NCI = "NCI", "NCI (Cancer)"
    NIGMS = "NIGMS", "NIGMS (General Medical Sciences)"
    NIMH = "NIMH", "NIMH (Mental Health)"
    NIDDK = "NIDDK", "NIDDK (Diabetes, Digestive and Kidney)"
    NIA = "NIA", "NIA (Aging)"
    NIAID = "NIAID", "NIAID (Allergy and Infectious Diseases)"
    NHGRI = "NHGRI", "NHGRI (Human Genome Research)"
    NIBIB = "NIBIB", "NIBIB (Biomedical Imaging and Bioengineering)"
    NICHD = "NICHD", "NICHD (Child Health and Human Development)"
    NINDS = "NINDS", "NINDS (Neurological Disorders and Stroke)"
    AHRQ = "AHRQ", "AHRQ (Agency for Healthcare Research and Quality)"
    OTHER = "other", "Other"


class GrantProfile(Versioned):
    """Grant-side facts about a fellow that the program's core record does not hold."""

    fellow = models.OneToOneField(
        "programs.Fellow", on_delete=models.CASCADE, related_name="grant_profile"
    )
    postdoc_start = models.DateField(
        "postdoctoral start",
        null=True,
        blank=True,
        help_text="The day postdoctoral research began (the K99 clock starts here). Leave "
        "empty to estimate it from the appointment start less the prior research months.",
    )

    def __str__(self):
        return f"Grant profile of {self.fellow}"

    @property
    def program_id(self):
        return self.fellow.program_id


class GrantApplication(Versioned):
    class Kind(models.TextChoices):
        NEW = "new", "New"
        RESUBMISSION = "resubmission", "Resubmission (A1)"

    class Stage(models.TextChoices):
        PLANNING = "planning", "Planning"
        AIMS_DRAFTED = "aims_drafted", "Specific aims drafted"
        LETTERS_REQUESTED = "letters_requested", "Mentor letters requested"
        LETTERS_RECEIVED = "letters_received", "Mentor letters received"
        INTERNAL_REVIEW = "internal_review", "Internal review"
        SUBMITTED = "submitted", "Submitted"
        SCORED = "scored", "Scored"
        FUNDED = "funded", "Funded"
        NOT_FUNDED = "not_funded", "Not funded"

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="grant_applications"
    )
    mechanism = models.CharField(max_length=20, choices=mechanism_choices, default="K99")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEW)
    institute = models.CharField(
        "funding institute", max_length=20, choices=Institute.choices, default=Institute.NLM
    )
    title = models.CharField(max_length=300)
    mentors = models.ManyToManyField(
        "programs.FacultyMember", blank=True, related_name="grant_applications"
    )
    target_due_date = models.DateField(help_text="An NIH standard due date of the mechanism.")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNING)
    impact_score = models.PositiveSmallIntegerField(
        "overall impact score",
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(90)],
    )
    percentile = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    award_number = models.CharField(max_length=60, blank=True, help_text="e.g. K99LM014321")
    award_start = models.DateField("award start", null=True, blank=True)
    previous_application = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resubmissions",
        help_text="The application this one resubmits.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-target_due_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(impact_score__isnull=True)
                | Q(impact_score__gte=10, impact_score__lte=90),
                name="grant_impact_score_range",
            ),
            models.CheckConstraint(
                condition=Q(percentile__isnull=True) | Q(percentile__lte=100),
                name="grant_percentile_range",
            ),
        ]

    def __str__(self):
        return f"{self.mechanism} {self.get_kind_display().lower()}: {self.title}"

    @property
    def program_id(self):
        return self.fellow.program_id

    def get_absolute_url(self):
        return reverse(
            "grants:application_detail",
            kwargs={"program": self.fellow.program.slug, "pk": self.pk},
        )

    @property
    def is_closed(self):
        return self.stage in (self.Stage.FUNDED, self.Stage.NOT_FUNDED)

    def clean(self):
        super().clean()
        errors = {}
        if self.mechanism:
            try:
                mechanism = nih_calendar.find_mechanism(self.mechanism)
            except nih_calendar.CalendarError as error:
                errors["mechanism"] = str(error)
            else:
                if self.target_due_date and self.kind in mechanism.kinds:
                    day = self.target_due_date
                    if day not in nih_calendar.due_dates(mechanism, self.kind, day, day):
                        errors["target_due_date"] = (
                            f"{day:%b %-d, %Y} is not a {mechanism.code} "
                            f"{self.get_kind_display().lower()} due date."
                        )
        if self.kind == self.Kind.RESUBMISSION and not self.previous_application_id:
            errors["previous_application"] = "A resubmission names the application it resubmits."
        if self.previous_application_id and self.fellow_id:
            if self.previous_application.fellow_id != self.fellow_id:
                errors["previous_application"] = (
                    "A resubmission is of the same fellow's application."
                )
        if errors:
            raise ValidationError(errors)


class ChecklistItem(models.Model):
    """A component of the application, due a fixed number of days before the due date."""

    class Component(models.TextChoices):
        SPECIFIC_AIMS = "specific_aims", "Specific aims"
        RESEARCH_STRATEGY = "research_strategy", "Research strategy"
        CANDIDATE = "candidate", "Candidate section (background, goals, career plan)"
        MENTOR_STATEMENT = "mentor_statement", "Mentor's statement"
        REFERENCE_LETTERS = "reference_letters", "Letters of reference (3)"
        BUDGET = "budget", "Budget and justification"
        BIOSKETCHES = "biosketches", "Biosketches"
        INSTITUTIONAL_COMMITMENT = "institutional_commitment", "Institutional commitment letter"
        ROUTING = "routing", "Final package to the grants office"

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="checklist"
    )
    component = models.CharField(max_length=30, choices=Component.choices)
    due_date = models.DateField()
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "component"], name="unique_checklist_component"
            )
        ]

    def __str__(self):
        return f"{self.get_component_display()} (due {self.due_date:%Y-%m-%d})"

    @property
    def program_id(self):
        return self.application.program_id


class AlumniGrant(models.Model):
    """A grant an alumnus won after the program (reported in the training-grant tables)."""

    class Role(models.TextChoices):
        PI = "pi", "Principal investigator"
        MPI = "mpi", "Multiple PI"
        CO_I = "co_i", "Co-investigator"
        PROJECT_LEAD = "project_lead", "Project or core lead"
        OTHER = "other", "Other"

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="alumni_grants"
    )
    mechanism = models.CharField(max_length=30, help_text="e.g. R01, K99, U01, foundation award")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PI)
    year_awarded = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    award_number = models.CharField(max_length=60, blank=True)
    funder = models.CharField(max_length=120, help_text="e.g. NIH/NLM, NSF, AHA")
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year_awarded", "mechanism"]

    def __str__(self):
        number = f" {self.award_number}" if self.award_number else ""
        return f"{self.mechanism}{number} ({self.funder}, {self.year_awarded})"

    @property
    def program_id(self):
        return self.fellow.program_id


class OutcomeSurvey(models.Model):
    """A private, expiring, single-use link that lets an alumnus update their outcomes.

    Only a SHA-256 hash of the token is stored; the token itself is in the email alone.
    """

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="outcome_surveys"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Outcomes survey for {self.fellow} ({self.created_at:%Y-%m-%d})"

    @property
    def program_id(self):
        return self.fellow.program_id

    def clean(self):
        super().clean()
        if self.expires_at and self.created_at and self.expires_at <= self.created_at:
            raise ValidationError({"expires_at": "The link must expire after it is sent."})
