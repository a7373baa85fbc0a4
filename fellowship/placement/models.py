"""Placement rounds: fellows rank laboratories, laboratories rank fellows, the engine places.

A round belongs to a program and places one cohort. Its state changes only through
`services.round_transition`; everything else here is fields, constraints and checks.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class PlacementRound(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for choices"
        CLOSED = "closed", "Closed"
        SOLVED = "solved", "Solved"
        PUBLISHED = "published", "Published"

    class Optimal(models.TextChoices):
        FELLOW = "fellow", "Best for fellows"
        LAB = "lab", "Best for laboratories"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="placement_rounds"
    )
    cohort_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text="The cohort this round places.",
    )
    name = models.CharField(max_length=200)
    deadline = models.DateField(
        help_text="Fellows and laboratories may change their rankings until the end of this day."
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    optimal = models.CharField(
        "stable placement that is",
        max_length=10,
        choices=Optimal.choices,
        default=Optimal.FELLOW,
        help_text="Both place the same fellows; they differ in who gets their earlier choice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-cohort_year", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"],
                name="unique_round_name_per_program",
                violation_error_message="This program already has a round with this name.",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "placement:round_detail", kwargs={"program": self.program.slug, "pk": self.pk}
        )

    @property
    def places_editable(self):
        return self.state in (self.State.DRAFT, self.State.OPEN)


class RoundLab(models.Model):
    """A laboratory taking part in a round, with its places this year."""

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="labs")
    laboratory = models.ForeignKey(
        "programs.Laboratory", on_delete=models.PROTECT, related_name="round_places"
    )
    places = models.PositiveSmallIntegerField(default=1)
    ranked_at = models.DateTimeField(null=True, blank=True)
    ranked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ranked_by_interest_fit = models.BooleanField(default=False)

    class Meta:
        ordering = ["laboratory__institution__name", "laboratory__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "laboratory"],
                name="unique_lab_per_round",
                violation_error_message="This laboratory is already in the round.",
            )
        ]

    def __str__(self):
        return f"{self.laboratory} ({self.places} place{'s' if self.places != 1 else ''})"

    @property
    def program_id(self):
        return self.round.program_id

    def clean(self):
        super().clean()
        if self.round_id and self.laboratory_id:
            if self.laboratory.institution.program_id != self.round.program_id:
                raise ValidationError({"laboratory": "Choose a laboratory of this program."})


class Preference(models.Model):
    """A fellow's choice of a laboratory: rank 1 is the most wanted."""

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="preferences")
    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="placement_preferences"
    )
    laboratory = models.ForeignKey(
        "programs.Laboratory", on_delete=models.CASCADE, related_name="placement_preferences"
    )
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["round", "fellow", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "fellow", "laboratory"], name="unique_preference_lab"
            ),
            models.UniqueConstraint(
                fields=["round", "fellow", "rank"], name="unique_preference_rank"
            ),
        ]

    def __str__(self):
        return f"{self.fellow}: {self.rank}. {self.laboratory}"


class LabRanking(models.Model):
    """A laboratory's rank of a fellow who chose it: rank 1 is the one it wants most."""

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="lab_rankings")
    laboratory = models.ForeignKey(
        "programs.Laboratory", on_delete=models.CASCADE, related_name="placement_rankings"
    )
    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="placement_rankings"
    )
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    ranked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_interest_fit = models.BooleanField(
        default=False, help_text="Ranked by the program from interest fit, not by the lab."
    )

    class Meta:
        ordering = ["round", "laboratory", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "laboratory", "fellow"], name="unique_lab_ranking_fellow"
            ),
            models.UniqueConstraint(
                fields=["round", "laboratory", "rank"], name="unique_lab_ranking_rank"
            ),
        ]

    def __str__(self):
        return f"{self.laboratory}: {self.rank}. {self.fellow}"


class ConflictOfInterest(models.Model):
    """A faculty member may not take this fellow: blocks every lab they head or belong to."""

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="conflicts")
    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="placement_conflicts"
    )
    faculty = models.ForeignKey(
        "programs.FacultyMember", on_delete=models.CASCADE, related_name="placement_conflicts"
    )
    reason = models.CharField(max_length=300, help_text="e.g. spouse, former PhD advisor")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fellow__last_name", "faculty__last_name"]
        verbose_name = "conflict of interest"
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "fellow", "faculty"],
                name="unique_conflict_per_round",
                violation_error_message="This conflict is already recorded for the round.",
            )
        ]

    def __str__(self):
        return f"{self.fellow} and {self.faculty}: {self.reason}"

    @property
    def program_id(self):
        return self.round.program_id

    def clean(self):
        super().clean()
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Say what the conflict is."})
        errors = {}
        if self.round_id and self.fellow_id and self.fellow.program_id != self.round.program_id:
            errors["fellow"] = "Choose a fellow of this program."
        if self.round_id and self.faculty_id and self.faculty.program_id != self.round.program_id:
            errors["faculty"] = "Choose a faculty member of this program."
        if errors:
            raise ValidationError(errors)


class Assignment(models.Model):
    """Where the round placed a fellow (no laboratory: not placed)."""

    round = models.ForeignKey(PlacementRound, on_delete=models.CASCADE, related_name="assignments")
    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="placement_assignments"
    )
    laboratory = models.ForeignKey(
        "programs.Laboratory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placement_assignments",
    )
    choice_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 for the fellow's first choice; empty if not listed."
    )
    overridden = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["fellow__last_name", "fellow__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "fellow"], name="unique_assignment_per_round")
        ]

    def __str__(self):
        return f"{self.fellow}: {self.laboratory or 'not placed'}"

    def clean(self):
        super().clean()
        if self.overridden and not (self.override_reason or "").strip():
            raise ValidationError({"override_reason": "Say why the placement was changed."})
