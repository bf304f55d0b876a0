"""Rows of plain values rendered as an aligned text table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from gapcheck.catalogue import Catalogue
from gapcheck.render.columns import pad, width
from gapcheck.render.text import csv_safe, level

Row = dict[str, Any]


def practice_rows(catalogue: Catalogue, section: str | None, actor: str | None) -> list[Row]:
    return [
        {
            "id": p.id,
            "section": p.section,
            "title": p.title,
            "elements": len(p.elements),
            "builds_on": " ".join(d.id for d in p.depends_on),
        }
        for p in catalogue
        if (section is None or p.section == section) and (actor is None or actor in p.actors)
    ]


def render_rows(rows: Sequence[Row], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return "(nothing to show)\n" if fmt == "table" else ""
    headers = list(rows[0])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, headers, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_safe(v) for k, v in r.items()} for r in rows)
        return buf.getvalue()
    cells = [[_cell(r[h]) for h in headers] for r in rows]
    # In columns, not characters: a Chinese title takes two columns a character.
    widths = [max(width(h), *(width(c[i]) for c in cells)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(r[h], (int, float)) or r[h] is None for r in rows) for h in headers]

    def line(values: Sequence[str]) -> str:
        parts = [pad(v, w, right=num) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths]), *(line(c) for c in cells)]
    return "\n".join(out) + "\n"


def md_row(cells: Iterable[str]) -> str:
    """One line of a Markdown table; the cells are escaped already (text.cell, text.md)."""
    return "| " + " | ".join(cells) + " |"


def _cell(value: Any) -> str:
    if value is None or isinstance(value, float):
        return level(value, 2)
    return str(value)
