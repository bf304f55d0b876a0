"""What to do first: the two or three first actions of a roadmap, with reasons and warnings.

A pure function over the scored assessment and its ranked gaps; no rendering. Rank and phase
answer two questions: rank is how much closing a gap weighs (gap times what builds on it),
phase is when it can be done (after everything it builds on). The first actions follow the
phases, and inside a phase the rank, so that a reader never starts with a practice whose
prerequisites still have gaps of their own. Each phase states the level its practices reach
and the overall level the State would reach once the phase is done (docs/scoring.md).
"""

from __future__ import annotations

from statistics import fmean
from typing import TYPE_CHECKING, Any

from gapcheck.outputs import FirstSteps
from gapcheck.scoring import Assessment, AssessmentStatus

if TYPE_CHECKING:
    from gapcheck.graph import Digraph
    from gapcheck.roadmap import Priority

FIRST_ACTIONS = 3
# Below this share of elements answered, the first actions may well change once the rest is.
LOW_COVERAGE = 0.75

RANK_AND_PHASE = (
    "Rank says how much closing a gap weighs: the gap times the number of practices that "
    "build on it. Phase says when it can be done: a practice comes after every practice with "
    "a gap that it builds on. Work phase by phase, and inside a phase by rank, so a practice "
    "with a high rank can wait for a lower-ranked practice it builds on."
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _reason(p: Priority) -> str:
    if p.dependants:
        built = _plural(p.dependants, "practice")
        verb = "builds" if p.dependants == 1 else "build"
        why = f"{built} {verb} on it, directly or not, and its gap is {p.gap:.2f}"
    else:
        why = f"nothing else waits on it, and its gap is {p.gap:.2f}"
    return f"{p.id} {'first' if p.phase == 1 else f'in phase {p.phase}'}: {why}."


def first_steps(assessment: Assessment, ranked: list[Priority], graph: Digraph) -> FirstSteps:
    """The first actions, warnings, and phases with their projected levels, as plain data.

    `ranked` is `roadmap.priorities(assessment, graph)`: highest priority first.
    """
    by_id = assessment.by_id
    ranks = {p.id: i for i, p in enumerate(ranked, start=1)}
    in_order = sorted(ranked, key=lambda p: (p.phase, ranks[p.id]))
    actions = [
        {
            "id": p.id,
            "title": p.title,
            "rank": ranks[p.id],
            "phase": p.phase,
            "gap": _round(p.gap),
            "dependants": p.dependants,
            "reason": _reason(p),
        }
        for p in in_order[:FIRST_ACTIONS]
    ]
    return {
        "actions": actions,
        "warnings": _warnings(assessment, ranked, graph),
        "rank_and_phase": RANK_AND_PHASE,
        "rank_and_phase_example": _disagreement(in_order, ranks, graph),
        "phases": _projected_phases(assessment, in_order, by_id),
    }


def _warnings(
    assessment: Assessment, ranked: list[Priority], graph: Digraph
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    share = assessment.coverage
    if assessment.answered and share < LOW_COVERAGE:
        out.append(
            {
                "kind": "low-coverage",
                "ids": [],
                "text": (
                    f"Only {int(share * 100)}% of the elements are answered: the first actions "
                    "rest on part of the picture and may change once the rest is answered."
                ),
            }
        )
    by_id = assessment.by_id
    for p in sorted(ranked, key=lambda p: p.id):
        missing = sorted(
            q for q in graph.predecessors(p.id) if by_id[q].status is AssessmentStatus.NOT_ASSESSED
        )
        if not missing:
            continue
        names = ", ".join(missing)
        it = "it" if len(missing) == 1 else "them"
        out.append(
            {
                "kind": "prerequisite-not-assessed",
                "ids": [p.id, *missing],
                "text": (
                    f"{p.id} is placed in phase {p.phase}, but {names}, which it builds on, "
                    f"{'is' if len(missing) == 1 else 'are'} not assessed yet: answer {it} "
                    f"first, since {p.id} may have to wait for {it}."
                ),
            }
        )
    return out


def _disagreement(in_order: list[Priority], ranks: dict[str, int], graph: Digraph) -> str:
    """One case from this report where a higher rank comes in a later phase, explained."""
    for later in in_order:
        for earlier in in_order:
            if earlier.phase < later.phase and ranks[earlier.id] > ranks[later.id]:
                before = sorted(
                    a.id
                    for a in in_order
                    if a.phase < later.phase and a.id in graph.ancestors(later.id)
                )
                via = f", because it builds on {', '.join(before)}" if before else ""
                return (
                    f"{later.id} has rank {ranks[later.id]} but comes in phase {later.phase}"
                    f"{via}; {earlier.id}, rank {ranks[earlier.id]}, can start in phase "
                    f"{earlier.phase}."
                )
    return ""


def _projected_phases(
    assessment: Assessment, in_order: list[Priority], by_id: dict[str, Any]
) -> list[dict[str, Any]]:
    """Each phase's practices brought to their targets, and the overall level that gives."""
    levels = {p.id: p.level for p in assessment.practices if p.level is not None}
    out: list[dict[str, Any]] = []
    phase_numbers = sorted({p.phase for p in in_order})
    for n in phase_numbers:
        members = [p for p in in_order if p.phase == n]
        closes = []
        for p in members:
            score = by_id[p.id]
            levels[p.id] = score.target
            closes.append(
                {"id": p.id, "level": _round(score.level), "projected": _round(score.target)}
            )
        out.append(
            {
                "phase": n,
                "practices": [p.id for p in members],
                "closes": closes,
                "projected_overall": _round(fmean(levels.values())) if levels else None,
            }
        )
    return out
