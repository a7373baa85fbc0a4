"""News posts and what each person agrees to show on the public website."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from fellowship.core.concurrency import Versioned
from fellowship.core.markdown import render_markdown
from fellowship.programs.models import FacultyMember, Fellow, Program


class NewsPost(Versioned):
    class Kind(models.TextChoices):
        GRADUATION = "graduation", "Graduation"
        PUBLICATION = "publication", "Publication"
        AWARD = "award", "Award"
        DEFENSE = "defense", "Thesis defense"
        EVENT = "event", "Event"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="news_posts")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.EVENT)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences for lists and the feed."
    )
    body = models.TextField(
        blank=True, help_text="Markdown: *emphasis*, **bold**, [links](https://…), lists."
    )
    date = models.DateField(help_text="The date shown on the post.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    fellows = models.ManyToManyField(Fellow, blank=True, related_name="news_posts")
    faculty = models.ManyToManyField(FacultyMember, blank=True, related_name="news_posts")
    # What suggested the draft ("publication:12", "graduation:2026"): one draft per cause.
    source_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "source_key"],
                condition=~Q(source_key=""),
                name="unique_news_source_per_program",
            )
        ]
        indexes = [models.Index(fields=["program", "state", "date"])]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @cached_property
    def body_html(self):
        return render_markdown(self.body)

    def get_absolute_url(self):
        return reverse("news:edit", kwargs={"program": self.program.slug, "pk": self.pk})

    def get_public_url(self):
        return reverse("public:news_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not (self.title or "").strip():
            raise ValidationError({"title": "A post needs a title."})


class PublicProfile(models.Model):
    """What one fellow or faculty member agrees to show on the public website.

    Without a row: a fellow shows nothing; a faculty member shows their professional
    information (name, title, institution, labs, topics, bio, publications).
    """

    fellow = models.OneToOneField(
        Fellow, on_delete=models.CASCADE, null=True, blank=True, related_name="public_profile"
    )
    faculty = models.OneToOneField(
        FacultyMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_profile",
    )
    show_profile = models.BooleanField(
        "show my name and laboratory on the public website", default=False
    )
    show_publications = models.BooleanField("list my publications", default=False)
    show_outcome = models.BooleanField("show my position after the program (alumni)", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(fellow__isnull=False) & Q(faculty__isnull=True))
                | (Q(fellow__isnull=True) & Q(faculty__isnull=False)),
                name="public_profile_one_person",
            )
        ]

    def __str__(self):
        return f"Public profile of {self.fellow or self.faculty}"

    @property
    def program_id(self):
        return (self.fellow or self.faculty).program_id
