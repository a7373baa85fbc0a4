"""Compare two versions of a research plan, sentence by sentence (difflib). Pure Python."""

import difflib
import re
from dataclasses import dataclass

SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed", "gap"
    text: str


def pieces(text: str) -> list[str]:
    """Sentences (and lines). A piece of one or two words ("Aim 1.", "Months 4-8:") is a
    label, not a sentence: it stays with what follows it."""
    found, label = [], ""
    for piece in (p.strip() for p in SENTENCE.split(text or "")):
        if not piece:
            continue
        piece = f"{label} {piece}" if label else piece
        label = ""
        if len(piece.split()) < 3:
            label = piece
        else:
            found.append(piece)
    return found + ([label] if label else [])


def compare(before: str, after: str, context: int = 1) -> list[Line]:
    """The changes from `before` to `after`, with `context` unchanged sentences around them."""
    old, new = pieces(before), pieces(after)
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(Line("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(Line("same", t) for t in old[i1:i2])
            else:
                lines.extend(Line("removed", t) for t in old[i1:i2])
                lines.extend(Line("added", t) for t in new[j1:j2])
    return lines


def compare_sections(before, after, sections) -> list[tuple[str, list[Line]]]:
    """For each (field, label): the label and its changes (empty when unchanged)."""
    return [
        (label, compare(getattr(before, name, "") if before else "", getattr(after, name, "")))
        for name, label in sections
    ]
