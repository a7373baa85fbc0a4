"""Reading a placement instance from JSON and writing the result. Pure Python.

Input:  {"fellows": [{"id": "F1", "choices": ["L2", "L1"]}, ...],
         "labs": [{"id": "L1", "capacity": 2, "ranking": ["F1"]}, ...]}
Output: {"assignments": {"F1": "L1", ...}, "stable": true, "optimal": "fellow", "stats": {...}}
"""

from __future__ import annotations

from typing import Any

from .engine import (
    FellowChoices,
    Instance,
    LabRanking,
    Placement,
    blocking_pairs,
    placement_stats,
)

FELLOW_FIELDS = frozenset({"id", "choices"})
LAB_FIELDS = frozenset({"id", "capacity", "ranking"})


class InstanceError(ValueError):
    """The instance is not valid; the message names the fellow or lab and the field."""


def _where(kind: str, index: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f'{kind}[{index}] (id "{item["id"]}")'
    return f"{kind}[{index}]"


def _id_list(value: Any, at: tuple, field: str, known: set[str], other: str) -> tuple[str, ...]:
    """A list of distinct known ids. The common, valid case is checked with set operations;
    only a bad list is walked item by item to name its first problem. `at` is (kind, index,
    item), made into words only for a message."""
    if type(value) is list:
        try:
            distinct = set(value)
            if len(distinct) == len(value) and distinct <= known:
                return tuple(value)
        except TypeError:  # an unhashable item: found below
            pass
    where = _where(*at)
    if not isinstance(value, list):
        raise InstanceError(f"{where}: {field} must be a list of {other} ids")
    seen: set[str] = set()
    for position, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise InstanceError(f"{where}: {field}[{position}] must be a non-empty string")
        if item in seen:
            raise InstanceError(f'{where}: {field} names {other} "{item}" twice')
        if item not in known:
            raise InstanceError(f'{where}: {field} names unknown {other} "{item}"')
        seen.add(item)
    raise AssertionError("unreachable: the list was found bad but no item was")


def _ids(items: list, kind: str) -> set[str]:
    ids: set[str] = set()
    for index, item in enumerate(items):
        if type(item) is not dict:
            raise InstanceError(f"{_where(kind, index, item)}: must be an object")
        value = item.get("id")
        if type(value) is not str or not value:
            raise InstanceError(f"{_where(kind, index, item)}: id must be a non-empty string")
        if value in ids:
            where = _where(kind, index, item)
            raise InstanceError(f'{where}: id "{value}" is used by another {kind[:-1]}')
        ids.add(value)
    return ids


def parse_instance(data: Any) -> Instance:
    """Check a decoded JSON document and build the Instance, or raise InstanceError."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object with 'fellows' and 'labs'")
    for key in ("fellows", "labs"):
        if not isinstance(data.get(key), list):
            raise InstanceError(f"'{key}' must be a list")
    unknown = set(data) - {"fellows", "labs"}
    if unknown:
        raise InstanceError(f"unknown top-level field(s): {', '.join(sorted(unknown))}")
    fellow_ids = _ids(data["fellows"], "fellows")
    lab_ids = _ids(data["labs"], "labs")

    fellows = []
    for index, item in enumerate(data["fellows"]):
        if not item.keys() <= FELLOW_FIELDS:
            extra = ", ".join(sorted(item.keys() - FELLOW_FIELDS))
            raise InstanceError(f"{_where('fellows', index, item)}: unknown field(s): {extra}")
        if "choices" not in item:
            raise InstanceError(f"{_where('fellows', index, item)}: choices is missing")
        choices = _id_list(item["choices"], ("fellows", index, item), "choices", lab_ids, "lab")
        fellows.append(FellowChoices(item["id"], choices))

    labs = []
    for index, item in enumerate(data["labs"]):
        where = _where("labs", index, item)
        if not item.keys() <= LAB_FIELDS:
            extra = ", ".join(sorted(item.keys() - LAB_FIELDS))
            raise InstanceError(f"{where}: unknown field(s): {extra}")
        capacity = item.get("capacity")
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
            raise InstanceError(f"{where}: capacity must be an integer >= 0, not {capacity!r}")
        if "ranking" not in item:
            raise InstanceError(f"{where}: ranking is missing")
        ranking = _id_list(item["ranking"], ("labs", index, item), "ranking", fellow_ids, "fellow")
        labs.append(LabRanking(item["id"], capacity, ranking))
    return Instance(fellows=tuple(fellows), labs=tuple(labs))


def result_document(instance: Instance, placement: Placement) -> dict:
    """The output document: every fellow once (null when unplaced), stability, stats."""
    pairs = blocking_pairs(instance, placement.assignments)
    return {
        "assignments": {f.id: placement.assignments[f.id] for f in instance.fellows},
        "stable": not pairs,
        "optimal": str(placement.optimal),
        "stats": placement_stats(instance, placement.assignments),
    }
