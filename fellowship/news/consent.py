"""Consent on the public site: the one rule, asked when a page, feed or file is served.

A fellow is named in public only with `PublicProfile.show_profile`. Nothing public keeps
a rendered copy of a name: every public page, the feed and the public thesis files ask
here each time they are served, so withdrawing consent takes effect at once. Where a
fellow who has not agreed would be named (an author of a paper, a name in a post's text)
the public text says "a fellow of the program" instead.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify

from fellowship.programs.models import Fellow

WITHHELD = "a fellow of the program"


def shown() -> Q:
    """On Fellow: the fellows who agreed to be named on the public site."""
    return Q(public_profile__show_profile=True)


def shown_fellows():
    return Fellow.objects.filter(shown())


def hidden_fellows(program_ids):
    """The fellows of these programs who have not agreed (or withdrew): never named."""
    return (
        Fellow.objects.filter(program_id__in=program_ids)
        .exclude(shown())
        .only("first_name", "middle_name", "last_name", "program_id")
    )


def shown_fellow_ids(fellows) -> set[int]:
    """The ids, among `fellows`, of those who agreed to show their name (one query)."""
    ids = [f.pk for f in fellows]
    if not ids:
        return set()
    return set(shown_fellows().filter(pk__in=ids).values_list("pk", flat=True))


def is_shown(fellow) -> bool:
    return fellow.pk in shown_fellow_ids([fellow])


def name_forms(fellow) -> set[str]:
    """How a fellow's name is written: in full, first and last, and as cited ("Cho BJ",
    "Cho B")."""
    initials = "".join(p[0] for p in (fellow.first_name, fellow.middle_name) if p)
    return {
        fellow.full_name,
        f"{fellow.first_name} {fellow.last_name}",
        f"{fellow.last_name} {initials}",
        f"{fellow.last_name} {fellow.first_name[:1]}",
    }


@dataclass(frozen=True)
class PublicAuthor:
    """An author as a public citation prints them (the name may be withheld)."""

    citation_name: str
    match: str


class Withholding:
    """The names a public page must not print: built once a page (one query)."""

    def __init__(self, program_ids):
        hidden = list(hidden_fellows(program_ids))
        self.fellow_ids = {f.pk for f in hidden}
        # Longest first: a full name is replaced whole before a shorter form matches part of it.
        forms = sorted({n for f in hidden for n in name_forms(f) if n.strip()}, key=len)
        alternatives = "|".join(re.escape(n) for n in reversed(forms))
        self.pattern = re.compile(rf"\b(?:{alternatives})\b") if forms else None
        self.slugs = {slugify(n) for n in forms}

    def text(self, text: str) -> str:
        """The text with every hidden fellow's name replaced."""
        if not self.pattern or not text:
            return text
        text = self.pattern.sub(WITHHELD, text)
        return text[:1].upper() + text[1:] if text.startswith(WITHHELD) else text

    def names_in_slug(self, slug: str) -> bool:
        """A post's public address says a hidden fellow's name ("fay-fellow-wins-...")."""
        return any(f"-{name}-" in f"-{slug}-" for name in self.slugs)

    def author(self, authorship) -> PublicAuthor:
        """A linked hidden fellow, or an unlinked author written as one, is withheld."""
        written = (authorship.citation_name, f"{authorship.fore_name} {authorship.last_name}")
        if authorship.fellow_id in self.fellow_ids or (
            authorship.faculty_id is None and any(self._is_hidden_name(w) for w in written)
        ):
            return PublicAuthor(WITHHELD, "")
        return PublicAuthor(authorship.citation_name, authorship.match)

    def _is_hidden_name(self, name: str) -> bool:
        return bool(self.pattern and self.pattern.fullmatch(name.strip()))

    def post(self, post):
        """The post as the public sees it: the texts withheld in this copy (never saved)."""
        post.title, post.summary, post.body = (
            self.text(t) for t in (post.title, post.summary, post.body)
        )
        post.__dict__.pop("body_html", None)
        return post

    def publication(self, publication):
        """The publication with `public_authors` for the public citation."""
        publication.public_authors = [self.author(a) for a in publication.authors.all()]
        return publication
