"""The activity log: who did what to which record, written by the services."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ActivityEntry(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="activity", null=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # When no person acted: the command or form that did ("fellowship import").
    system = models.CharField(max_length=60, blank=True)
    verb = models.CharField(max_length=60, help_text="e.g. fellow.created, leave.recorded")
    summary = models.CharField(max_length=300)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True)
    target_id = models.PositiveBigIntegerField(null=True)
    target = GenericForeignKey("target_type", "target_id")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.who or 'system'}: {self.summary}"

    @property
    def who(self) -> str:
        """The person's name, or "system: <command>"; "" for old entries that say neither."""
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.email
        return f"system: {self.system}" if self.system else ""
