"""Reads for news pages and the public website; each costs a fixed number of queries.

Only what people agreed to show leaves here for the public pages: published posts; the
faculty who have not withdrawn their professional profile; the fellows and alumni who
agreed (`PublicProfile.show_profile`), with their position after the program only when
they agreed to that too. Nothing else of a fellow's record is read.
"""

from django.db.models import Prefetch, Q

from fellowship.programs.models import FacultyMember, Fellow, Institution, Laboratory, Position
from fellowship.publications.models import Authorship
from fellowship.publications.selectors import publications_of

from . import consent
from .models import NewsPost


def posts_for_staff(program):
    return NewsPost.objects.filter(program=program).order_by("state", "-date", "-pk")


def published_posts(program):
    return (
        NewsPost.objects.filter(program=program, state=NewsPost.State.PUBLISHED)
        .select_related("program")
        .order_by("-date", "-pk")
    )


def public_posts(program, count):
    """The latest published posts as the public sees them (hidden fellows' names withheld)."""
    withholding = consent.Withholding([program.pk])
    return [withholding.post(p) for p in published_posts(program)[:count]]


def public_post(slug):
    post = (
        NewsPost.objects.filter(slug=slug, state=NewsPost.State.PUBLISHED)
        .select_related("program")
        .prefetch_related(
            Prefetch("fellows", queryset=consenting_fellows()),
            Prefetch("faculty", queryset=public_faculty_members()),
        )
        .first()
    )
    return consent.Withholding([post.program_id]).post(post) if post else None


def public_faculty_members():
    """Faculty shown on the public site: all who have not withdrawn their profile."""
    return FacultyMember.objects.exclude(public_profile__show_profile=False).select_related(
        "institution"
    )


def consenting_fellows():
    return consent.shown_fellows().only(
        "first_name", "middle_name", "last_name", "cohort_year", "program_id"
    )


def public_labs(program):
    """The program's institutions, each with its labs, their topics and public faculty."""
    labs = (
        Laboratory.objects.select_related("head")
        .prefetch_related(
            "topics", Prefetch("members", queryset=public_faculty_members().order_by("last_name"))
        )
        .order_by("name")
    )
    return (
        Institution.objects.filter(program=program)
        .prefetch_related(Prefetch("laboratories", queryset=labs))
        .order_by("name")
    )


def public_faculty(pk):
    return (
        public_faculty_members()
        .filter(pk=pk)
        .select_related("program", "public_profile")
        .prefetch_related("laboratories__institution", "topics")
        .first()
    )


def public_faculty_publications(faculty):
    profile = getattr(faculty, "public_profile", None)
    if profile is not None and not profile.show_publications:
        return []
    publications = list(publications_of(faculty=faculty))
    withholding = consent.Withholding({faculty.program_id, *(p.program_id for p in publications)})
    return [withholding.publication(p) for p in publications]


def public_people(program):
    """(current fellows, alumni) who agreed to be shown, with only what they agreed to."""
    fellows = (
        consent.shown_fellows()
        .filter(program=program)
        .filter(Q(status__in=Fellow.IN_TRAINING) | Q(status=Fellow.Status.COMPLETED))
        .select_related("laboratory__institution", "public_profile")
        .prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("-start"), to_attr="jobs"),
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("publication").order_by(
                    "-publication__year", "publication__title"
                ),
                to_attr="papers",
            ),
        )
        .only(
            "first_name",
            "middle_name",
            "last_name",
            "cohort_year",
            "status",
            "appointment_start",
            "appointment_end",
            "laboratory__name",
            "laboratory__institution__name",
            "public_profile__show_outcome",
            "public_profile__show_profile",
            "public_profile__show_publications",
        )
        .order_by("-cohort_year", "last_name", "first_name")
    )
    current, alumni = [], []
    for fellow in fellows:
        fellow.public_publications = (
            [a.publication for a in fellow.papers]
            if fellow.public_profile.show_publications
            else []
        )
        if fellow.status == Fellow.Status.COMPLETED:
            fellow.public_position = (
                next((p for p in fellow.jobs if p.start >= fellow.appointment_start), None)
                if fellow.public_profile.show_outcome
                else None
            )
            alumni.append(fellow)
        else:
            current.append(fellow)
    return current, alumni


def unconsenting_fellows_in(post) -> tuple[list, list]:
    """(linked, named): the post's fellows who have not agreed to be shown, and the
    program's fellows who have not agreed but whose name is in the post's text.

    Staff write the words, so this can only warn; two queries whatever the post."""
    hidden = list(consent.hidden_fellows([post.program_id]).order_by("last_name", "first_name"))
    linked_ids = set(post.fellows.values_list("pk", flat=True)) if post.pk else set()
    text = " ".join((post.title, post.summary, post.body))
    linked = [f for f in hidden if f.pk in linked_ids]
    named = [f for f in hidden if f.full_name in text or f"{f.first_name} {f.last_name}" in text]
    return linked, named
