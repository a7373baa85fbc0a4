"""Placement engine: deferred acceptance with laboratory capacities. Pure Python.

A fellow lists laboratories (most wanted first); a laboratory ranks fellows (best first) and
has a number of places. A pair is acceptable only when the fellow listed the lab and the lab
ranked the fellow. Fellow-proposing deferred acceptance gives the fellow-optimal stable
placement (and no fellow can gain by misreporting); lab-proposing gives the lab-optimal one.
Both place exactly the same fellows (the rural hospitals theorem).

Everything here takes and returns plain dataclasses and dicts keyed by id strings, so it
serves a program's placement round and a consortium-wide match from a file alike.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


# Fellows and labs are created by the ten thousand: plain slotted dataclasses build fastest.
@dataclass(slots=True)
class FellowChoices:
    id: str
    choices: tuple[str, ...]  # lab ids, most wanted first


@dataclass(slots=True)
class LabRanking:
    id: str
    capacity: int
    ranking: tuple[str, ...]  # fellow ids, best first


@dataclass(frozen=True)
class Instance:
    fellows: tuple[FellowChoices, ...]
    labs: tuple[LabRanking, ...]

    # Lookup tables, built once per instance and shared by solving, checking, explaining.
    @cached_property
    def lab_rank(self) -> dict[str, dict[str, int]]:
        """lab id -> {fellow id: position in the lab's ranking (0 best)}."""
        return {
            lab.id: dict(zip(lab.ranking, range(len(lab.ranking)), strict=True))
            for lab in self.labs
        }

    @cached_property
    def capacity(self) -> dict[str, int]:
        return {lab.id: lab.capacity for lab in self.labs}


class Optimal(StrEnum):
    FELLOW = "fellow"
    LAB = "lab"


@dataclass
class Placement:
    assignments: dict[str, str | None]  # every fellow id -> lab id, or None when unplaced
    optimal: Optimal


def solve(instance: Instance, optimal: Optimal | str = Optimal.FELLOW) -> Placement:
    """The fellow-optimal (default) or lab-optimal stable placement."""
    optimal = Optimal(optimal)
    if optimal is Optimal.FELLOW:
        assignments = _fellows_propose(instance)
    else:
        assignments = _labs_propose(instance)
    return Placement(assignments=assignments, optimal=optimal)


def _fellows_propose(instance: Instance) -> dict[str, str | None]:
    rank_at = instance.lab_rank
    capacity = instance.capacity
    choices = {f.id: f.choices for f in instance.fellows}
    # Each lab holds a max-heap (by rank, negated) of the fellows it has tentatively accepted.
    held: dict[str, list[tuple[int, str]]] = {lab.id: [] for lab in instance.labs}
    next_choice = dict.fromkeys(choices, 0)
    free = [f.id for f in reversed(instance.fellows)]
    heappush, heapreplace = heapq.heappush, heapq.heapreplace
    while free:
        fellow = free.pop()
        listed = choices[fellow]
        i = next_choice[fellow]
        while i < len(listed):
            lab = listed[i]
            i += 1
            rank = rank_at[lab].get(fellow)
            if rank is None:
                continue  # the lab did not rank this fellow: not acceptable
            heap = held[lab]
            if len(heap) < capacity[lab]:
                heappush(heap, (-rank, fellow))
                break
            if heap and -heap[0][0] > rank:
                _, bumped = heapreplace(heap, (-rank, fellow))
                free.append(bumped)
                break
        next_choice[fellow] = i
    assignments: dict[str, str | None] = dict.fromkeys(choices)
    for lab, heap in held.items():
        for _, fellow in heap:
            assignments[fellow] = lab
    return assignments


def _labs_propose(instance: Instance) -> dict[str, str | None]:
    # The fellow's rank of each lab they listed: a lab they did not list is not acceptable.
    rank_of = {
        f.id: dict(zip(f.choices, range(len(f.choices)), strict=True)) for f in instance.fellows
    }
    ranking = {lab.id: lab.ranking for lab in instance.labs}
    open_places = {lab.id: lab.capacity for lab in instance.labs}
    next_fellow = dict.fromkeys(ranking, 0)
    holds: dict[str, str | None] = dict.fromkeys(rank_of)  # fellow -> lab held
    proposing = [lab.id for lab in reversed(instance.labs) if lab.capacity > 0]
    while proposing:
        lab = proposing.pop()
        ranked = ranking[lab]
        i = next_fellow[lab]
        while open_places[lab] > 0 and i < len(ranked):
            fellow = ranked[i]
            i += 1
            rank = rank_of[fellow].get(lab)
            if rank is None:
                continue  # the fellow did not list this lab
            current = holds[fellow]
            if current is None:
                holds[fellow] = lab
                open_places[lab] -= 1
            elif rank < rank_of[fellow][current]:
                holds[fellow] = lab
                open_places[lab] -= 1
                open_places[current] += 1
                proposing.append(current)
        next_fellow[lab] = i
    return holds


# Checking and explaining a placement ----------------------------------------------------


def blocking_pairs(instance: Instance, assignments: dict[str, str | None]) -> list[tuple[str, str]]:
    """Pairs (fellow, lab) that would both rather be together than with what they have.

    Empty for a stable placement. A lab blocks with a fellow it ranked when it has a free
    place or holds someone it ranked lower; the fellow must prefer the lab to their own.
    """
    rank_at = instance.lab_rank
    capacity = instance.capacity
    taken: dict[str, list[str]] = {lab.id: [] for lab in instance.labs}
    for fellow, lab in assignments.items():
        if lab is not None:
            taken[lab].append(fellow)
    # The rank of the worst fellow a full lab holds (a lab with room takes anyone it ranked).
    worst = {
        lab: max((rank_at[lab].get(f, len(rank_at[lab])) for f in fellows), default=-1)
        for lab, fellows in taken.items()
    }
    pairs = []
    for fellow in instance.fellows:
        mine = assignments.get(fellow.id)
        for lab in fellow.choices:
            if lab == mine:
                break
            rank = rank_at[lab].get(fellow.id)
            if rank is None:
                continue
            if len(taken[lab]) < capacity[lab] or rank < worst[lab]:
                pairs.append((fellow.id, lab))
    return pairs


class WhyNot(StrEnum):
    NOT_RANKED = "not_ranked"  # the lab did not rank the fellow
    NO_PLACES = "no_places"  # the lab has no places this round
    RANKED_BELOW = "ranked_below"  # the lab ranked the fellow below everyone it took
    BLOCKING = "blocking"  # the lab would take the fellow: the placement is not stable


WHY_NOT_TEXT = {
    WhyNot.NOT_RANKED: "the lab did not rank you",
    WhyNot.NO_PLACES: "the lab has no places this round",
    WhyNot.RANKED_BELOW: "the lab ranked you below everyone it took",
    WhyNot.BLOCKING: "the lab would have taken you: this placement was changed by hand",
}


@dataclass
class Explanation:
    fellow: str
    lab: str | None
    choice_rank: int | None  # 1 for the first choice; None when unplaced or not listed
    why_not: list[tuple[str, WhyNot]] = field(default_factory=list)  # preferred labs


def explain(instance: Instance, assignments: dict[str, str | None]) -> dict[str, Explanation]:
    """For each fellow: the rank of the lab they got, and why not each lab they preferred."""
    rank_at = instance.lab_rank
    capacity = instance.capacity
    taken: dict[str, list[int]] = {lab.id: [] for lab in instance.labs}
    for fellow, lab in assignments.items():
        if lab is not None:
            taken[lab].append(rank_at[lab].get(fellow, len(rank_at[lab])))
    worst = {lab: max(ranks, default=-1) for lab, ranks in taken.items()}
    explanations = {}
    for fellow in instance.fellows:
        mine = assignments.get(fellow.id)
        result = Explanation(fellow=fellow.id, lab=mine, choice_rank=None)
        for position, lab in enumerate(fellow.choices, start=1):
            if lab == mine:
                result.choice_rank = position
                break
            rank = rank_at[lab].get(fellow.id)
            if capacity[lab] == 0:
                reason = WhyNot.NO_PLACES
            elif rank is None:
                reason = WhyNot.NOT_RANKED
            elif len(taken[lab]) >= capacity[lab] and rank > worst[lab]:
                reason = WhyNot.RANKED_BELOW
            else:
                reason = WhyNot.BLOCKING
            result.why_not.append((lab, reason))
        explanations[fellow.id] = result
    return explanations


def placement_stats(instance: Instance, assignments: dict[str, str | None]) -> dict:
    """Fellows placed by choice rank, unplaced fellows, and places filled and unfilled."""
    # A lab placed by hand that the fellow did not list counts as placed, at no choice rank.
    by_rank = Counter(
        f.choices.index(assignments[f.id]) + 1
        for f in instance.fellows
        if assignments.get(f.id) in f.choices
    )
    filled = Counter(lab for lab in assignments.values() if lab is not None)
    places = sum(lab.capacity for lab in instance.labs)
    placed = sum(filled.values())
    return {
        "fellows": len(instance.fellows),
        "placed": placed,
        "unplaced": len(instance.fellows) - placed,
        "placed_by_choice_rank": {str(rank): by_rank[rank] for rank in sorted(by_rank)},
        "places": places,
        "unfilled_places": places - placed,
        "labs_with_unfilled_places": sum(
            1 for lab in instance.labs if filled[lab.id] < lab.capacity
        ),
    }
