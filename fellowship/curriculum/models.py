"""The MMSc curriculum: the course catalog, the degree requirements (versioned by entering
cohort) and each fellow's enrollments and grades.

The audit itself is pure (`audit.py`); these models only hold the data and turn it into the
audit's dataclasses (`to_audit()`). Validation shared by forms, services and the grades
import lives in `clean()`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from fellowship.core.concurrency import Versioned

from . import audit, degree

GRADE_CHOICES = [(g, g) for g in degree.LETTER_GRADES] + [(degree.PASS, "P (pass)")]
LETTER_CHOICES = [(g, g) for g in degree.LETTER_GRADES]


class Season(models.TextChoices):
    WINTER = "winter", "Winter"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"
    FALL = "fall", "Fall"


SEASON_ORDER = {Season.WINTER: 0, Season.SPRING: 1, Season.SUMMER: 2, Season.FALL: 3}


def split_groups(text: str) -> list[str]:
    """ "data science; clinical informatics" -> ["data science", "clinical informatics"]."""
    groups: list[str] = []
    for item in (text or "").split(";"):
        item = " ".join(item.split())
        if item and item.casefold() not in {g.casefold() for g in groups}:
            groups.append(item)
    return groups


class Course(Versioned):
    class Kind(models.TextChoices):
        CORE = "core", "Required core"
        ELECTIVE = "elective", "Elective"
        RESEARCH = "research", "Mentored research"
        THESIS = "thesis", "Thesis"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="courses"
    )
    code = models.CharField(max_length=20, help_text="e.g. BMI 701")
    title = models.CharField(max_length=200)
    credits = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ELECTIVE)
    groups = models.CharField(
        "elective groups",
        max_length=200,
        blank=True,
        help_text="Named groups the course belongs to, separated by semicolons, e.g. "
        "“data science; clinical informatics”. A requirement may ask for credits from a group.",
    )
    description = models.TextField(blank=True)
    terms_offered = models.CharField(
        max_length=60, blank=True, help_text="Seasons, separated by commas: fall,spring"
    )
    active = models.BooleanField(
        default=True, help_text="Inactive courses stay on transcripts but are no longer offered."
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="unique_course_code_per_program",
                violation_error_message="This program already has a course with this code.",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "curriculum:course_detail", kwargs={"program": self.program.slug, "pk": self.pk}
        )

    @property
    def group_list(self) -> list[str]:
        return split_groups(self.groups)

    @property
    def season_list(self) -> list[str]:
        return [s for s in (self.terms_offered or "").split(",") if s]

    @property
    def terms_offered_display(self) -> str:
        labels = dict(Season.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.season_list)

    @property
    def credits_display(self) -> str:
        return audit.format_credits(self.credits) if self.credits is not None else ""

    def clean(self):
        super().clean()
        self.code = " ".join((self.code or "").split()).upper()
        self.groups = "; ".join(split_groups(self.groups))
        seasons = [s.strip().lower() for s in (self.terms_offered or "").split(",") if s.strip()]
        bad = [s for s in seasons if s not in Season.values]
        if bad:
            raise ValidationError(
                {"terms_offered": f"{', '.join(bad)}: not a season (winter, spring, summer, fall)"}
            )
        self.terms_offered = ",".join(sorted(set(seasons), key=lambda s: SEASON_ORDER[s]))

    def to_audit(self) -> degree.Course:
        return degree.Course(
            code=self.code,
            title=self.title,
            credits=self.credits,
            kind=self.kind,
            groups=frozenset(self.group_list),
        )


class RequirementSet(Versioned):
    """One version of the degree requirements; it holds the fellows who entered from
    `cohort_from` until the next version starts."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="requirement_sets"
    )
    version = models.CharField(max_length=120, help_text="e.g. MMSc requirements, 2025")
    cohort_from = models.PositiveSmallIntegerField(
        "first cohort",
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="The first entering cohort (year) held to this version; it holds every later "
        "cohort until a newer version starts.",
    )
    min_grade = models.CharField(
        "minimum grade",
        max_length=2,
        choices=LETTER_CHOICES,
        default="B-",
        help_text="The lowest letter grade that counts toward the degree; P always counts.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-cohort_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "version"],
                name="unique_requirement_version_per_program",
                violation_error_message="This program already has a version with this name.",
            ),
            models.UniqueConstraint(
                fields=["program", "cohort_from"],
                name="unique_requirement_cohort_per_program",
                violation_error_message="Another version already starts with this cohort.",
            ),
        ]

    def __str__(self):
        return self.version

    def get_absolute_url(self):
        return reverse(
            "curriculum:requirement_set_detail",
            kwargs={"program": self.program.slug, "pk": self.pk},
        )

    def to_audit(self, requirements=None) -> degree.RequirementSet:
        """The audit's RequirementSet; `requirements` defaults to the (prefetched) rows."""
        rows = self.requirements.all() if requirements is None else requirements
        return degree.RequirementSet(
            version=self.version,
            cohort_from=self.cohort_from,
            min_grade=self.min_grade,
            requirements=tuple(row.to_audit() for row in rows),
        )


class Requirement(Versioned):
    class Kind(models.TextChoices):
        REQUIRED_COURSE = "required_course", "Required course"
        MIN_CREDITS = "min_credits", "Minimum credits of a kind"
        MIN_TOTAL = "min_total", "Minimum total credits"
        THESIS = "thesis", "Thesis required"

    requirement_set = models.ForeignKey(
        RequirementSet, on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the audit.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        help_text="For a required course.",
    )
    course_kind = models.CharField(
        "course kind",
        max_length=20,
        choices=Course.Kind.choices,
        blank=True,
        help_text="For minimum credits: the kind of course that counts (elective, mentored "
        "research).",
    )
    group = models.CharField(
        "elective group",
        max_length=80,
        blank=True,
        help_text="For minimum credits: only courses of this group count (leave empty for any).",
    )
    min_credits = models.DecimalField(
        "minimum credits",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    label = models.CharField(
        max_length=120, blank=True, help_text="How the audit names it; a default is chosen."
    )

    class Meta:
        ordering = ["requirement_set", "position", "id"]

    def __str__(self):
        return self.display_label

    @property
    def program_id(self):
        return self.requirement_set.program_id

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        if self.kind == self.Kind.REQUIRED_COURSE:
            return self.course.code if self.course_id else "Required course"
        if self.kind == self.Kind.MIN_TOTAL:
            return "Total credits"
        if self.kind == self.Kind.THESIS:
            return "Master's thesis"
        noun = {
            Course.Kind.ELECTIVE: "Electives",
            Course.Kind.RESEARCH: "Mentored research",
            Course.Kind.CORE: "Core courses",
            Course.Kind.THESIS: "Thesis credits",
        }.get(self.course_kind, "Credits")
        return f"{noun} in {self.group}" if self.group else noun

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.REQUIRED_COURSE:
            if not self.course_id:
                errors["course"] = "Choose the required course."
            elif self.requirement_set_id and (
                self.course.program_id != self.requirement_set.program_id
            ):
                errors["course"] = "Choose a course of this program."
        if self.kind == self.Kind.MIN_CREDITS:
            if not self.course_kind:
                errors["course_kind"] = "Choose the kind of course that counts."
            if self.group and self.course_kind and self.course_kind != Course.Kind.ELECTIVE:
                errors["group"] = "Only electives come in groups."
        if self.kind in (self.Kind.MIN_CREDITS, self.Kind.MIN_TOTAL) and self.min_credits is None:
            errors["min_credits"] = "Give the minimum number of credits."
        if errors:
            raise ValidationError(errors)
        # Keep only what the kind uses.
        if self.kind != self.Kind.REQUIRED_COURSE:
            self.course = None
        if self.kind != self.Kind.MIN_CREDITS:
            self.course_kind, self.group = "", ""
        if self.kind not in (self.Kind.MIN_CREDITS, self.Kind.MIN_TOTAL):
            self.min_credits = None
        self.group = " ".join(self.group.split())

    def to_audit(self) -> degree.Requirement:
        if self.kind == self.Kind.REQUIRED_COURSE:
            return degree.RequiredCourse(self.course.code)
        if self.kind == self.Kind.MIN_TOTAL:
            return degree.MinTotalCredits(self.min_credits, label=self.display_label)
        if self.kind == self.Kind.THESIS:
            return degree.ThesisRequired(label=self.display_label)
        return degree.MinCredits(
            label=self.display_label,
            kind=self.course_kind,
            min_credits=self.min_credits,
            group=self.group or None,
        )


class Enrollment(Versioned):
    """A fellow's course in a term: planned, enrolled, completed (with a grade), withdrawn
    or failed. A fellow takes a course at most once a term."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ENROLLED = "enrolled", "Enrolled"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        FAILED = "failed", "Failed"

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    term_year = models.PositiveSmallIntegerField(
        "year", validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    term_season = models.CharField("term", max_length=10, choices=Season.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    grade = models.CharField(
        max_length=2,
        choices=GRADE_CHOICES,
        blank=True,
        help_text="A letter grade, or P / F for a pass/fail course. Empty until graded.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fellow", "term_year", "term_season", "course__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fellow", "course", "term_year", "term_season"],
                name="unique_enrollment_per_term",
                violation_error_message="The fellow already has this course in this term.",
            )
        ]

    def __str__(self):
        return f"{self.course.code} in {self.term_label}"

    @property
    def program_id(self):
        return self.fellow.program_id

    @property
    def term(self) -> degree.Term:
        return degree.Term(self.term_year, self.term_season)

    @property
    def term_label(self) -> str:
        return f"{self.get_term_season_display()} {self.term_year}"

    def clean(self):
        super().clean()
        errors = {}
        if self.fellow_id and self.course_id and self.course.program_id != self.fellow.program_id:
            errors["course"] = "Choose a course of the fellow's program."
        if self.grade and self.status in (self.Status.PLANNED, self.Status.ENROLLED):
            errors["grade"] = (
                f"A {self.get_status_display().lower()} course has no grade yet: "
                "mark it completed or failed, or leave the grade empty."
            )
        if self.grade and self.status == self.Status.WITHDRAWN:
            errors["grade"] = "A withdrawn course has no grade: leave it empty."
        if self.status == self.Status.FAILED and self.grade and self.grade != degree.FAIL:
            errors["grade"] = f"A failed course has the grade F (or none), not {self.grade}."
        if errors:
            raise ValidationError(errors)

    def to_audit(self, course_code: str | None = None) -> degree.Enrollment:
        return degree.Enrollment(
            course_code=course_code or self.course.code,
            term=self.term,
            status=self.status,
            grade=self.grade or None,
        )
