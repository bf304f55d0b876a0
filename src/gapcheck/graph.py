"""The dependency graph of the practices (networkx).

Edges run from a prerequisite to the practice that builds on it, and carry the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from gapcheck.catalogue import Catalogue


def build_graph(catalogue: Catalogue) -> nx.DiGraph[str]:
    g: nx.DiGraph[str] = nx.DiGraph()
    for p in catalogue:
        g.add_node(p.id, title=p.title, section=p.section, number=p.number)
    for p in catalogue:
        for dep in p.depends_on:
            g.add_edge(dep.id, p.id, reason=dep.reason)
    return g


def _order(ids: set[str]) -> list[str]:
    return sorted(ids)


def prerequisites(g: nx.DiGraph[str], pid: str) -> list[str]:
    """Everything `pid` builds on, directly or not."""
    return _order(nx.ancestors(g, pid))


def unlocks(g: nx.DiGraph[str], pid: str) -> list[str]:
    """Everything that builds on `pid`, directly or not."""
    return _order(nx.descendants(g, pid))


def layers(g: nx.DiGraph[str]) -> list[list[str]]:
    """Implementation layers: each practice comes after all its prerequisites."""
    return [sorted(gen) for gen in nx.topological_generations(g)]


@dataclass(frozen=True)
class Leverage:
    id: str
    descendants: int
    direct: int
    score: float


def leverage(g: nx.DiGraph[str]) -> list[Leverage]:
    """Rank practices by how much builds on them.

    score = descendants / (n - 1): the share of the other practices that depend on this one,
    directly or not. Ties are broken by direct dependants, then by id.
    """
    n = max(g.number_of_nodes() - 1, 1)
    ranks = [
        Leverage(
            pid, len(nx.descendants(g, pid)), g.out_degree(pid), len(nx.descendants(g, pid)) / n
        )
        for pid in g.nodes
    ]
    return sorted(ranks, key=lambda r: (-r.descendants, -r.direct, r.id))


def neighbourhood(g: nx.DiGraph[str], pid: str) -> nx.DiGraph[str]:
    """The practice with its direct prerequisites and direct dependants."""
    nodes = {pid, *g.predecessors(pid), *g.successors(pid)}
    sub: nx.DiGraph[str] = g.subgraph(nodes).copy()
    return sub


def _nodes(g: nx.DiGraph[str]) -> list[tuple[str, dict[str, Any]]]:
    return [(pid, g.nodes[pid]) for pid in sorted(g.nodes)]


def _edges(g: nx.DiGraph[str]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(a, b, g.edges[a, b]) for a, b in sorted(g.edges)]


def to_dot(g: nx.DiGraph[str]) -> str:
    lines = ["digraph practices {", "  rankdir=LR;", "  node [shape=box];"]
    for pid, data in _nodes(g):
        lines.append(f'  {pid} [label="{pid}\\n{_esc(data["title"])}"];')
    for a, b, data in _edges(g):
        lines.append(f'  {a} -> {b} [tooltip="{_esc(data["reason"])}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(g: nx.DiGraph[str]) -> str:
    lines = ["flowchart LR"]
    for pid, data in _nodes(g):
        lines.append(f'  {pid}["{pid} {_esc(data["title"])}"]')
    for a, b in sorted(g.edges()):
        lines.append(f"  {a} --> {b}")
    return "\n".join(lines) + "\n"


def to_json(g: nx.DiGraph[str]) -> dict[str, object]:
    return {
        "nodes": [
            {"id": pid, "title": d["title"], "section": d["section"]} for pid, d in _nodes(g)
        ],
        "edges": [{"from": a, "to": b, "reason": d["reason"]} for a, b, d in _edges(g)],
        "layers": layers(g),
    }


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")
