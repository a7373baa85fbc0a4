"""An invitation to log in as a fellow or faculty member (imported by models.py).

A record is linked to an account only when the invited person accepts (programs/linking.py),
and an account with a staff role of the program only once the director confirms: an edit,
an import or the admin never links one.
"""

from django.db import models
from django.db.models import Q


class Invitation(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Sent, not accepted yet"
        AWAITING_DIRECTOR = "awaiting_director", "Accepted, awaiting the director's confirmation"
        LINKED = "linked", "Accepted"
        WITHDRAWN = "withdrawn", "Replaced by a newer invitation"

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="invitations"
    )
    fellow = models.ForeignKey(
        "programs.Fellow", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    faculty = models.ForeignKey(
        "programs.FacultyMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="invitations")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fellow__isnull=True) ^ Q(faculty__isnull=True),
                name="invitation_for_one_person",
            )
        ]

    def __str__(self):
        return f"Invitation of {self.person} ({self.user.email})"

    @property
    def person(self):
        return self.fellow or self.faculty

    @property
    def role_name(self):
        return "fellow" if self.fellow_id else "faculty member"
