"""Interest fit: which laboratories match what a fellow says they want to work on. Pure Python.

A fellow's research interests and topics are compared with each laboratory's name,
description and topics. Words are lower-cased, stopwords dropped and lightly stemmed
("imaging", "images" and "image" all become "imag"); each lab is a TF-IDF vector over the
labs of the round, so a word every lab uses ("clinical", "data") counts for little and a
rare one ("ophthalmic") for much. The score mixes the cosine of the two vectors with the
share of the fellow's topics that the lab works on, topics weighted high because they come
from the program's controlled vocabulary. The matching terms are returned, in the fellow's
own spelling, so a page can say *why* a lab is recommended.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TOPIC_WEIGHT = 0.4  # share of the score that comes from shared topics
TOPIC_TERM_BOOST = 2.0  # a word of a topic name counts this many times in a text

_STOPWORDS_TEXT = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves
use used using work works working want wants interest interests interested
research study studies studying lab labs laboratory laboratories group fellow fellows
project projects current new one two well like way ways make help across within
including include includes especially particularly
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

_WORD = re.compile(r"[a-z][a-z0-9]*(?:['’][a-z]+)?")
_VOWEL = re.compile(r"[aeiouy]")


def stem(word: str) -> str:
    """A light, Porter-like stem: plurals, -ing, -ed, -ion and a final -e come off."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and _VOWEL.search(w[: -len(suffix)]):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # mapping -> mapp -> map
            elif len(w) > 3 and w[-1] == w[-2] == "l":
                w = w[:-1]  # modelling -> modell -> model
            break
    if w.endswith(("tion", "sion")) and len(w) > 6:
        w = w[:-3]  # prediction -> predict, regression -> regress
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """The words of a text in order, lower-cased, as they are written."""
    return _WORD.findall((text or "").lower())


def terms(text: str) -> list[str]:
    """The stems of a text's words that carry meaning (no stopwords, no numbers)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 2]


@dataclass(frozen=True)
class Document:
    """A fellow's interests or a lab's profile: free text plus topic names."""

    id: str
    text: str = ""
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    id: str  # the lab's id
    score: float  # 0 (nothing in common) to 1
    terms: tuple[str, ...]  # matching words, in the fellow's spelling, strongest first
    topics: tuple[str, ...]  # topics the fellow and the lab share

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _bag(doc: Document) -> Counter:
    bag = Counter(terms(doc.text))
    for topic in doc.topics:
        for term in terms(topic):
            bag[term] += TOPIC_TERM_BOOST
    return bag


def _surface_forms(doc: Document) -> dict[str, str]:
    """stem -> the most frequent way the document spells it."""
    spelled: dict[str, Counter] = {}
    for word in words(doc.text + " " + " ".join(doc.topics)):
        if word in STOPWORDS or len(word) <= 2:
            continue
        spelled.setdefault(stem(word), Counter())[word] += 1
    return {s: forms.most_common(1)[0][0] for s, forms in spelled.items()}


class Index:
    """The labs of a round, ready to be matched against fellows' interests."""

    def __init__(self, labs: Sequence[Document]):
        self.labs = list(labs)
        bags = {lab.id: _bag(lab) for lab in self.labs}
        df = Counter(term for bag in bags.values() for term in bag)
        n = len(self.labs)
        self.idf = {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}
        self.vectors = {lab_id: self._weigh(bag) for lab_id, bag in bags.items()}
        self.topics = {lab.id: {t.casefold() for t in lab.topics} for lab in self.labs}

    def _weigh(self, bag: Counter) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in bag.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items() if v > 0}

    def match(self, interest: Document, limit: int | None = None) -> list[Match]:
        """Every lab, best fit first (ties by the order the labs were given)."""
        query = self._weigh(_bag(interest))
        spelled = _surface_forms(interest)
        wanted = {t.casefold(): t for t in interest.topics}
        matches = []
        for lab in self.labs:
            vector = self.vectors[lab.id]
            shared = {t: w * vector[t] for t, w in query.items() if t in vector}
            cosine = sum(shared.values())
            topics = tuple(wanted[t] for t in wanted if t in self.topics[lab.id])
            topic_share = len(topics) / len(wanted) if wanted else 0.0
            if wanted:
                score = (1 - TOPIC_WEIGHT) * cosine + TOPIC_WEIGHT * topic_share
            else:
                score = cosine
            strongest = sorted(shared, key=lambda t: (-shared[t], t))
            matches.append(
                Match(
                    id=lab.id,
                    score=round(min(score, 1.0), 4),
                    terms=tuple(spelled.get(t, t) for t in strongest[:8]),
                    topics=topics,
                )
            )
        order = {lab.id: i for i, lab in enumerate(self.labs)}
        matches.sort(key=lambda m: (-m.score, order[m.id]))
        return matches[:limit] if limit is not None else matches

    def score(self, interest: Document, lab_id: str) -> float:
        return next(m.score for m in self.match(interest) if m.id == lab_id)


def recommend(
    interest: Document, labs: Sequence[Document], limit: int | None = None
) -> list[Match]:
    """The labs that best fit a fellow's interests, best first."""
    return Index(labs).match(interest, limit=limit)


def rank_by_fit(lab_id: str, applicants: Iterable[Document], labs: Sequence[Document]) -> list:
    """A lab's applicants, best interest fit first: [(fellow id, score), ...].

    Scores are computed against every lab of the round (so the weights are the round's);
    ties keep the order the applicants were given in.
    """
    index = Index(labs)
    scored = [(doc.id, index.score(doc, lab_id)) for doc in applicants]
    return sorted(scored, key=lambda pair: -pair[1])


def highlight(text: str, stems: Iterable[str]) -> list[tuple[str, bool]]:
    """Split a text into (piece, matches) so a page can mark the words with these stems."""
    wanted = set(stems)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for found in re.finditer(r"[A-Za-z][A-Za-z0-9]*(?:['’][A-Za-z]+)?", text or ""):
        word = found.group(0)
        low = word.lower()
        if low in STOPWORDS or len(low) <= 2 or stem(low) not in wanted:
            continue
        if found.start() > position:
            pieces.append((text[position : found.start()], False))
        pieces.append((word, True))
        position = found.end()
    if position < len(text or ""):
        pieces.append((text[position:], False))
    return pieces
