"""What moved between two dates: the same States, each from its earlier to its latest
questionnaire, per section, by region and in total.

Only the change is published (how many States moved up, stayed, moved down, and the median
change), never the levels at either date: the levels of a subset of the States shown in the
main tables would let the others be worked out by difference. Each figure counts only the
States assessed at both dates, so the groups, and hence what is hidden, are the same at both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gapcheck.overview.disclosure import Cell, Policy, protect, reason_text
from gapcheck.overview.groups import ALL_STATES
from gapcheck.overview.population import Participant, Population
from gapcheck.overview.stats import quantile

Row = dict[str, Any]
STEADY = 1e-9  # levels are means of whole numbers: anything smaller is float noise


def _direction(change: float) -> int:
    return 0 if change < -STEADY else 2 if change > STEADY else 1


def trend_rows(
    sections: Sequence[tuple[str, str]],
    people: Population,
    eligible: Callable[[Participant], bool],
    group_of: Callable[[Participant], str],
    groups: Sequence[str],
    policy: Policy,
) -> list[Row]:
    panel = [
        (people.earlier[p.key], p)
        for p in people.latest
        if p.key in people.earlier and eligible(p) and eligible(people.earlier[p.key])
    ]
    rows: list[Row] = []
    for sid, title in sections:
        moved: dict[str, list[tuple[str, str, float]]] = {g: [] for g in groups}
        for before, after in panel:
            if sid in before.sections and sid in after.sections:
                change = after.sections[sid] - before.sections[sid]
                moved[group_of(after)].append((after.key, after.state, change))
        every = [m for g in groups for m in moved[g]]
        cells = [_cell(moved[g]) for g in groups]
        top, parts = protect(_cell(every), cells, policy)
        rows.append(
            {
                "id": sid,
                "title": title,
                "total": _data(ALL_STATES, every, top, policy),
                "groups": [
                    _data(g, moved[g], r, policy) for g, r in zip(groups, parts, strict=True)
                ],
            }
        )
    return rows


def _cell(moved: Sequence[tuple[str, str, float]]) -> Cell:
    counts = [0, 0, 0]
    for _, _, change in moved:
        counts[_direction(change)] += 1
    return Cell(frozenset(key for key, _, _ in moved), tuple(counts))


def _data(name: str, moved: Sequence[tuple[str, str, float]], reason: Any, policy: Policy) -> Row:
    if reason is not None:
        return {
            "group": name,
            "published": False,
            "reason": reason_text(reason, policy.min_group),
            "states": None,
            "down": None,
            "same": None,
            "up": None,
            "median_change": None,
        }
    cell = _cell(moved)
    down, same, up = cell.bands or (0, 0, 0)
    changes = sorted(c for _, _, c in moved)
    out: Row = {
        "group": name,
        "published": True,
        "reason": None,
        "states": cell.size,
        "down": down,
        "same": same,
        "up": up,
        "median_change": policy.level(quantile(changes, 0.5)) if changes else None,
    }
    if policy.names_states:
        out["names"] = sorted((s for _, s, _ in moved), key=str.casefold)
    return out
