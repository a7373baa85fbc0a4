"""The placement engine: exact results on hand-made cases and properties on random ones."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from fellowship.placement.engine import (
    FellowChoices,
    Instance,
    LabRanking,
    Optimal,
    WhyNot,
    blocking_pairs,
    explain,
    placement_stats,
    solve,
)


def make(fellows: dict[str, list[str]], labs: dict[str, tuple[int, list[str]]]) -> Instance:
    return Instance(
        fellows=tuple(FellowChoices(f, tuple(c)) for f, c in fellows.items()),
        labs=tuple(LabRanking(lab, cap, tuple(r)) for lab, (cap, r) in labs.items()),
    )


# Hand-made cases --------------------------------------------------------------------------


def test_the_issue_example():
    instance = make({"F1": ["L2", "L1"]}, {"L1": (2, ["F1"]), "L2": (0, [])})
    placement = solve(instance)
    assert placement.assignments == {"F1": "L1"}
    why = explain(instance, placement.assignments)["F1"]
    assert why.choice_rank == 2 and why.why_not == [("L2", WhyNot.NO_PLACES)]


def test_fellow_and_lab_optimal_differ_on_the_classic_case():
    # Two fellows, two labs of one place, opposed preferences: both placements are stable.
    instance = make(
        {"A": ["X", "Y"], "B": ["Y", "X"]},
        {"X": (1, ["B", "A"]), "Y": (1, ["A", "B"])},
    )
    assert solve(instance, "fellow").assignments == {"A": "X", "B": "Y"}
    assert solve(instance, "lab").assignments == {"A": "Y", "B": "X"}
    for optimal in Optimal:
        assert blocking_pairs(instance, solve(instance, optimal).assignments) == []


def test_capacity_and_ranking_decide_who_gets_in():
    instance = make(
        {"A": ["X"], "B": ["X"], "C": ["X", "Y"], "D": ["Y"]},
        {"X": (2, ["C", "A", "B"]), "Y": (1, ["D", "C"])},
    )
    result = solve(instance).assignments
    assert result == {"A": "X", "B": None, "C": "X", "D": "Y"}
    why = explain(instance, result)
    assert why["B"].lab is None and why["B"].why_not == [("X", WhyNot.RANKED_BELOW)]
    assert why["C"].choice_rank == 1


def test_a_pair_is_acceptable_only_when_both_listed_each_other():
    instance = make({"A": ["X", "Y"]}, {"X": (3, []), "Y": (3, ["A"])})
    for optimal in Optimal:
        assert solve(instance, optimal).assignments == {"A": "Y"}
    assert explain(instance, {"A": "Y"})["A"].why_not == [("X", WhyNot.NOT_RANKED)]
    # The lab ranked the fellow, but the fellow did not list it.
    instance = make({"A": []}, {"X": (1, ["A"])})
    assert solve(instance, "lab").assignments == {"A": None}


def test_an_override_shows_blocking_pairs_and_explains_them():
    instance = make(
        {"A": ["X", "Y"], "B": ["X", "Y"]},
        {"X": (1, ["A", "B"]), "Y": (1, ["A", "B"])},
    )
    stable = solve(instance).assignments
    assert stable == {"A": "X", "B": "Y"}
    overridden = {"A": "Y", "B": "X"}
    assert blocking_pairs(instance, overridden) == [("A", "X")]
    assert explain(instance, overridden)["A"].why_not == [("X", WhyNot.BLOCKING)]


def test_stats_count_choice_ranks_and_unfilled_places():
    instance = make(
        {"A": ["X"], "B": ["X", "Y"], "C": ["Z"]},
        {"X": (1, ["A", "B"]), "Y": (2, ["B"]), "Z": (1, [])},
    )
    stats = placement_stats(instance, solve(instance).assignments)
    assert stats["placed_by_choice_rank"] == {"1": 1, "2": 1}
    assert stats["unplaced"] == 1
    assert stats["places"] == 4 and stats["unfilled_places"] == 2
    assert stats["labs_with_unfilled_places"] == 2


# Properties -------------------------------------------------------------------------------


@st.composite
def instances(draw, max_fellows=8, max_labs=5):
    n_fellows = draw(st.integers(0, max_fellows))
    n_labs = draw(st.integers(1, max_labs))
    fellows = [f"F{i}" for i in range(n_fellows)]
    labs = [f"L{j}" for j in range(n_labs)]
    choices = {
        f: draw(
            st.permutations(labs).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
        )
        for f in fellows
    }
    # A lab ranks some of the fellows who listed it (and, sometimes, fellows who did not).
    rankings = {}
    for lab in labs:
        pool = fellows
        ranked = draw(
            st.permutations(pool).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
        )
        rankings[lab] = (draw(st.integers(0, 3)), ranked)
    return make(choices, rankings)


def prefers(choices: tuple[str, ...], a: str | None, b: str | None) -> bool:
    """The fellow truly prefers a to b: listed labs in order, then unplaced (None), then
    any lab they did not list (unacceptable to them)."""
    unplaced = len(choices)

    def rank(lab):
        if lab is None:
            return unplaced
        return choices.index(lab) if lab in choices else unplaced + 1

    return rank(a) < rank(b)


def acceptable(instance: Instance, assignments) -> bool:
    ranks = {lab.id: set(lab.ranking) for lab in instance.labs}
    listed = {f.id: set(f.choices) for f in instance.fellows}
    capacity = {lab.id: lab.capacity for lab in instance.labs}
    load: dict[str, int] = {}
    for fellow, lab in assignments.items():
        if lab is None:
            continue
        if lab not in listed[fellow] or fellow not in ranks[lab]:
            return False
        load[lab] = load.get(lab, 0) + 1
    return all(load[lab] <= capacity[lab] for lab in load)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_both_placements_are_stable_and_acceptable(instance):
    for optimal in Optimal:
        assignments = solve(instance, optimal).assignments
        assert set(assignments) == {f.id for f in instance.fellows}
        assert acceptable(instance, assignments)
        assert blocking_pairs(instance, assignments) == []


@settings(max_examples=300, deadline=None)
@given(instances())
def test_every_fellow_weakly_prefers_fellow_optimal_and_the_same_fellows_are_placed(instance):
    by_fellow = solve(instance, "fellow").assignments
    by_lab = solve(instance, "lab").assignments
    for fellow in instance.fellows:
        assert not prefers(fellow.choices, by_lab[fellow.id], by_fellow[fellow.id])
    placed = lambda a: {f for f, lab in a.items() if lab is not None}  # noqa: E731
    assert placed(by_fellow) == placed(by_lab)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_explanations_of_a_stable_placement_never_say_blocking(instance):
    assignments = solve(instance).assignments
    for fellow in instance.fellows:
        why = explain(instance, assignments)[fellow.id]
        assert all(reason is not WhyNot.BLOCKING for _, reason in why.why_not)
        if why.lab is not None:
            assert fellow.choices[why.choice_rank - 1] == why.lab
            assert len(why.why_not) == why.choice_rank - 1
        else:
            assert len(why.why_not) == len(fellow.choices)


def all_reports(labs):
    """Every list a fellow could submit: each ordered subset of the labs."""
    for k in range(len(labs) + 1):
        yield from itertools.permutations(labs, k)


@settings(max_examples=60, deadline=None)
@given(instances(max_fellows=4, max_labs=3))
def test_no_fellow_gains_by_misreporting(instance):
    """Exhaustively: no other list gets a fellow a lab they truly prefer (fellow-optimal)."""
    truthful = solve(instance).assignments
    labs = [lab.id for lab in instance.labs]
    for index, fellow in enumerate(instance.fellows):
        for report in all_reports(labs):
            fellows = list(instance.fellows)
            fellows[index] = FellowChoices(fellow.id, report)
            lied = solve(Instance(tuple(fellows), instance.labs)).assignments
            assert not prefers(fellow.choices, lied[fellow.id], truthful[fellow.id])
