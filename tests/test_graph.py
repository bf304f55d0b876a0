"""The dependency graph: prerequisites, unlocks, layers, leverage, neighbourhoods.

networkx is the oracle: the pure graph must agree with it on any DAG.
"""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.graph import (
    CycleError,
    Digraph,
    build_graph,
    layers,
    leverage,
    neighbourhood,
    prerequisites,
    unlocks,
)


def test_edges_run_from_prerequisite_with_reason(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    assert len(g) == 25
    for p in catalogue:
        for d in p.depends_on:
            assert g.edges[d.id, p.id]["reason"] == d.reason
    assert nx.is_directed_acyclic_graph(nx.DiGraph(list(g.edges)))


def test_prerequisites_and_unlocks_are_transitive(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    gp03 = catalogue.practice("GP03")
    direct = {d.id for d in gp03.depends_on}
    indirect = {d.id for q in direct for d in catalogue.practice(q).depends_on}
    assert set(prerequisites(g, "GP03")) == direct | indirect | {
        a for q in direct | indirect for a in prerequisites(g, q)
    }
    for pid in unlocks(g, "GP03"):
        assert "GP03" in prerequisites(g, pid)
    assert prerequisites(g, "GP01") == [] and prerequisites(g, "GP02") == []
    # everything builds on the goals except the prison standards (a root of their own) and
    # the staff training that builds on those standards alone
    assert set(unlocks(g, "GP01")) == set(catalogue.by_id) - {"GP01", "GP02", "GP05"}


def test_layers_respect_every_edge(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    layer_of = {pid: i for i, layer in enumerate(layers(g)) for pid in layer}
    assert sorted(layer_of) == sorted(catalogue.by_id)
    for a, b in g.edges:
        assert layer_of[a] < layer_of[b]


def test_leverage_counts_descendants(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    ranks = leverage(g)
    assert ranks[0].id == "GP01"
    assert ranks[0].score == 22 / 24
    for r in ranks:
        assert r.descendants == len(unlocks(g, r.id))
        assert r.direct == g.out_degree(r.id)
    keys = [(-r.descendants, -r.direct, r.id) for r in ranks]
    assert keys == sorted(keys)


def test_neighbourhood_is_direct_links_only(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    n = neighbourhood(g, "GP07")
    expected = {"GP07", *g.predecessors("GP07"), *g.successors("GP07")}
    assert set(n.nodes) == expected


@st.composite
def dag_edges(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    n = draw(st.integers(min_value=0, max_value=14))
    names = [f"n{i}" for i in draw(st.permutations(range(n)))]
    pairs = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0)))))
    # forward in a random order of names: always acyclic, with any shape
    return names, [(names[a], names[b]) for a, b in pairs if a < b and n]


@given(dag_edges())
def test_digraph_agrees_with_networkx(case: tuple[list[str], list[tuple[str, str]]]) -> None:
    names, edges = case
    ours = Digraph(((n, {}) for n in names), ((a, b, {}) for a, b in edges))
    theirs: nx.DiGraph[str] = nx.DiGraph()
    theirs.add_nodes_from(names)
    theirs.add_edges_from(edges)
    assert list(ours) == names
    assert set(ours.edges) == set(theirs.edges)
    for n in names:
        assert ours.ancestors(n) == nx.ancestors(theirs, n)
        assert ours.descendants(n) == nx.descendants(theirs, n)
        assert sorted(ours.predecessors(n)) == sorted(theirs.predecessors(n))
        assert ours.out_degree(n) == theirs.out_degree(n)
    assert [set(g) for g in ours.generations()] == [
        set(g) for g in nx.topological_generations(theirs)
    ]
    position = {n: i for i, n in enumerate(ours.topological_order())}
    assert all(position[a] < position[b] for a, b in edges)
    half = set(names[: len(names) // 2])
    assert set(ours.subgraph(half).edges) == set(theirs.subgraph(half).edges)


def test_a_cycle_is_refused() -> None:
    with pytest.raises(CycleError):
        Digraph((), [("a", "b", {}), ("b", "c", {}), ("c", "a", {})])
