"""The statement of applicability: every practice, whether it applies, its target and evidence.

One row per practice of the catalogue, from the report's practice rows: whether the State
applies it (in full, in part when some elements are n/a, or not at all), the target it set
itself, every n/a reason given, and the evidence it names. Auditors and donors read this
table to see what the State holds itself to, and why it set the rest aside.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gapcheck.models.base import N_
from gapcheck.outputs import ApplicabilityRow, NotApplicable


def applies(row: Mapping[str, Any]) -> str:
    """ "yes", "in part" (some elements n/a) or "no" (the whole practice is n/a): data, which
    outputs translate where they show it."""
    if row["status"] == "n/a":
        return N_("no")
    return N_("in part") if row["not_applicable"] else N_("yes")


def applicability(rows: Sequence[Mapping[str, Any]]) -> list[ApplicabilityRow]:
    out: list[ApplicabilityRow] = []
    for row in rows:
        whole = row["not_applicable_reason"]
        reasons: list[NotApplicable] = (
            [{"element": None, "reason": whole}]
            if whole
            else [
                {"element": e["id"], "reason": e["reason"]}
                for e in row["elements"]
                if e["status"] == "n/a"
            ]
        )
        out.append(
            {
                "id": row["id"],
                "title": row["title"],
                "section": row["section"],
                "applies": applies(row),
                "status": row["status"],
                "target": row["target"],
                "target_source": row["target_source"],
                "not_applicable": reasons,
                "evidence": row["evidence"],
            }
        )
    return out
