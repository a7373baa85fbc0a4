"""The Master's thesis: its record, committee, committee meetings, defenses and documents.

A thesis's state changes only through `services.thesis_transition`; the rest here is
fields, constraints and checks.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from fellowship.core.concurrency import Versioned
from fellowship.core.text import no_control_characters


class Thesis(Versioned):
    class State(models.TextChoices):
        PLANNING = "planning", "Planning"
        COMMITTEE_PROPOSED = "committee_proposed", "Committee proposed"
        COMMITTEE_APPROVED = "committee_approved", "Committee approved"
        PROPOSAL_SUBMITTED = "proposal_submitted", "Proposal submitted"
        PROPOSAL_APPROVED = "proposal_approved", "Proposal approved"
        IN_PROGRESS = "in_progress", "In progress"
        DEFENSE_SCHEDULED = "defense_scheduled", "Defense scheduled"
        DEFENDED = "defended", "Defended"
        REVISIONS_SUBMITTED = "revisions_submitted", "Revisions submitted"
        FINAL_SUBMITTED = "final_submitted", "Final document submitted"
        COMPLETE = "complete", "Complete"

    class Form(models.TextChoices):
        MONOGRAPH = "monograph", "Monograph"
        PAPERS = "papers", "Linked first-author papers"

    fellow = models.OneToOneField(
        "programs.Fellow", on_delete=models.CASCADE, related_name="thesis"
    )
    title = models.CharField(max_length=300, blank=True)
    abstract = models.TextField(blank=True, help_text="Shown on the public defense announcement.")
    form = models.CharField(max_length=20, choices=Form.choices, default=Form.MONOGRAPH)
    state = models.CharField(max_length=30, choices=State.choices, default=State.PLANNING)
    state_changed_at = models.DateTimeField(default=timezone.now)
    proposal = models.TextField(
        "thesis proposal", blank=True, help_text="Aims and approach, as the committee reads it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fellow__last_name", "fellow__first_name"]
        verbose_name_plural = "theses"

    def __str__(self):
        return self.title or f"Thesis of {self.fellow}"

    @property
    def program_id(self):
        return self.fellow.program_id

    def get_absolute_url(self):
        return reverse(
            "thesis:detail", kwargs={"program": self.fellow.program.slug, "fellow": self.fellow_id}
        )

    def days_in_state(self, now=None):
        return ((now or timezone.now()) - self.state_changed_at).days


class ThesisPaper(models.Model):
    """A first-author paper that makes up a thesis of linked papers."""

    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", "In preparation"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"

    thesis = models.ForeignKey(Thesis, on_delete=models.CASCADE, related_name="papers")
    citation = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.citation} ({self.get_status_display().lower()})"


class CommitteeMember(models.Model):
    """A member of a fellow's thesis committee: faculty of the program or an external person."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        PRIMARY_MENTOR = "primary_mentor", "Primary mentor"
        EXTERNAL = "external", "External member"
        PROGRAM_REPRESENTATIVE = "program_representative", "Program representative"
        MEMBER = "member", "Member"

    thesis = models.ForeignKey(Thesis, on_delete=models.CASCADE, related_name="committee")
    role = models.CharField(max_length=30, choices=Role.choices)
    faculty = models.ForeignKey(
        "programs.FacultyMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thesis_committees",
        help_text="Faculty of the program; leave empty for an external member.",
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="An external member's name.",
        validators=[no_control_characters],
    )
    email = models.EmailField(blank=True)
    institution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["thesis", "faculty"],
                condition=Q(faculty__isnull=False),
                name="unique_committee_faculty",
                violation_error_message="This faculty member is already on the committee.",
            )
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display().lower()})"

    @property
    def program_id(self):
        return self.thesis.program_id

    @property
    def is_external(self):
        return self.faculty_id is None

    @property
    def display_name(self):
        return self.faculty.display_name if self.faculty_id else self.name

    @property
    def affiliation(self):
        return self.faculty.institution.name if self.faculty_id else self.institution

    def clean(self):
        super().clean()
        errors = {}
        if self.faculty_id:
            if self.thesis_id and self.faculty.program_id != self.thesis.program_id:
                errors["faculty"] = "Choose faculty of the fellow's program."
        else:
            if not self.name.strip():
                errors["name"] = "Give the external member's name (or choose a faculty member)."
            if not self.email.strip():
                errors["email"] = "Give the external member's email."
            if not self.institution.strip():
                errors["institution"] = "Give the external member's institution."
        if errors:
            raise ValidationError(errors)


def meeting_upload_to(meeting, filename):
    return f"thesis/{meeting.thesis.fellow_id}/meetings/{filename}"


class CommitteeMeeting(models.Model):
    class Recommendation(models.TextChoices):
        ON_TRACK = "on_track", "On track: continue as planned"
        CONCERNS = "concerns", "Concerns: meet again sooner"
        READY = "ready", "Ready to schedule the defense"

    thesis = models.ForeignKey(Thesis, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    attendees = models.ManyToManyField(CommitteeMember, blank=True, related_name="meetings")
    report = models.TextField("the fellow's progress report", blank=True)
    report_file = models.FileField(upload_to=meeting_upload_to, blank=True, max_length=300)
    report_file_name = models.CharField(max_length=200, blank=True)
    feedback = models.TextField("the committee's feedback", blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    next_target_date = models.DateField("next meeting by", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"Committee meeting of {self.date:%b %-d, %Y}"

    @property
    def program_id(self):
        return self.thesis.program_id

    def clean(self):
        super().clean()
        if self.date and self.next_target_date and self.next_target_date <= self.date:
            raise ValidationError(
                {
                    "next_target_date": "The next meeting's target date must come after this "
                    f"meeting's date ({self.date:%b %-d, %Y})."
                }
            )


class Defense(models.Model):
    """One oral defense of the thesis; a failed defense may be followed by one more."""

    class Outcome(models.TextChoices):
        PASS = "pass", "Pass"
        PASS_WITH_REVISIONS = "pass_with_revisions", "Pass with revisions"
        FAIL = "fail", "Fail"

    thesis = models.ForeignKey(Thesis, on_delete=models.CASCADE, related_name="defenses")
    attempt = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField("date and time")
    room = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("the chair's note", blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    news_posted = models.BooleanField(default=False)
    # Each change of date, time or place counts one; the calendar entry's SEQUENCE, so that
    # calendar programs replace the old entry rather than keep both.
    reschedules = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-attempt"]
        constraints = [
            models.UniqueConstraint(fields=["thesis", "attempt"], name="unique_defense_attempt"),
            models.CheckConstraint(
                condition=Q(attempt__gte=1, attempt__lte=2), name="defense_attempt_one_or_two"
            ),
        ]

    def __str__(self):
        return f"Defense of {self.thesis.fellow} on {timezone.localtime(self.starts_at):%b %-d, %Y}"

    @property
    def program_id(self):
        return self.thesis.program_id

    @property
    def place(self):
        return self.room or self.video_link

    def clean(self):
        super().clean()
        if not (self.room.strip() or self.video_link.strip()):
            raise ValidationError({"room": "Give a room or a video link."})


class DefenseMember(models.Model):
    """A committee member at a defense: confirms the date, then signs off the outcome."""

    defense = models.ForeignKey(Defense, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["defense", "member"], name="unique_defense_member")
        ]

    def __str__(self):
        return f"{self.member.display_name} at {self.defense}"


def document_upload_to(document, filename):
    return f"thesis/{document.thesis.fellow_id}/documents/v{document.version}/{filename}"


class ThesisDocument(models.Model):
    """One uploaded version of the thesis document (PDF). Every version is kept."""

    thesis = models.ForeignKey(Thesis, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=0)
    # The thesis's state when the file came in: a draft, the revised or the final document.
    stage = models.CharField(max_length=30, choices=Thesis.State.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_public = models.BooleanField(default=False)
    # The public link names this, not the row's sequential id, so no thesis can be guessed.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["thesis", "version"], name="unique_document_version")
        ]

    def __str__(self):
        return f"Version {self.version}: {self.original_name}"

    @property
    def program_id(self):
        return self.thesis.program_id
