"""Every write about news posts and public-profile consent: validated, one transaction, logged.

A post is a draft until the director or the coordinator publishes it
(`news_post_publish`); only published posts reach the public site and the feed.

Other apps suggest drafts through `news_suggest_draft` (or its helpers for a defense and
a graduation): one draft per cause (`source_key`), so calling it again changes nothing.
Publications call it when a fellow's publication is recorded as accepted or published.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.publications.models import Publication

from . import consent
from .consent import shown_fellow_ids
from .models import NewsPost, PublicProfile

Kind = NewsPost.Kind
State = NewsPost.State


def unique_slug(title: str, day: date, *, program_id, exclude_pk=None) -> str:
    """A post's public address, from its title without the names of fellows who have not
    agreed to be shown (news.consent)."""
    title = consent.Withholding([program_id]).text(title)
    base = (slugify(title)[:90].strip("-") or "news") + f"-{day:%Y}"
    slug, n = base, 2
    taken = NewsPost.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def news_post_save(*, post: NewsPost, by, fellows=None, faculty=None) -> NewsPost:
    """Create or edit a post (its state is not changed here). People lists: None keeps."""
    creating = post.pk is None
    if not post.date:
        post.date = timezone.localdate()
    if not post.slug or consent.Withholding([post.program_id]).names_in_slug(post.slug):
        post.slug = unique_slug(
            post.title, post.date, program_id=post.program_id, exclude_pk=post.pk
        )
    post.full_clean()
    post.save()
    if fellows is not None:
        post.fellows.set(fellows)
    if faculty is not None:
        post.faculty.set(faculty)
    activity_record(
        actor=by,
        verb="news_created" if creating else "news_edited",
        target=post,
        summary=f"{'Drafted' if creating else 'Edited'} news post “{post.title}”.",
    )
    return post


@transaction.atomic
def news_post_publish(*, post: NewsPost, by, publish: bool = True) -> NewsPost:
    """Publish a draft (or take a published post back to draft): director or coordinator."""
    _require(by, "news.publish_news", post.program)
    post.full_clean()
    if publish and post.state != State.PUBLISHED:
        post.state, post.published_at = State.PUBLISHED, timezone.now()
        verb, summary = "news_published", f"Published news post “{post.title}”."
    elif not publish and post.state != State.DRAFT:
        post.state, post.published_at = State.DRAFT, None
        verb, summary = "news_unpublished", f"Took news post “{post.title}” back to draft."
    else:
        return post
    post.save(update_fields=["state", "published_at", "updated_at"])
    activity_record(actor=by, verb=verb, target=post, summary=summary)
    return post


@transaction.atomic
def news_suggest_draft(
    *,
    program,
    kind: str,
    title: str,
    source_key: str,
    summary: str = "",
    body: str = "",
    day: date | None = None,
    fellows=(),
    faculty=(),
    by=None,
) -> tuple[NewsPost, bool]:
    """A draft post suggested by an event in another app; (post, created).

    `source_key` names the cause ("publication:12", "defense:7", "graduation:2026"); a
    cause that already has a post (draft or published) gets no second one. Generated text
    names only the fellows who agreed to be shown: any other linked fellow's name becomes
    "a fellow" (the program's promise on the consent page).
    """
    existing = NewsPost.objects.filter(program=program, source_key=source_key).first()
    if existing is not None:
        return existing, False
    fellows = list(fellows)
    shown = shown_fellow_ids(fellows)
    hidden = [f for f in fellows if f.pk not in shown]
    title, summary, body = (_withhold_names(text, hidden) for text in (title, summary, body))
    post = NewsPost(
        program=program,
        kind=kind,
        title=title[:200],
        summary=summary[:300],
        body=body,
        date=day or timezone.localdate(),
        source_key=source_key,
    )
    post.slug = unique_slug(post.title, post.date, program_id=program.pk)
    post.full_clean()
    post.save()
    post.fellows.set(fellows)
    post.faculty.set(faculty)
    activity_record(
        actor=by,
        verb="news_suggested",
        target=post,
        summary=f"Suggested a draft news post “{post.title}”.",
    )
    return post, True


def _withhold_names(text: str, fellows) -> str:
    """Generated text with the names of the given fellows replaced by "a fellow"."""
    for fellow in fellows:
        name = fellow.full_name
        text = text.replace(f"{name}, a fellow of the program", "a fellow of the program")
        text = text.replace(name, "a fellow")
    return text[:1].upper() + text[1:] if text.startswith("a fellow") else text


def news_suggest_for_defense(*, fellow, day: date, thesis_title: str = "", by=None):
    """For the thesis app: a draft announcing a fellow's defense.

    A fellow who has not agreed to be shown is not named, nor their thesis's title."""
    shown = fellow.pk in shown_fellow_ids([fellow])
    who = fellow.full_name if shown else "A fellow of the program"
    title = f"{fellow.full_name if shown else 'A fellow'} defends their Master's thesis"
    body = f"{who} will defend their Master's thesis on {day:%B %-d, %Y}."
    if thesis_title and shown:
        body += f"\n\n*{thesis_title}*"
    return news_suggest_draft(
        program=fellow.program,
        kind=Kind.DEFENSE,
        title=title,
        summary=body.split("\n")[0],
        body=body,
        source_key=f"defense:{fellow.pk}",
        fellows=[fellow],
        by=by,
    )


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _graduation_text(fellows, year: int, shown_ids: set[int]) -> tuple[str, str, str]:
    """Title, summary and body: everyone is counted, only those who agreed are named."""
    count, many = len(fellows), len(fellows) != 1
    named = [f.full_name for f in fellows if f.pk in shown_ids]
    s = "s" if many else ""
    if not named:
        number = f"{count} " if many else ""
        body = f"The program congratulates its {number}graduating fellow{s} of {year}."
    elif len(named) == count:
        body = f"The program congratulates its graduating fellow{s}: {_listed(named)}."
    else:
        body = (
            f"The program congratulates its {count} graduating fellows of {year}, "
            f"among them {_listed(named)}."
        )
    return (
        f"Congratulations to the graduating fellows of {year}",
        f"{count} fellow{s} complete{'' if many else 's'} the program in {year}.",
        body,
    )


def news_suggest_for_graduation(*, program, fellows, year: int, day: date | None = None, by=None):
    """A draft announcing the year's graduates; (post, created).

    Graduates are recorded one by one, so a later graduate joins the year's draft, and its
    text follows while nobody has edited it; an edited or published post keeps its words.
    """
    fellows = list(fellows)
    title, summary, body = _graduation_text(fellows, year, shown_fellow_ids(fellows))
    post, created = news_suggest_draft(
        program=program,
        kind=Kind.GRADUATION,
        title=title,
        summary=summary,
        body=body,
        source_key=f"graduation:{year}",
        day=day,
        fellows=fellows,
        by=by,
    )
    if created or post.state != State.DRAFT:
        return post, created
    before = list(post.fellows.order_by("last_name", "first_name"))
    everyone = sorted({*before, *fellows}, key=lambda f: (f.last_name, f.first_name))
    if everyone != before:
        post.fellows.set(everyone)
        shown = shown_fellow_ids(everyone)
        if (post.title, post.summary, post.body) == _graduation_text(before, year, shown):
            post.title, post.summary, post.body = _graduation_text(everyone, year, shown)
            post.date = max(day or post.date, post.date)
            post.save()
    return post, created


def news_suggest_graduations(*, program, by=None) -> list[NewsPost]:
    """A draft for every year in which fellows completed the program and none exists yet.

    The staff run it from the news page once they record fellows as completed; the
    progress app may call `news_suggest_for_graduation` directly instead."""
    from fellowship.programs.models import Fellow

    by_year: dict[int, list] = {}
    completed = Fellow.objects.filter(program=program, status=Fellow.Status.COMPLETED).order_by(
        "last_name", "first_name"
    )
    for fellow in completed:
        by_year.setdefault(fellow.appointment_end.year, []).append(fellow)
    created = []
    for year, fellows in sorted(by_year.items()):
        post, new = news_suggest_for_graduation(
            program=program,
            fellows=fellows,
            year=year,
            day=max(f.appointment_end for f in fellows),
            by=by,
        )
        if new:
            created.append(post)
    return created


@transaction.atomic
def public_profile_set(
    *,
    by,
    fellow=None,
    faculty=None,
    show_profile: bool,
    show_publications: bool = False,
    show_outcome: bool = False,
) -> PublicProfile:
    """Record what a person agrees to show on the public website."""
    person = fellow or faculty
    profile, _ = PublicProfile.objects.get_or_create(
        fellow=fellow,
        faculty=faculty,
        defaults={"show_profile": faculty is not None, "show_publications": faculty is not None},
    )
    profile.show_profile = show_profile
    profile.show_publications = show_publications
    profile.show_outcome = show_outcome
    profile.full_clean()
    profile.save()
    if fellow is not None and not show_profile:
        _readdress_posts_naming(fellow)
    shown = [
        label
        for label, on in (
            ("profile", show_profile),
            ("publications", show_publications),
            ("outcome", show_outcome),
        )
        if on
    ]
    activity_record(
        actor=by,
        verb="public_profile_set",
        target=profile,
        program=person.program,
        summary=f"{person}: public website shows {', '.join(shown) or 'nothing'}.",
    )
    return profile


def _readdress_posts_naming(fellow) -> None:
    """A fellow who withdraws leaves the posts' public addresses too: a post whose slug
    says her name gets a new one (the old address no longer answers)."""
    withholding = consent.Withholding([fellow.program_id])
    for post in NewsPost.objects.filter(program_id=fellow.program_id).only(
        "slug", "title", "date", "program_id"
    ):
        if withholding.names_in_slug(post.slug):
            post.slug = unique_slug(
                post.title, post.date, program_id=post.program_id, exclude_pk=post.pk
            )
            post.save(update_fields=["slug"])


def news_suggest_for_publication(*, publication, by=None) -> None:
    """A draft news post for a fellow's accepted or published paper (from their cohort on)."""
    fellows = [
        a.fellow
        for a in publication.authors.filter(fellow__isnull=False).select_related("fellow")
        if publication.year >= a.fellow.cohort_year
    ]
    if not fellows:
        return
    names = " and ".join(f.full_name for f in fellows)
    verb = {
        Publication.Status.ACCEPTED: "accepted for publication",
        Publication.Status.IN_PRESS: "in press",
        Publication.Status.PUBLISHED: "published",
    }[publication.status]
    journal = f" in {publication.journal}" if publication.journal else ""
    who = f"{names}, {'a fellow' if len(fellows) == 1 else 'fellows'} of the program"
    news_suggest_draft(
        program=publication.program,
        kind="publication",
        title=f"{names}: article {verb}",
        summary=f"An article by {names} is {verb}{journal}."[:300],
        body=f"“{publication.title}”, by {who}, is {verb}"
        + (f" in *{publication.journal}*" if journal else "")
        + f".\n\n{publication.citation}",
        source_key=f"publication:{publication.pk}",
        fellows=fellows,
        by=by,
    )
