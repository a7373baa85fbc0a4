"""Matching a publication's authors to the program's people. Pure Python.

An author as a journal prints them ("Fellow F", "Fellow, Fay M.", "Müller-Lopez, J") is
compared with every fellow and faculty member of the program:

- the family names must be the same once accents, case, hyphens and spaces are set aside;
- then the given names: the same given name (or the same first token of it) is a *sure*
  match; a known variant (Bob for Robert) or initials alone are an *uncertain* match;
- initials that disagree (a middle initial the person does not have, or a different one)
  rule the person out.

`match_author` returns LINK with the one person when exactly one person matches and the
match is sure; REVIEW with the candidates when the only match is uncertain or when two or
more people could be the author (nothing is linked silently); NONE when nobody matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LINK, REVIEW, NONE = "link", "review", "none"

# Given names and the short forms an author may publish under; small on purpose.
VARIANTS = [
    {"robert", "bob", "rob", "bobby"},
    {"william", "will", "bill", "billy", "liam"},
    {"elizabeth", "liz", "beth", "eliza", "betty", "libby"},
    {"katherine", "catherine", "kathryn", "kate", "katie", "kathy", "cathy"},
    {"margaret", "maggie", "meg", "peggy"},
    {"michael", "mike", "mikey"},
    {"james", "jim", "jimmy", "jamie"},
    {"richard", "rick", "rich", "dick"},
    {"thomas", "tom", "tommy"},
    {"joseph", "joe", "joey"},
    {"jennifer", "jen", "jenny"},
    {"christopher", "chris"},
    {"christina", "christine", "chris", "tina"},
    {"alexander", "alex", "sasha"},
    {"alexandra", "alex", "sasha"},
    {"daniel", "dan", "danny"},
    {"david", "dave"},
    {"benjamin", "ben"},
    {"samuel", "sam"},
    {"samantha", "sam"},
    {"nicholas", "nick"},
    {"anthony", "tony"},
    {"edward", "ed", "ted", "eddie"},
    {"susan", "sue", "suzy"},
    {"rebecca", "becky"},
    {"patricia", "pat", "patty", "trish"},
    {"patrick", "pat"},
    {"steven", "stephen", "steve"},
    {"andrew", "andy", "drew"},
    {"matthew", "matt"},
    {"jonathan", "jon", "john"},
    {"deborah", "debra", "deb", "debbie"},
]


@dataclass(frozen=True)
class Person:
    kind: str  # "fellow" or "faculty"
    pk: int
    first_name: str
    last_name: str
    middle_name: str = ""

    @property
    def label(self) -> str:
        name = " ".join(p for p in (self.first_name, self.middle_name, self.last_name) if p)
        return f"{name} ({'fellow' if self.kind == 'fellow' else 'faculty'})"


@dataclass
class Match:
    outcome: str
    person: Person | None = None
    candidates: list[Person] = field(default_factory=list)
    reason: str = ""


def fold(text: str) -> str:
    """Lower case, accents and punctuation away: "Müller-López" -> "muller lopez"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ß", "ss").replace("ø", "o").replace("ł", "l")
    return " ".join(re.split(r"[\s\-'’.,]+", text.casefold())).strip()


def family_key(last_name: str) -> str:
    return fold(last_name).replace(" ", "")


def given_tokens(name: str) -> list[str]:
    return [t for t in fold(name).split(" ") if t]


def _variants(name: str) -> set[str]:
    found = {name}
    for group in VARIANTS:
        if name in group:
            found |= group
    return found


def compare(author_last: str, author_fore: str, author_initials: str, person: Person):
    """(True, sure) when the author may be the person; (False, False) when not."""
    if family_key(author_last) != family_key(person.last_name):
        return False, False
    person_tokens = given_tokens(person.first_name) + given_tokens(person.middle_name)
    if not person_tokens:
        return False, False
    person_initials = "".join(t[0] for t in person_tokens)
    tokens = [t for t in given_tokens(author_fore) if len(t) > 1]
    initials = (author_initials or "").lower() or "".join(t[0] for t in given_tokens(author_fore))
    if not initials:
        return True, False  # a family name alone: at most a candidate
    # Initials must agree as far as both go (first always; middle when both have one).
    if initials[0] != person_initials[0]:
        return False, False
    if len(initials) > 1 and len(person_initials) > 1 and initials[1] != person_initials[1]:
        return False, False
    if len(initials) > 1 and len(person_initials) == 1:
        return True, False  # the author has a middle initial the record does not
    if tokens:
        first = tokens[0]
        own = given_tokens(person.first_name)[0]
        if first == own:
            return True, True
        if len(first) > 1 and own in _variants(first):
            return True, False
        if first[0] == own[0] and len(first) > 1:
            return False, False  # a different given name with the same initial
    return True, False  # initials only


def match_author(last_name: str, fore_name: str, initials: str, people: list[Person]) -> Match:
    found = []
    for person in people:
        possible, sure = compare(last_name, fore_name, initials, person)
        if possible:
            found.append((person, sure))
    if not found:
        return Match(NONE)
    if len(found) > 1:
        return Match(
            REVIEW,
            candidates=[p for p, _ in found],
            reason=f"{len(found)} people of the program could be this author",
        )
    person, sure = found[0]
    if sure:
        return Match(LINK, person=person, candidates=[person])
    return Match(
        REVIEW,
        candidates=[person],
        reason="only the initials or a short form of the given name match",
    )
