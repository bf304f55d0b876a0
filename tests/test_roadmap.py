"""Priorities, held-back flags and phases, on hand-worked cases and random answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.graph import Digraph, build_graph
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.roadmap import held_back, phases, priorities
from gapcheck.scoring import Assessment, score


@pytest.fixture(scope="module")
def graph(catalogue: Catalogue) -> Digraph:
    return build_graph(catalogue)


def assess(catalogue: Catalogue, levels: dict[str, list[Any]], **extra: Any) -> Assessment:
    """Every element of each listed practice answered with the levels given, in turn."""
    practices = {}
    for pid, values in levels.items():
        ids = catalogue.by_id[pid].element_ids
        practices[pid] = {"elements": {e: values[i % len(values)] for i, e in enumerate(ids)}}
    for pid, target in extra.get("targets", {}).items():
        practices.setdefault(pid, {})["target"] = target
    q = Questionnaire.model_validate({"state": "Republic of Arcadia", "practices": practices})
    return score(q, catalogue)


def test_priority_formula_by_hand(catalogue: Catalogue, graph: Digraph) -> None:
    # GP17 builds into GP18 and GP20; GP20 into GP21, GP22 and GP24 (GP24 nowhere further):
    #   5 descendants. Level 2 against target 3 -> gap 1 -> priority 1 x (1 + 5) / 4 = 1.5
    # GP20 builds into GP21, GP22 and GP24: 3 descendants.
    #   Level 1 against its own target 2.5 -> gap 1.5 -> priority 1.5 x (1 + 3) / 4 = 1.5
    # GP24 has no descendants. Level 0 -> gap 3 -> priority 3 x 1 / 4 = 0.75
    a = assess(catalogue, {"GP17": [2], "GP20": [1], "GP24": [0]}, targets={"GP20": 2.5})
    ranked = {p.id: p for p in priorities(a, graph)}
    assert set(ranked) == {"GP17", "GP20", "GP24"}
    assert (ranked["GP17"].dependants, ranked["GP17"].gap, ranked["GP17"].priority) == (5, 1, 1.5)
    assert (ranked["GP20"].dependants, ranked["GP20"].gap, ranked["GP20"].priority) == (
        3,
        1.5,
        1.5,
    )
    assert (ranked["GP24"].dependants, ranked["GP24"].gap, ranked["GP24"].priority) == (0, 3, 0.75)
    # equal priorities are ordered by id; a bigger gap with nothing built on it comes last
    assert [p.id for p in priorities(a, graph)] == ["GP17", "GP20", "GP24"]
    # GP24 builds on GP20, and GP20 on GP17: three phases in order
    assert (ranked["GP17"].phase, ranked["GP20"].phase, ranked["GP24"].phase) == (1, 2, 3)


def test_a_foundation_gap_outranks_a_bigger_isolated_one(
    catalogue: Catalogue, graph: Digraph
) -> None:
    # GP01: 22 practices build on it. Level 2.5 -> gap 0.5 -> 0.5 x 23 / 4 = 2.875
    # GP25: nothing builds on it. Level 0 -> gap 3 -> 3 x 1 / 4 = 0.75
    a = assess(catalogue, {"GP01": [2, 3], "GP25": [0]})
    ranked = priorities(a, graph)
    assert [p.id for p in ranked] == ["GP01", "GP25"]
    assert ranked[0].dependants == 22
    assert ranked[0].priority == 2.875
    assert ranked[1].priority == 0.75


def test_no_gap_no_priority(catalogue: Catalogue, graph: Digraph) -> None:
    a = assess(catalogue, {"GP01": [3], "GP02": [4]}, targets={"GP02": 4})
    assert priorities(a, graph) == []
    assert phases([]) == []


def test_held_back_below_level_two(catalogue: Catalogue, graph: Digraph) -> None:
    # GP08 builds directly on GP03 and GP07.
    below = assess(catalogue, {"GP07": [1, 2], "GP03": [3], "GP08": [2]})  # GP07 at 1.5
    assert held_back(below, graph)["GP08"] == ("GP07",)
    ranked = {p.id: p for p in priorities(below, graph)}
    assert ranked["GP08"].held_back_by == ("GP07",)
    at_two = assess(catalogue, {"GP07": [2], "GP03": [3], "GP08": [2]})  # exactly 2: not held
    assert "GP08" not in held_back(at_two, graph)
    both = assess(catalogue, {"GP07": [0], "GP03": [1], "GP08": [4]})
    assert held_back(both, graph)["GP08"] == ("GP03", "GP07")  # flagged even without a gap


def test_unknown_or_na_prerequisites_do_not_hold_back(catalogue: Catalogue, graph: Digraph) -> None:
    na = {"level": "n/a", "reason": "not relevant"}
    a = assess(catalogue, {"GP03": [na], "GP08": [1]})  # GP07 not assessed, GP03 n/a
    assert "GP08" not in held_back(a, graph)


def test_only_assessed_practices_are_flagged(catalogue: Catalogue, graph: Digraph) -> None:
    na = {"level": "n/a", "reason": "not relevant"}
    a = assess(catalogue, {"GP01": [0], "GP02": [na]})  # GP02 n/a, GP03 and others empty
    assert held_back(a, graph) == {}


def test_phases_group_in_priority_order(catalogue: Catalogue, graph: Digraph) -> None:
    a = assess(catalogue, {"GP01": [2], "GP02": [2], "GP25": [0], "GP03": [1]})
    grouped = phases(priorities(a, graph))
    # GP01 and GP02 build on nothing; GP25 builds on GP01 alone, GP03 on both.
    # Priorities: GP01 1 x 23 / 4 = 5.75, GP02 1 x 18 / 4 = 4.5, GP03 2 x 15 / 4 = 7.5,
    # GP25 3 x 1 / 4 = 0.75.
    assert [[p.id for p in g] for g in grouped] == [["GP01", "GP02"], ["GP03", "GP25"]]


answers = st.one_of(
    st.none(), st.integers(0, 4), st.just({"level": "n/a", "reason": "does not apply"})
)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_phases_respect_the_graph(
    catalogue: Catalogue, graph: Digraph, data: st.DataObject
) -> None:
    practices = {
        p.id: {"elements": {e: data.draw(answers) for e in p.element_ids}} for p in catalogue
    }
    q = Questionnaire.model_validate({"state": "Federation of Estoria", "practices": practices})
    a = score(q, catalogue)
    ranked = priorities(a, graph)
    phase = {p.id: p.phase for p in ranked}
    assert set(phase) == {p.id for p in a.practices if p.gap}
    for x, y in graph.edges:
        if x in phase and y in phase:
            assert phase[x] < phase[y], (x, y)
    # and through practices without a gap: a prerequisite's phase still comes first
    for y, later in phase.items():
        for x in graph.ancestors(y):
            if x in phase:
                assert phase[x] < later
    # phases start at 1, have no holes, and a phase-1 practice builds on no other gap
    assert sorted(set(phase.values())) == list(range(1, len(set(phase.values())) + 1))
    for pid, n in phase.items():
        if n == 1:
            assert not (graph.ancestors(pid) & set(phase))
    grouped = phases(ranked)
    assert sum(len(g) for g in grouped) == len(ranked)
    for g in grouped:
        assert [p.priority for p in g] == sorted((p.priority for p in g), reverse=True)
    for p in ranked:
        assert p.priority == pytest.approx(p.gap * (1 + len(graph.descendants(p.id))) / 4)


def test_worked_example_of_docs_scoring(catalogue: Catalogue, graph: Digraph) -> None:
    from tests.test_scoring import HAND

    a = score(Questionnaire.model_validate(HAND), catalogue)
    ranked = priorities(a, graph)
    # gaps: GP01 0.5 (d = 22: all but GP01, GP02 and GP05) and GP07 0.7. What builds on
    # GP07, directly or not: GP08-GP15 and GP20-GP24, 13 practices -> 0.7 x 14 / 4 = 2.45
    assert [(p.id, p.dependants) for p in ranked] == [("GP01", 22), ("GP07", 13)]
    assert ranked[0].priority == 2.875  # 0.5 x 23 / 4
    assert ranked[1].priority == pytest.approx(2.45)
    assert [p.phase for p in ranked] == [1, 2]  # GP07 builds on GP01
