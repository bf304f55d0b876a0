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

from gapcheck.i18n.formats import decimal
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.base import N_
from gapcheck.outputs import FirstSteps
from gapcheck.scoring import Assessment, AssessmentStatus

if TYPE_CHECKING:
    from gettext import NullTranslations

    from gapcheck.graph import Digraph
    from gapcheck.roadmap import Priority

FIRST_ACTIONS = 3
# Below this share of elements answered, the first actions may well change once the rest is.
LOW_COVERAGE = 0.75

RANK_AND_PHASE = N_(
    "Rank says how much closing a gap weighs: the gap times the number of practices that "
    "build on it. Phase says when it can be done: a practice comes after every practice with "
    "a gap that it builds on. Work phase by phase, and inside a phase by rank, so a practice "
    "with a high rank can wait for a lower-ranked practice it builds on."
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _reason(p: Priority, t: NullTranslations, language: str) -> str:
    gap = decimal(p.gap, 2, language)
    if p.dependants:
        why = t.ngettext(
            "%(n)d practice builds on it, directly or not, and its gap is %(gap)s",
            "%(n)d practices build on it, directly or not, and its gap is %(gap)s",
            p.dependants,
        ) % {"n": p.dependants, "gap": gap}
    else:
        why = t.gettext("nothing else waits on it, and its gap is %(gap)s") % {"gap": gap}
    if p.phase == 1:
        return t.gettext("%(id)s first: %(why)s.") % {"id": p.id, "why": why}
    return t.gettext("%(id)s in phase %(phase)d: %(why)s.") % {
        "id": p.id,
        "phase": p.phase,
        "why": why,
    }


def first_steps(
    assessment: Assessment,
    ranked: list[Priority],
    graph: Digraph,
    language: str = SOURCE_LANGUAGE,
) -> FirstSteps:
    """The first actions, warnings, and phases with their projected levels, as plain data.

    `ranked` is `roadmap.priorities(assessment, graph)`: highest priority first. The
    sentences are in `language`.
    """
    t = translator(language)
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
            "reason": _reason(p, t, language),
        }
        for p in in_order[:FIRST_ACTIONS]
    ]
    return {
        "actions": actions,
        "warnings": _warnings(assessment, ranked, graph, t),
        "rank_and_phase": t.gettext(RANK_AND_PHASE),
        "rank_and_phase_example": _disagreement(in_order, ranks, graph, t),
        "phases": _projected_phases(assessment, in_order, by_id),
    }


def _warnings(
    assessment: Assessment, ranked: list[Priority], graph: Digraph, t: NullTranslations
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    share = assessment.coverage
    if assessment.answered and share < LOW_COVERAGE:
        out.append(
            {
                "kind": "low-coverage",
                "ids": [],
                "text": t.gettext(
                    "Only %(percent)d%% of the elements are answered: the first actions "
                    "rest on part of the picture and may change once the rest is answered."
                )
                % {"percent": int(share * 100)},
            }
        )
    by_id = assessment.by_id
    for p in sorted(ranked, key=lambda p: p.id):
        missing = sorted(
            q for q in graph.predecessors(p.id) if by_id[q].status is AssessmentStatus.NOT_ASSESSED
        )
        if not missing:
            continue
        text = t.ngettext(
            "%(id)s is placed in phase %(phase)d, but %(names)s, which it builds on, is not "
            "assessed yet: answer it first, since %(id)s may have to wait for it.",
            "%(id)s is placed in phase %(phase)d, but %(names)s, which it builds on, are not "
            "assessed yet: answer them first, since %(id)s may have to wait for them.",
            len(missing),
        ) % {"id": p.id, "phase": p.phase, "names": ", ".join(missing)}
        out.append({"kind": "prerequisite-not-assessed", "ids": [p.id, *missing], "text": text})
    return out


def _disagreement(
    in_order: list[Priority], ranks: dict[str, int], graph: Digraph, t: NullTranslations
) -> str:
    """One case from this report where a higher rank comes in a later phase, explained."""
    for later in in_order:
        for earlier in in_order:
            if earlier.phase < later.phase and ranks[earlier.id] > ranks[later.id]:
                before = sorted(
                    a.id
                    for a in in_order
                    if a.phase < later.phase and a.id in graph.ancestors(later.id)
                )
                words = {
                    "later": later.id,
                    "rank": ranks[later.id],
                    "phase": later.phase,
                    "before": ", ".join(before),
                    "earlier": earlier.id,
                    "earlier_rank": ranks[earlier.id],
                    "earlier_phase": earlier.phase,
                }
                if before:
                    return (
                        t.gettext(
                            "%(later)s has rank %(rank)d but comes in phase %(phase)d, because it "
                            "builds on %(before)s; %(earlier)s, rank %(earlier_rank)d, can start "
                            "in phase %(earlier_phase)d."
                        )
                        % words
                    )
                return (
                    t.gettext(
                        "%(later)s has rank %(rank)d but comes in phase %(phase)d; %(earlier)s, "
                        "rank %(earlier_rank)d, can start in phase %(earlier_phase)d."
                    )
                    % words
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
