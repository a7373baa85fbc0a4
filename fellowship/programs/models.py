"""The program's core records: who is in it, where they work and who mentors whom.

Validation that a form, a service and a CSV import must all apply lives in `clean()`, so
that `full_clean()` in the services enforces it everywhere.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone

from fellowship.core.concurrency import Versioned
from fellowship.core.text import no_control_characters


class Program(Versioned):
    name = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=80, unique=True)
    grant_number = models.CharField(
        "funding grant number", max_length=60, blank=True, help_text="e.g. T15LM007092"
    )
    description = models.TextField(blank=True, help_text="Shown on the public home page.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:dashboard", kwargs={"program": self.slug})


class Topic(Versioned):
    """A research area from the program's controlled vocabulary."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=120, validators=[no_control_characters])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_topic_per_program",
                violation_error_message="This program already has a topic with this name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:topic_list", kwargs={"program": self.program.slug})


class Institution(Versioned):
    class Kind(models.TextChoices):
        MEDICAL_SCHOOL = "medical_school", "Medical school"
        HOSPITAL = "hospital", "Teaching hospital"
        PUBLIC_HEALTH = "public_health", "School of public health"
        UNIVERSITY_LAB = "university_lab", "University laboratory"
        OTHER = "other", "Other"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="institutions")
    name = models.CharField(max_length=200, validators=[no_control_characters])
    short_name = models.CharField(max_length=40, blank=True, validators=[no_control_characters])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    city = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_institution_per_program",
                violation_error_message="This program already has an institution with this name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "programs:institution_detail", kwargs={"program": self.program.slug, "pk": self.pk}
        )


class Laboratory(Versioned):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="laboratories"
    )
    name = models.CharField(max_length=200, validators=[no_control_characters])
    head = models.ForeignKey(
        "FacultyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="labs_headed",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="laboratories")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    capacity = models.PositiveSmallIntegerField(
        "usual capacity", default=1, help_text="How many new fellows the lab usually takes a year."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "laboratories"
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"],
                name="unique_lab_name",
                violation_error_message="This institution already has a laboratory with this name.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def program_id(self):
        return self.institution.program_id

    def get_absolute_url(self):
        return reverse(
            "programs:lab_detail",
            kwargs={"program": self.institution.program.slug, "pk": self.pk},
        )

    def clean(self):
        super().clean()
        if self.head_id and self.institution_id:
            if self.head.program_id != self.institution.program_id:
                raise ValidationError({"head": "The head must be faculty of this program."})


class FacultyMember(Versioned):
    class Rank(models.TextChoices):
        PROFESSOR = "professor", "Professor"
        ASSOCIATE = "associate", "Associate Professor"
        ASSISTANT = "assistant", "Assistant Professor"
        INSTRUCTOR = "instructor", "Instructor"
        LECTURER = "lecturer", "Lecturer"
        SCIENTIST = "scientist", "Research Scientist"
        OTHER = "other", "Other"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="faculty")
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faculty_records",
    )
    first_name = models.CharField(max_length=100, validators=[no_control_characters])
    last_name = models.CharField(max_length=100, validators=[no_control_characters])
    email = models.EmailField()
    degrees = models.CharField(max_length=100, blank=True, help_text="e.g. MD, PhD")
    title = models.CharField(
        max_length=200, blank=True, help_text="e.g. Associate Professor of Pediatrics"
    )
    rank = models.CharField(max_length=20, choices=Rank.choices, default=Rank.ASSISTANT)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="faculty")
    laboratories = models.ManyToManyField(Laboratory, blank=True, related_name="members")
    topics = models.ManyToManyField(Topic, blank=True, related_name="faculty")
    leadership = models.TextField(
        blank=True,
        help_text="Leadership of national research centers or multi-institution initiatives.",
    )
    bio = models.TextField("public bio", blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "faculty member"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "email"],
                name="unique_faculty_email_per_program",
                violation_error_message="Another faculty member of this program has this email.",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        name = f"{self.first_name} {self.last_name}"
        return f"{name}, {self.degrees}" if self.degrees else name

    def get_absolute_url(self):
        return reverse(
            "programs:faculty_detail", kwargs={"program": self.program.slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.institution_id and self.program_id:
            if self.institution.program_id != self.program_id:
                raise ValidationError({"institution": "Choose an institution of this program."})


class FellowQuerySet(models.QuerySet):
    """Which fellows: the program's one vocabulary for "current" and "in training"."""

    def for_program(self, program):
        return self.filter(program=program)

    def in_training(self):
        """In training now: orientation, active or on leave (NIH's current trainees; the
        fellows a dashboard, a thesis list or a report counts as "now")."""
        return self.filter(status__in=Fellow.IN_TRAINING)

    def current(self):
        """Not yet alumni: incoming or in training. Milestones, reminders and placement
        concern them; completed and withdrawn fellows have nothing due."""
        return self.filter(status__in=Fellow.CURRENT)

    def alumni(self):
        """Left the program: completed or withdrawn."""
        return self.filter(status__in=Fellow.ALUMNI)


class Fellow(Versioned):
    class Status(models.TextChoices):
        INCOMING = "incoming", "Incoming"
        ORIENTATION = "orientation", "Orientation"
        ACTIVE = "active", "Active"
        ON_LEAVE = "on_leave", "On leave"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # The status sets behind FellowQuerySet; nowhere else lists statuses.
    IN_TRAINING = (Status.ORIENTATION, Status.ACTIVE, Status.ON_LEAVE)
    CURRENT = (Status.INCOMING, *IN_TRAINING)
    ALUMNI = (Status.COMPLETED, Status.WITHDRAWN)

    class Citizenship(models.TextChoices):
        US_CITIZEN = "us_citizen", "U.S. citizen"
        PERMANENT_RESIDENT = "permanent_resident", "U.S. permanent resident"
        NONCITIZEN_NATIONAL = "noncitizen_national", "U.S. non-citizen national"
        OTHER = "other", "Other (not eligible for NIH training-grant support)"
        UNKNOWN = "", "Not recorded"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="fellows")
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fellow_records",
    )
    first_name = models.CharField(max_length=100, validators=[no_control_characters])
    middle_name = models.CharField(max_length=100, blank=True, validators=[no_control_characters])
    last_name = models.CharField(max_length=100, validators=[no_control_characters])
    email = models.EmailField()
    cohort_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="The year the fellow entered the program.",
    )
    appointment_start = models.DateField()
    appointment_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INCOMING)
    objects = FellowQuerySet.as_manager()
    research_interests = models.TextField("expressed research interests", blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="fellows")
    laboratory = models.ForeignKey(
        Laboratory,
        verbose_name="current laboratory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fellows",
    )
    # Private: seen only by the program's director and coordinator and the fellow.
    citizenship = models.CharField(
        "citizenship or residency status",
        max_length=30,
        choices=Citizenship.choices,
        blank=True,
    )
    prior_research_months = models.PositiveSmallIntegerField(
        "prior postdoctoral research (months)",
        null=True,
        blank=True,
        help_text="Months of postdoctoral research experience before the appointment.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "email"],
                name="unique_fellow_email_per_program",
                violation_error_message="Another fellow of this program has this email.",
            ),
            models.CheckConstraint(
                condition=Q(appointment_end__gt=models.F("appointment_start")),
                name="fellow_appointment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["program", "cohort_year", "status"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)

    @property
    def sort_name(self):
        """ "Last, First M." as NIH tables write it."""
        initial = f" {self.middle_name[0]}." if self.middle_name else ""
        return f"{self.last_name}, {self.first_name}{initial}"

    def get_absolute_url(self):
        return reverse(
            "programs:fellow_detail", kwargs={"program": self.program.slug, "pk": self.pk}
        )

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        errors = {}
        if self.appointment_start and self.appointment_end:
            if self.appointment_end <= self.appointment_start:
                errors["appointment_end"] = "The appointment must end after it starts."
        if self.laboratory_id and self.program_id:
            if self.laboratory.institution.program_id != self.program_id:
                errors["laboratory"] = "Choose a laboratory of this program."
        if errors:
            raise ValidationError(errors)


class DoctoralDegree(Versioned):
    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="degrees")
    degree = models.CharField(max_length=30, help_text="e.g. PhD, MD, DO, DrPH, PharmD")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    institution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["year", "degree"]

    def __str__(self):
        return f"{self.degree} {self.year}"


class MentorshipQuerySet(models.QuerySet):
    """Who mentors whom on a day: the one definition of "current mentor" and of the access
    a mentorship gives."""

    @staticmethod
    def _in_force_on(on: date):
        return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))

    def in_force(self, on: date | None = None):
        """Mentorships begun and not ended on `on` (today by default). Only these give a
        mentor the fellow's records: IDP, degree audit, record, milestones, thesis."""
        return self.filter(self._in_force_on(on or timezone.localdate()))

    def with_in_force(self, on: date | None = None):
        """Annotate each mentorship with `in_force` (see in_force)."""
        in_force = ExpressionWrapper(
            self._in_force_on(on or timezone.localdate()), output_field=models.BooleanField()
        )
        return self.annotate(in_force=in_force)

    def current(self, on: date | None = None):
        """Mentorships in force on `on` (today by default): started and not yet ended.

        A mentorship that begins with (or before) the fellow's appointment counts from the
        day it is recorded: the mentor a placement names for an incoming fellow reviews the
        research plan they write before they start, and is shown as their mentor ("from
        <date>"). Before it begins that is all it gives (see in_force). A mentorship that
        starts later in training (a new secondary mentor next September) counts only from
        its start.
        """
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on)).filter(
            Q(start__lte=on) | Q(start__lte=F("fellow__appointment_start"))
        )

    def current_or_upcoming(self, on: date | None = None):
        """Mentorships not ended by `on`: in force, or starting later (a fellow's record
        lists what is planned)."""
        on = on or timezone.localdate()
        return self.filter(Q(end__isnull=True) | Q(end__gte=on))

    def primary(self):
        return self.filter(kind=Mentorship.Kind.PRIMARY)


class Mentorship(Versioned):
    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="mentorships")
    faculty = models.ForeignKey(FacultyMember, on_delete=models.PROTECT, related_name="mentorships")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIMARY)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="mentorship_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.faculty} mentors {self.fellow} ({self.get_kind_display().lower()})"

    @property
    def program_id(self):
        return self.fellow.program_id

    def is_current_on(self, on: date) -> bool:
        """The Python side of MentorshipQuerySet.current (reads the fellow)."""
        started = self.start <= on or self.start <= self.fellow.appointment_start
        return started and (self.end is None or self.end >= on)

    def is_in_force_on(self, on: date) -> bool:
        """The Python side of MentorshipQuerySet.in_force."""
        return self.start <= on and (self.end is None or self.end >= on)

    @property
    def is_current(self):
        return self.is_current_on(timezone.localdate())

    @property
    def starts_later(self):
        """Current but not begun: shown as "from <start>"."""
        return self.start > timezone.localdate()

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The mentorship must end on or after its start."
        if self.fellow_id and self.faculty_id:
            if self.faculty.program_id != self.fellow.program_id:
                errors["faculty"] = "The mentor must be faculty of the fellow's program."
            elif self.kind == self.Kind.PRIMARY and self.start:
                overlapping = (
                    Mentorship.objects.filter(fellow_id=self.fellow_id, kind=self.Kind.PRIMARY)
                    .exclude(pk=self.pk)
                    .filter(Q(end__isnull=True) | Q(end__gte=self.start))
                )
                if self.end:
                    overlapping = overlapping.filter(start__lte=self.end)
                if overlapping.exists():
                    errors["kind"] = (
                        "The fellow already has a primary mentor in this period; "
                        "end that mentorship first or make this one secondary."
                    )
        if errors:
            raise ValidationError(errors)


class Leave(Versioned):
    """Approved time away; it stops the fellow's training clock."""

    class Kind(models.TextChoices):
        PARENTAL = "parental", "Parental"
        FAMILY = "family", "Family"
        MEDICAL = "medical", "Medical"
        PERSONAL = "personal", "Personal"
        OTHER = "other", "Other"

    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="leaves")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="leave_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} leave {self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def program_id(self):
        return self.fellow.program_id

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def clean(self):
        super().clean()
        if not (self.start and self.end and self.fellow_id):
            return
        if self.end < self.start:
            raise ValidationError({"end": "The leave must end on or after its start."})
        fellow = self.fellow
        if self.start < fellow.appointment_start or self.end > fellow.appointment_end:
            raise ValidationError(
                {
                    "start": (
                        "The leave must lie within the appointment "
                        f"({fellow.appointment_start:%Y-%m-%d} to "
                        f"{fellow.appointment_end:%Y-%m-%d})."
                    )
                }
            )
        clash = (
            Leave.objects.filter(fellow_id=self.fellow_id, start__lte=self.end, end__gte=self.start)
            .exclude(pk=self.pk)
            .first()
        )
        if clash:
            raise ValidationError({"start": f"This leave overlaps another: {clash}."})


class Position(Versioned):
    """A job a fellow held before or after the program (NIH Table 8 positions)."""

    class Sector(models.TextChoices):
        ACADEMIA = "academia", "Academia"
        GOVERNMENT = "government", "Government"
        FOR_PROFIT = "for_profit", "For-profit"
        NONPROFIT = "nonprofit", "Nonprofit"
        OTHER = "other", "Other"

    class Activity(models.TextChoices):
        RESEARCH = "research", "Primarily research"
        RESEARCH_RELATED = "research_related", "Research-related"
        FURTHER_TRAINING = "further_training", "Further training"
        TEACHING = "teaching", "Primarily teaching"
        CLINICAL = "clinical", "Clinical practice"
        OTHER = "other", "Not related to research"

    fellow = models.ForeignKey(Fellow, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=200)
    department = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    activity = models.CharField(max_length=20, choices=Activity.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="position_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title}, {self.institution}"

    @property
    def program_id(self):
        return self.fellow.program_id

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The position must end on or after its start."})


from .invitation_model import Invitation  # noqa: E402, F401  (a model of this app)
