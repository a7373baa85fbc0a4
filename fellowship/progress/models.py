"""Milestones, orientation, research plans, IDPs, reminders and calendar feeds.

A research plan's and an IDP's state change only through their transition functions in
`plans.py`; a milestone's due date only through `milestones.milestones_recompute`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from fellowship.core.concurrency import Versioned


class Phase(models.TextChoices):
    COURSEWORK = "coursework", "Formal coursework"
    MENTORSHIP = "mentorship", "Research mentorship"
    THESIS = "thesis", "Thesis project"
    GRANT = "grant", "Mentored research grant"


class MilestoneTemplate(Versioned):
    """What every fellow of the program must reach, and when, counted from the start."""

    class Evidence(models.TextChoices):
        DOCUMENT = "document", "A document"
        APPROVAL = "approval", "A mentor's approval"
        DATE = "date", "A date (the event happened)"

    class DueRule(models.TextChoices):
        MONTHS = "months", "Months after the appointment start (leave pushes it back)"
        LAST_GRANT_DATE = (
            "last_grant_date",
            ("The last standard K99 due date before the appointment ends"),
        )

    class Link(models.TextChoices):
        NONE = "", "Recorded by hand"
        ORIENTATION = "orientation", "Done when the orientation checklist is confirmed"
        RESEARCH_PLAN = "research_plan", "Done when the research plan is approved"
        IDP = "idp", "Done when the year's IDP is signed off"
        THESIS_COMMITTEE = "thesis_committee", "Done when the thesis committee is approved"
        THESIS_PROPOSAL = "thesis_proposal", "Done when the thesis proposal is approved"
        THESIS_DEFENSE = "thesis_defense", "Done when the thesis defense is passed"
        GRANT_SUBMITTED = "grant_submitted", "Done when a grant application is submitted"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="milestone_templates"
    )
    name = models.CharField(max_length=120)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    evidence = models.CharField(
        "what counts as done", max_length=20, choices=Evidence.choices, default=Evidence.DATE
    )
    due_rule = models.CharField(max_length=20, choices=DueRule.choices, default=DueRule.MONTHS)
    due_months = models.PositiveSmallIntegerField(
        "due after (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(72)],
        help_text="Months of training after the appointment start, approved leave excluded.",
    )
    link = models.CharField(max_length=20, choices=Link.choices, blank=True, default="")
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_milestone_template_name",
                violation_error_message="The program already has a milestone with this name.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def due_label(self):
        if self.due_rule == self.DueRule.LAST_GRANT_DATE:
            return "last K99 due date before the appointment ends"
        return f"month {self.due_months}"

    def clean(self):
        super().clean()
        if self.due_rule == self.DueRule.MONTHS and self.due_months is None:
            raise ValidationError({"due_months": "Say after how many months it is due."})


class Milestone(models.Model):
    """One fellow's milestone; the due date is computed, never typed."""

    class Status(models.TextChoices):
        DONE = "done", "Done"
        OVERDUE = "overdue", "Overdue"
        DUE = "due", "Due soon"
        UPCOMING = "upcoming", "Upcoming"

    DUE_SOON_DAYS = 14

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="milestones"
    )
    template = models.ForeignKey(MilestoneTemplate, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_date", "template__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fellow", "template"], name="unique_fellow_milestone")
        ]

    def __str__(self):
        return f"{self.template.name} (due {self.due_date:%Y-%m-%d})"

    @property
    def program_id(self):
        return self.fellow.program_id

    def status_on(self, today):
        if self.done_on:
            return self.Status.DONE
        if self.due_date < today:
            return self.Status.OVERDUE
        if (self.due_date - today).days <= self.DUE_SOON_DAYS:
            return self.Status.DUE
        return self.Status.UPCOMING

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    @property
    def late(self):
        return bool(self.done_on and self.done_on > self.due_date)


class OrientationItem(models.Model):
    """A step of the fellow's orientation: ticked by the fellow, confirmed by a mentor."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", "Meet the lab's projects"
        MENTORS = "mentors", "Meet potential mentors"
        TRAINING = "training", "Training"
        COMPLIANCE = "compliance", "Compliance"

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="orientation_items"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    ticked_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fellow", "title"], name="unique_orientation_item")
        ]

    def __str__(self):
        return self.title

    @property
    def program_id(self):
        return self.fellow.program_id


class ResearchPlan(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    fellow = models.OneToOneField(
        "programs.Fellow", on_delete=models.CASCADE, related_name="research_plan"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    approved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Research plan of {self.fellow}"

    @property
    def program_id(self):
        return self.fellow.program_id

    def get_absolute_url(self):
        return reverse(
            "progress:plan", kwargs={"program": self.fellow.program.slug, "pk": self.fellow_id}
        )


def plan_upload_to(version, filename):
    return f"progress/plans/{version.plan.fellow_id}/v{version.number}/{filename}"


class ResearchPlanVersion(models.Model):
    """One text of the plan. A submitted version is frozen; editing after it starts the next."""

    plan = models.ForeignKey(ResearchPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    aims = models.TextField("specific aims", blank=True)
    approach = models.TextField(blank=True)
    timeline = models.TextField(blank=True)
    attachment = models.FileField(upload_to=plan_upload_to, blank=True, max_length=300)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(
        max_length=20,
        blank=True,
        choices=[("approved", "Approved"), ("changes_requested", "Changes requested")],
    )
    comments = models.TextField("mentor's comments", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self):
        return f"Version {self.number} of {self.plan}"

    @property
    def program_id(self):
        return self.plan.program_id

    @property
    def is_empty(self):
        return not any(s.strip() for s in (self.aims, self.approach, self.timeline))


class DevelopmentPlan(Versioned):
    """The yearly Individual Development Plan (IDP). Private: the fellow, their mentors and
    the director."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        SIGNED_OFF = "signed_off", "Signed off"

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField(
        "year of training", validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    self_assessment = models.TextField("self-assessment of skills", blank=True)
    career_goals = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    mentor_comments = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["fellow", "year"], name="unique_idp_year")]

    def __str__(self):
        return f"IDP, year {self.year}, of {self.fellow}"

    @property
    def program_id(self):
        return self.fellow.program_id


class DevelopmentGoal(models.Model):
    """A SMART goal of the year, with its target date."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    goal = models.CharField(max_length=300)
    target_date = models.DateField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self):
        return f"{self.goal} (by {self.target_date:%Y-%m-%d})"


class ReminderSent(models.Model):
    """One item in one person's digest on one day: what makes the reminders idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    item = models.CharField(max_length=80, help_text="e.g. milestone:42, plan:7")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "user_id", "item"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "item"], name="unique_reminder_item_day")
        ]

    def __str__(self):
        return f"{self.item} to {self.user} on {self.day:%Y-%m-%d}"


class CalendarFeed(models.Model):
    """A user's private calendar URL. The token is the only key; resetting it replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"
