"""The dependency graph: prerequisites, unlocks, layers, leverage, neighbourhoods."""

from __future__ import annotations

import networkx as nx

from gapcheck.catalogue import Catalogue
from gapcheck.graph import (
    build_graph,
    layers,
    leverage,
    neighbourhood,
    prerequisites,
    unlocks,
)


def test_edges_run_from_prerequisite_with_reason(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    assert g.number_of_nodes() == 25
    for p in catalogue:
        for d in p.depends_on:
            assert g.edges[d.id, p.id]["reason"] == d.reason
    assert nx.is_directed_acyclic_graph(g)


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
