"""Fictional populations of States for the overview's tests: questionnaires and requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gapcheck.catalogue import Catalogue

NAMES = (
    "Arcadia", "Estoria", "Norland", "Valdoria", "Meridia", "Borealia", "Caldera", "Drusia",
    "Elvania", "Fennmark", "Galvoria", "Hesperia", "Istrana", "Jorvania", "Kestria", "Lunaria",
)  # fmt: skip


def state_name(i: int) -> str:
    return f"Republic of {NAMES[i % len(NAMES)]} {i // len(NAMES) + 1}"


def questionnaire(
    catalogue: Catalogue,
    state: str,
    levels: dict[str, int],
    *,
    region: str = "",
    date: str = "2026-03-16",
    confidential: bool = False,
    share: bool = False,
    listed: bool = False,
    text: str = "",
) -> dict[str, Any]:
    """A questionnaire answering the first element of each practice in `levels`; `text`
    goes into every free-text field."""
    practices: dict[str, Any] = {}
    for pid, level in levels.items():
        first = catalogue.by_id[pid].elements[0].id
        answer: Any = {"level": level, "comment": text} if text else level
        practices[pid] = {"elements": {first: answer}}
        if text:
            practices[pid].update(
                evidence=text,
                notes=text,
                assistance={"wanted": True, "kinds": ["training"], "note": text,
                            "time_frame": text},
            )  # fmt: skip
    data: dict[str, Any] = {
        "catalogue_version": catalogue.version,
        "state": state,
        "institution": text,
        "respondent": text,
        "date": date,
        "confidential": confidential,
        "region": region,
        "practices": practices,
    }
    if share:
        data["share_in_aggregates"] = True
    if listed:
        data["list_in_overview"] = True
    return data


def opaque_id(n: int) -> str:
    """A reference of the shape a confidential request must have (c- and 12 of a-z, 2-7)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    digits = "".join(alphabet[(n >> (5 * i)) % 32] for i in range(12))
    return f"c-{digits}"


def request(
    state: str, practice: str, kinds: list[str], *, n: int, region: str = "",
    confidential: bool = False, text: str = "", share: str = "public",
) -> dict[str, Any]:  # fmt: skip
    """A request as a requests file holds it; `confidential` is the older `share: providers`.
    A request not shared by name is known by an opaque reference, as loading demands."""
    share = "providers" if confidential else share
    return {
        "id": opaque_id(n) if share in ("unit", "providers") else f"req-{n:05d}",
        "state": state,
        "institution": text,
        "contact": text,
        "practice": practice,
        "target": 3,
        "kinds": kinds,
        "region": region,
        "time_frame": text,
        "note": text,
        "share": share,
        "history": [{"status": "requested", "date": "2026-04-01", "note": text}],
    }


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
