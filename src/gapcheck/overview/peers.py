"""A State against its peers: per section, its level beside the peer group's quartiles.

The peers are the other States' latest questionnaires in a folder; the same disclosure rules
as a members' overview apply (at least k peers, not all at one level; confidential ones only
when they opt in), and no peer is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from gapcheck.batch import load_all
from gapcheck.catalogue import Catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.disclosure import Audience, Cell, Policy, protect, reason_text
from gapcheck.overview.population import population, state_key
from gapcheck.overview.stats import band_counts, quartiles
from gapcheck.report import Report
from gapcheck.scoring import score
from gapcheck.yamlio import load_yaml


def place(level: float | None, q1: float, q3: float) -> str:
    if level is None:
        return "not assessed"
    if level < q1:
        return "below most peers (under the lower quartile)"
    if level > q3:
        return "above most peers (over the upper quartile)"
    return "among most peers (between the quartiles)"


def peer_data(
    q: Questionnaire,
    peers: Sequence[Questionnaire],
    catalogue: Catalogue,
    min_group: int,
) -> dict[str, Any]:
    policy = Policy(Audience.MEMBERS, min_group)
    me = state_key(q.state)
    others = [p for p in population(peers, catalogue).latest if p.key != me and p.eligible]
    own = {s.id: s.level for s in score(q, catalogue).sections}
    rows = []
    for sid, title in catalogue.sections.items():
        pairs = [(p.key, p.sections[sid]) for p in others if sid in p.sections]
        values = [v for _, v in pairs]
        cell = Cell(frozenset(k for k, _ in pairs), tuple(band_counts(values)))
        reason, _ = protect(cell, [], policy)
        if reason is None and not values:
            reason_words: str | None = "no peer has assessed this section"
        else:
            reason_words = None if reason is None else reason_text(reason, min_group)
        row: dict[str, Any] = {
            "id": sid,
            "title": title,
            "level": None if own[sid] is None else round(own[sid] or 0.0, 2),
            "peers": len(values) if reason_words is None else None,
            "q1": None,
            "median": None,
            "q3": None,
            "place": None,
            "reason": reason_words,
        }
        if reason_words is None:
            q1, median, q3 = quartiles(values)
            row.update(q1=round(q1, 2), median=round(median, 2), q3=round(q3, 2))
            row["place"] = place(own[sid], q1, q3)
        rows.append(row)
    return {"min_group": min_group, "sections": rows}


def load_peers(
    folder: str | Path, own: str | Path, catalogue: Catalogue
) -> tuple[list[str], list[Questionnaire]]:
    """The questionnaires (.yaml, .yml) in `folder` other than `own`, every problem at once.

    Requests and offers files kept beside them are passed over: a State's folder often
    holds its requests too."""

    mine = Path(own).resolve()
    files = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
            continue
        if path.resolve() == mine:
            continue
        data = load_yaml(path).data
        if isinstance(data, dict) and "state" not in data and ({"requests", "offers"} & set(data)):
            continue
        files.append(str(path))
    return files, load_all(files, catalogue)


def add_peers(
    report: Report,
    q: Questionnaire,
    own: str | Path,
    folder: str | Path,
    min_group: int,
) -> list[str]:
    """Place `report` (of `q`, read from `own`) against the questionnaires in `folder`: adds
    its optional `peers` part and returns the peer files read, which the report is never
    written over."""
    files, loaded = load_peers(folder, own, report.catalogue)
    # An optional part, only with --peers: its shape is in docs/overview.md, not in
    # ReportData, so that the JSON schema of a plain report does not speak of it.
    cast("dict[str, Any]", report.data)["peers"] = peer_data(q, loaded, report.catalogue, min_group)
    return files
