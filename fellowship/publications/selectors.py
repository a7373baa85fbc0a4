"""Reads that publication pages share; each costs a fixed number of queries."""

from django.db.models import Prefetch

from .models import Authorship, Publication


def authors_prefetch():
    return Prefetch(
        "authors",
        queryset=Authorship.objects.select_related("fellow", "faculty").order_by("position"),
    )


def publications_for_list(program):
    return (
        Publication.objects.filter(program=program)
        .select_related("program")
        .prefetch_related(authors_prefetch())
        .order_by("-year", "title")
    )


def publication_detail(program, pk):
    return publications_for_list(program).filter(pk=pk).first()


def authorships_to_review(program):
    return (
        Authorship.objects.filter(publication__program=program, match=Authorship.Match.REVIEW)
        .select_related("publication__program")
        .order_by("-publication__year", "publication__title", "position")
    )


def publications_of(*, fellow=None, faculty=None):
    """A person's publications, newest first, with their authors."""
    person = {"authors__fellow": fellow} if fellow is not None else {"authors__faculty": faculty}
    return (
        Publication.objects.filter(**person)
        .distinct()
        .select_related("program")
        .prefetch_related(authors_prefetch())
        .order_by("-year", "title")
    )
