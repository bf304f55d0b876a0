"""Priorities and phases: which gaps to close first, given what builds on what.

priority(p) = gap(p) x (1 + d(p)) / 4, where d(p) is the number of practices that build on p
directly or not (its descendants in the dependency graph). A gap of one level in a practice
that five others build on weighs as much as a gap of six levels would in an isolated one.
A practice is *held back* when one of its direct prerequisites is assessed below level 2.
Phases: practices with a gap, each placed one phase after the latest phase of any practice
with a gap that it builds on (directly or through others), so prerequisites come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapcheck.scoring import Assessment

if TYPE_CHECKING:
    from gapcheck.graph import Digraph

HELD_BACK_BELOW = 2.0


@dataclass(frozen=True)
class Priority:
    id: str
    title: str
    gap: float
    dependants: int
    priority: float
    held_back_by: tuple[str, ...]
    phase: int


def priorities(assessment: Assessment, graph: Digraph) -> list[Priority]:
    """Practices with a gap, highest priority first (ties by id)."""
    scores = assessment.by_id
    gaps = {p.id: p.gap for p in assessment.practices if p.gap}
    phase: dict[str, int] = {}
    for pid in graph.topological_order():
        if pid not in gaps:
            continue
        earlier = [phase[a] for a in graph.ancestors(pid) if a in phase]
        phase[pid] = 1 + max(earlier, default=0)
    held = held_back(assessment, graph)
    out = []
    for pid, gap in gaps.items():
        d = len(graph.descendants(pid))
        out.append(
            Priority(
                pid, scores[pid].title, gap, d, gap * (1 + d) / 4, held.get(pid, ()), phase[pid]
            )
        )
    return sorted(out, key=lambda p: (-p.priority, p.id))


def held_back(assessment: Assessment, graph: Digraph) -> dict[str, tuple[str, ...]]:
    """Assessed practice id -> its direct prerequisites assessed below level 2 (if any).

    Any assessed practice can be held back, not only one with a gap: a practice at its target
    still stands on weak ground when what it builds on is barely in place. Practices that are
    n/a or not assessed carry no flag: there is no level for it to qualify.
    """
    scores = assessment.by_id
    out: dict[str, tuple[str, ...]] = {}
    for pid in graph:
        if scores[pid].level is None:
            continue
        weak = sorted(
            q
            for q in graph.predecessors(pid)
            if (lv := scores[q].level) is not None and lv < HELD_BACK_BELOW
        )
        if weak:
            out[pid] = tuple(weak)
    return out


def phases(items: list[Priority]) -> list[list[Priority]]:
    """Group priorities by phase, keeping priority order inside a phase."""
    if not items:
        return []
    grouped: list[list[Priority]] = [[] for _ in range(max(p.phase for p in items))]
    for p in items:
        grouped[p.phase - 1].append(p)
    return grouped
