"""Levels across States: per practice and per section, by region and in total."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gapcheck.overview.disclosure import Cell, Policy, Reason, protect, reason_text
from gapcheck.overview.groups import ALL_STATES
from gapcheck.overview.population import Participant
from gapcheck.overview.stats import band_counts, quartiles

Row = dict[str, Any]


def cell_data(
    name: str,
    cell: Cell,
    values: Sequence[float],
    reason: Reason | None,
    policy: Policy,
    states: Sequence[str] = (),
) -> Row:
    """One group's figures as published (or the reason they are not)."""
    out: Row = {"group": name, "published": reason is None, "reason": None}
    if reason is not None:
        out.update(states=None, q1=None, median=None, q3=None, bands=None)
        out["reason"] = reason_text(reason, policy.min_group)
        return out
    out["states"] = cell.size
    if values:
        q1, median, q3 = quartiles(values)
        out.update(q1=policy.level(q1), median=policy.level(median), q3=policy.level(q3))
    else:
        out.update(q1=None, median=None, q3=None)
    out["bands"] = list(cell.bands or band_counts(values))
    if policy.names_states:
        out["names"] = sorted(states, key=str.casefold)
    return out


def level_rows(
    items: Sequence[tuple[str, str]],
    people: Sequence[Participant],
    levels_of: Callable[[Participant], dict[str, float]],
    group_of: Callable[[Participant], str],
    groups: Sequence[str],
    policy: Policy,
) -> list[Row]:
    """For each (id, title): the total and each group's distribution, protected."""
    rows: list[Row] = []
    for item, title in items:
        values: dict[str, list[tuple[Participant, float]]] = {g: [] for g in groups}
        for p in people:
            level = levels_of(p).get(item)
            if level is not None:
                values[group_of(p)].append((p, level))
        every = [pair for g in groups for pair in values[g]]
        cells = [_cell(values[g]) for g in groups]
        total = _cell(every)
        top, parts = protect(total, cells, policy)
        rows.append(
            {
                "id": item,
                "title": title,
                "total": cell_data(
                    ALL_STATES,
                    total,
                    [v for _, v in every],
                    top,
                    policy,
                    [p.state for p, _ in every],
                ),
                "groups": [
                    cell_data(
                        g, c, [v for _, v in values[g]], r, policy, [p.state for p, _ in values[g]]
                    )
                    for g, c, r in zip(groups, cells, parts, strict=True)
                ],
            }
        )
    return rows


def _cell(pairs: Sequence[tuple[Participant, float]]) -> Cell:
    return Cell(frozenset(p.key for p, _ in pairs), tuple(band_counts([v for _, v in pairs])))
