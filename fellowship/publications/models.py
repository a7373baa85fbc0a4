"""Publications of the program's fellows and faculty, and who among them wrote each one.

A publication belongs to a program. Its authors are kept in order as printed
(`Authorship.position` counts from 1); an author who is a fellow or a faculty member of
the program is linked to their record. An author whose match is uncertain waits for a
person to decide (`Authorship.Match.REVIEW`, with the candidates kept) and links nobody.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from fellowship.programs.models import FacultyMember, Fellow, Program

from .citation import nih_citation


class Publication(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        IN_PRESS = "in_press", "In press"
        PUBLISHED = "published", "Published"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(max_length=1000)
    journal = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=60, blank=True)
    pmid = models.CharField(
        "PMID",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,10}$", "A PMID is a number, e.g. 38012345.")],
    )
    pmcid = models.CharField(
        "PMCID",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^PMC\d{1,10}$", "A PMCID reads PMC followed by digits.")],
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\S+/\S+$", "A DOI starts with 10. and has a slash.")],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    source = models.CharField(max_length=200, blank=True, help_text="Where it was imported from.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "pmid"],
                condition=~Q(pmid=""),
                name="unique_publication_pmid",
                violation_error_message="This program already has a publication with this PMID.",
            ),
            models.UniqueConstraint(
                fields=["program", "doi"],
                condition=~Q(doi=""),
                name="unique_publication_doi",
                violation_error_message="This program already has a publication with this DOI.",
            ),
        ]
        indexes = [models.Index(fields=["program", "year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"program": self.program.slug, "pk": self.pk})

    @property
    def citation(self) -> str:
        """NIH style: authors. Title. Journal. Year;Volume(Issue):Pages. PMID: n; PMCID: PMCn.

        Reads `authors.all()`: prefetch them for lists."""
        return nih_citation(
            authors=[a.citation_name for a in self.authors.all()],
            title=self.title,
            journal=self.journal,
            year=self.year,
            volume=self.volume,
            issue=self.issue,
            pages=self.pages,
            pmid=self.pmid,
            pmcid=self.pmcid,
            doi=self.doi,
            status=self.get_status_display() if self.status != self.Status.PUBLISHED else "",
        )

    def clean(self):
        super().clean()
        self.doi = (self.doi or "").strip().lower()
        self.pmcid = (self.pmcid or "").strip().upper()
        if not (self.title or "").strip():
            raise ValidationError({"title": "A publication needs a title."})


class Authorship(models.Model):
    class Match(models.TextChoices):
        LINKED = "linked", "Linked"
        REVIEW = "review", "Needs review"
        NONE = "none", "Not a member of the program"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    last_name = models.CharField(max_length=200)
    fore_name = models.CharField(max_length=200, blank=True)
    initials = models.CharField(max_length=10, blank=True)
    fellow = models.ForeignKey(
        Fellow, on_delete=models.SET_NULL, null=True, blank=True, related_name="authorships"
    )
    faculty = models.ForeignKey(
        FacultyMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
    )
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.NONE)
    # While in review: [{"kind": "fellow"|"faculty", "pk": 3, "label": "..."}], and why.
    candidates = models.JSONField(default=list, blank=True)
    review_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="unique_author_position"
            ),
            models.CheckConstraint(
                condition=Q(fellow__isnull=True) | Q(faculty__isnull=True),
                name="authorship_one_person",
            ),
        ]

    def __str__(self):
        return self.citation_name

    @property
    def citation_name(self):
        """NIH style: "Fellow FM"; a group name as it is."""
        return f"{self.last_name} {self.initials}".strip()

    @property
    def person(self):
        return self.fellow or self.faculty

    @property
    def program_id(self):
        return self.publication.program_id

    def clean(self):
        super().clean()
        if self.fellow_id and self.faculty_id:
            raise ValidationError("An author is one person: a fellow or a faculty member.")
        program_id = self.publication.program_id if self.publication_id else None
        for person in (self.fellow, self.faculty):
            if person is not None and program_id and person.program_id != program_id:
                raise ValidationError("The author must be a member of the publication's program.")
