"""The dependency graph of the practices.

Edges run from a prerequisite to the practice that builds on it, and carry the reason.

`Digraph` is a small immutable DAG in plain Python, with its transitive closures worked out
once when it is made. Every report needs them (priorities, held-back flags, phases), and
importing networkx for 25 nodes cost more than the rest of a report together (about 180 ms
of 400); networkx stays the oracle the tests check this module against.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue


class CycleError(ValueError):
    """The edges given to a Digraph contain a cycle (the catalogue loader refuses these)."""


class Digraph:
    """A directed acyclic graph: nodes in insertion order, each with its attributes."""

    __slots__ = ("_ancestors", "_descendants", "_generations", "_nodes", "_pred", "_succ", "edges")

    def __init__(
        self,
        nodes: Iterable[tuple[str, Mapping[str, Any]]] = (),
        edges: Iterable[tuple[str, str, Mapping[str, Any]]] = (),
    ) -> None:
        self._nodes: dict[str, dict[str, Any]] = {n: dict(attrs) for n, attrs in nodes}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}
        self._pred: dict[str, list[str]] = {n: [] for n in self._nodes}
        self._succ: dict[str, list[str]] = {n: [] for n in self._nodes}
        for a, b, attrs in edges:
            for n in (a, b):
                if n not in self._nodes:
                    self._nodes[n] = {}
                    self._pred[n], self._succ[n] = [], []
            if (a, b) not in self.edges:
                self._succ[a].append(b)
                self._pred[b].append(a)
            self.edges[a, b] = dict(attrs)
        self._generations = self._layered()
        self._ancestors = self._closure(self._pred, reverse=False)
        self._descendants = self._closure(self._succ, reverse=True)

    def _layered(self) -> tuple[tuple[str, ...], ...]:
        """Kahn's algorithm by generations: a node comes one after its latest prerequisite."""
        waiting = {n: len(p) for n, p in self._pred.items()}
        current = [n for n, k in waiting.items() if k == 0]
        out: list[tuple[str, ...]] = []
        while current:
            out.append(tuple(current))
            following = []
            for n in current:
                for m in self._succ[n]:
                    waiting[m] -= 1
                    if waiting[m] == 0:
                        following.append(m)
            current = following
        if sum(map(len, out)) != len(self._nodes):
            raise CycleError("the dependency graph has a cycle")
        return tuple(out)

    def _closure(self, step: dict[str, list[str]], *, reverse: bool) -> dict[str, frozenset[str]]:
        # Walk the generations so that every neighbour's closure is known when it is needed.
        order = [n for gen in self._generations for n in gen]
        closure: dict[str, frozenset[str]] = {}
        for n in reversed(order) if reverse else order:
            found: set[str] = set()
            for m in step[n]:
                found.add(m)
                found |= closure[m]
            closure[n] = frozenset(found)
        return closure

    @property
    def nodes(self) -> Mapping[str, dict[str, Any]]:
        return self._nodes

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def predecessors(self, node: str) -> list[str]:
        return list(self._pred[node])

    def successors(self, node: str) -> list[str]:
        return list(self._succ[node])

    def out_degree(self, node: str) -> int:
        return len(self._succ[node])

    def ancestors(self, node: str) -> frozenset[str]:
        return self._ancestors[node]

    def descendants(self, node: str) -> frozenset[str]:
        return self._descendants[node]

    def generations(self) -> tuple[tuple[str, ...], ...]:
        """Topological generations: each node one after the latest of its prerequisites."""
        return self._generations

    def topological_order(self) -> list[str]:
        return [n for gen in self._generations for n in gen]

    def subgraph(
        self, nodes: Iterable[str], keep: Iterable[tuple[str, str]] | None = None
    ) -> Digraph:
        """The given nodes with the edges among them (only those in `keep`, when given)."""
        chosen = set(nodes)
        wanted = None if keep is None else set(keep)
        return Digraph(
            ((n, a) for n, a in self._nodes.items() if n in chosen),
            (
                (a, b, d)
                for (a, b), d in self.edges.items()
                if a in chosen and b in chosen and (wanted is None or (a, b) in wanted)
            ),
        )


def build_graph(catalogue: Catalogue) -> Digraph:
    return Digraph(
        ((p.id, {"title": p.title, "section": p.section, "number": p.number}) for p in catalogue),
        ((dep.id, p.id, {"reason": dep.reason}) for p in catalogue for dep in p.depends_on),
    )


def prerequisites(g: Digraph, pid: str) -> list[str]:
    """Everything `pid` builds on, directly or not."""
    return sorted(g.ancestors(pid))


def unlocks(g: Digraph, pid: str) -> list[str]:
    """Everything that builds on `pid`, directly or not."""
    return sorted(g.descendants(pid))


def layers(g: Digraph) -> list[list[str]]:
    """Implementation layers: each practice comes after all its prerequisites."""
    return [sorted(gen) for gen in g.generations()]


@dataclass(frozen=True)
class Leverage:
    id: str
    descendants: int
    direct: int
    score: float


def leverage(g: Digraph) -> list[Leverage]:
    """Rank practices by how much builds on them.

    score = descendants / (n - 1): the share of the other practices that depend on this one,
    directly or not. Ties are broken by direct dependants, then by id.
    """
    n = max(len(g) - 1, 1)
    ranks = [
        Leverage(pid, len(g.descendants(pid)), g.out_degree(pid), len(g.descendants(pid)) / n)
        for pid in g
    ]
    return sorted(ranks, key=lambda r: (-r.descendants, -r.direct, r.id))


def neighbourhood(g: Digraph, pid: str) -> Digraph:
    """The practice with its direct prerequisites and direct dependants."""
    return g.subgraph({pid, *g.predecessors(pid), *g.successors(pid)})


def _nodes(g: Digraph) -> list[tuple[str, dict[str, Any]]]:
    return [(pid, g.nodes[pid]) for pid in sorted(g)]


def _edges(g: Digraph) -> list[tuple[str, str, dict[str, Any]]]:
    return [(a, b, g.edges[a, b]) for a, b in sorted(g.edges)]


def to_dot(g: Digraph) -> str:
    lines = ["digraph practices {", "  rankdir=LR;", "  node [shape=box];"]
    for pid, data in _nodes(g):
        lines.append(f'  {pid} [label="{pid}\\n{_esc(data["title"])}"];')
    for a, b, data in _edges(g):
        lines.append(f'  {a} -> {b} [tooltip="{_esc(data["reason"])}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(g: Digraph) -> str:
    lines = ["flowchart LR"]
    for pid, data in _nodes(g):
        lines.append(f'  {pid}["{pid} {_esc(data["title"])}"]')
    for a, b in sorted(g.edges):
        lines.append(f"  {a} --> {b}")
    return "\n".join(lines) + "\n"


def to_json(g: Digraph) -> dict[str, object]:
    return {
        "nodes": [
            {"id": pid, "title": d["title"], "section": d["section"]} for pid, d in _nodes(g)
        ],
        "edges": [{"from": a, "to": b, "reason": d["reason"]} for a, b, d in _edges(g)],
        "layers": layers(g),
    }


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "'")
