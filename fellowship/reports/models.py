"""What the reports keep: the coordinator's edited RPPR paragraph for each trainee.

The NIH tables themselves are built from the records each time and not stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fellowship.core.concurrency import Versioned


class TraineeSummary(Versioned):
    """One trainee's paragraph for the progress report (RPPR) of one year, as edited.

    Until someone saves it, the page shows the paragraph drafted from the records."""

    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, related_name="rppr_summaries"
    )
    report_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    text = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report_year", "fellow__last_name", "fellow__first_name"]
        verbose_name_plural = "trainee summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["fellow", "report_year"], name="unique_trainee_summary_per_year"
            )
        ]

    def __str__(self):
        return f"RPPR summary {self.report_year} of {self.fellow}"

    @property
    def program_id(self):
        return self.fellow.program_id

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if not (self.text or "").strip():
            raise ValidationError({"text": "The summary is empty: write it or keep the draft."})
