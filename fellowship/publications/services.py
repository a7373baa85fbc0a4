"""Every write about publications: validated, in one transaction, logged.

- `publication_record` writes one record read from a file: a publication with the same
  PMID or DOI already in the program is merged with it (blank fields filled in, the
  status moved forward, never back), otherwise a new one is created with its authors
  matched to the program's people (`matching.py`).
- `publication_merge` folds a duplicate into the publication kept.
- `authorship_resolve` is the review step: a person decides who an uncertain author is.
- `publication_set_status` records acceptance, press, publication.

When a fellow's publication is recorded as accepted, in press or published, a draft news
post is suggested (once per publication) for the director or coordinator to publish.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record
from fellowship.programs.models import FacultyMember, Fellow

from . import events, formats, matching
from .models import Authorship, Publication

Status = Publication.Status
STATUS_ORDER = [Status.ACCEPTED, Status.IN_PRESS, Status.PUBLISHED]
FIELDS = ("title", "journal", "year", "volume", "issue", "pages", "pmid", "pmcid", "doi")


def program_people(program) -> list[matching.Person]:
    """Every fellow and faculty member of the program, for matching (two queries)."""
    people = [
        matching.Person("fellow", f.pk, f.first_name, f.last_name, f.middle_name)
        for f in Fellow.objects.filter(program=program).only(
            "first_name", "middle_name", "last_name"
        )
    ]
    people += [
        matching.Person("faculty", m.pk, m.first_name, m.last_name)
        for m in FacultyMember.objects.filter(program=program).only("first_name", "last_name")
    ]
    return people


def publication_from_record(program, record: formats.Record) -> Publication:
    """An unsaved Publication with the record's fields."""
    return Publication(
        program=program,
        title=record.title[:1000],
        journal=record.journal[:300],
        year=record.year,
        volume=record.volume[:40],
        issue=record.issue[:40],
        pages=record.pages[:60],
        pmid=record.pmid,
        pmcid=record.pmcid,
        doi=record.doi[:200],
        status=record.status,
    )


def find_duplicates(program, *, pmid: str, doi: str, exclude_pk=None) -> list[Publication]:
    from django.db.models import Q

    condition = Q()
    if pmid:
        condition |= Q(pmid=pmid)
    if doi:
        condition |= Q(doi=doi.lower())
    if not condition:
        return []
    return list(
        Publication.objects.filter(condition, program=program).exclude(pk=exclude_pk).order_by("pk")
    )


def _authorship(publication, position: int, author: formats.Author, people) -> Authorship:
    found = matching.match_author(author.last_name, author.fore_name, author.initials, people)
    authorship = Authorship(
        publication=publication,
        position=position,
        last_name=author.last_name[:200],
        fore_name=author.fore_name[:200],
        initials=author.initials[:10],
    )
    if found.outcome == matching.LINK:
        _link(authorship, found.person.kind, found.person.pk)
    elif found.outcome == matching.REVIEW:
        authorship.match = Authorship.Match.REVIEW
        authorship.candidates = [
            {"kind": p.kind, "pk": p.pk, "label": p.label} for p in found.candidates
        ]
        authorship.review_reason = found.reason[:200]
    return authorship


def _link(authorship: Authorship, kind: str | None, pk: int | None) -> None:
    authorship.fellow_id = pk if kind == "fellow" else None
    authorship.faculty_id = pk if kind == "faculty" else None
    authorship.match = Authorship.Match.LINKED if kind else Authorship.Match.NONE
    authorship.candidates = []
    authorship.review_reason = ""


def _log(by, publication, verb, summary):
    activity_record(actor=by, verb=verb, target=publication, summary=summary)


@transaction.atomic
def publication_record(
    *, program, record: formats.Record, by, people=None, source: str = ""
) -> tuple[Publication, str]:
    """Write one record: ("created" | "merged" | "unchanged"). ValidationError if invalid."""
    require(by, "publications.manage_publications", program)
    duplicates = find_duplicates(program, pmid=record.pmid, doi=record.doi)
    if len(duplicates) > 1:
        keep = duplicates[0]
        for duplicate in duplicates[1:]:
            publication_merge(keep=keep, duplicate=duplicate, by=by)
        duplicates = [keep]
    if duplicates:
        publication = duplicates[0]
        incoming = publication_from_record(program, record)
        changed = _fill_in(publication, incoming)
        if not publication.authors.exists() and record.authors:
            people = people if people is not None else program_people(program)
            Authorship.objects.bulk_create(
                _authorship(publication, i, a, people) for i, a in enumerate(record.authors, 1)
            )
            changed.append("authors")
        if not changed:
            return publication, "unchanged"
        publication.full_clean()
        publication.save()
        summary = f"Updated “{publication}”: {', '.join(changed)}."
        _log(by, publication, "publication_merged", summary)
        events.publication_changed.send(publication=publication, by=by)
        return publication, "merged"
    publication = publication_from_record(program, record)
    publication.source = source[:200]
    publication.full_clean()
    publication.save()
    people = people if people is not None else program_people(program)
    authorships = [_authorship(publication, i, a, people) for i, a in enumerate(record.authors, 1)]
    for authorship in authorships:
        authorship.full_clean(exclude={"publication"})
    Authorship.objects.bulk_create(authorships)
    _log(by, publication, "publication_added", f"Added publication “{publication}”.")
    events.publication_changed.send(publication=publication, by=by)
    return publication, "created"


def _fill_in(publication: Publication, incoming: Publication) -> list[str]:
    """Blank fields take the incoming values; the status only moves forward."""
    changed = []
    for name in FIELDS:
        if not getattr(publication, name) and getattr(incoming, name):
            setattr(publication, name, getattr(incoming, name))
            changed.append(name)
    if STATUS_ORDER.index(incoming.status) > STATUS_ORDER.index(publication.status):
        publication.status = incoming.status
        changed.append("status")
    return changed


@transaction.atomic
def publication_merge(*, keep: Publication, duplicate: Publication, by) -> Publication:
    """Fold `duplicate` into `keep`: fields, author links, then delete the duplicate."""
    require(by, "publications.manage_publications", keep)
    if keep.pk == duplicate.pk or keep.program_id != duplicate.program_id:
        raise ValidationError("Only two different publications of one program can be merged.")
    identifiers = {"pmid": duplicate.pmid, "doi": duplicate.doi}
    changed = _fill_in(keep, duplicate)
    kept_authors = {a.position: a for a in keep.authors.all()}
    for author in duplicate.authors.all():
        mine = kept_authors.get(author.position)
        if mine is None:
            author.publication = keep
            author.save()
        elif mine.match != Authorship.Match.LINKED and author.match == Authorship.Match.LINKED:
            _link(mine, "fellow" if author.fellow_id else "faculty", author.person.pk)
            mine.save()
    title = str(duplicate)
    duplicate.delete()  # first: the unique PMID/DOI moves to `keep` below
    keep.pmid = keep.pmid or identifiers["pmid"]
    keep.doi = keep.doi or identifiers["doi"]
    keep.full_clean()
    keep.save()
    _log(
        by,
        keep,
        "publication_merged",
        f"Merged the duplicate “{title}” into “{keep}”"
        + (f" ({', '.join(changed)})." if changed else "."),
    )
    return keep


@transaction.atomic
def authorship_resolve(*, authorship: Authorship, by, kind: str | None, pk: int | None = None):
    """The review step: the author is this fellow or faculty member, or nobody of ours."""
    publication = authorship.publication
    if kind is not None:
        allowed = {(c["kind"], c["pk"]) for c in authorship.candidates}
        model = Fellow if kind == "fellow" else FacultyMember
        if (kind, pk) not in allowed and not model.objects.filter(
            pk=pk, program_id=publication.program_id
        ).exists():
            raise ValidationError("Choose one of the program's people.")
    _link(authorship, kind, pk)
    authorship.full_clean()
    authorship.save()
    who = authorship.person or "nobody of the program"
    _log(
        by,
        publication,
        "author_resolved",
        f"Author {authorship.position} of “{publication}” ({authorship.citation_name}) is {who}.",
    )
    events.publication_changed.send(publication=publication, by=by)
    return authorship


@transaction.atomic
def publication_set_status(*, publication: Publication, status: str, by) -> Publication:
    if publication.status == status:
        return publication
    publication.status = status
    publication.full_clean()
    publication.save()
    _log(
        by,
        publication,
        "publication_status",
        f"“{publication}” is now {publication.get_status_display().lower()}.",
    )
    events.publication_changed.send(publication=publication, by=by)
    return publication
