"""Inline SVG charts for reports: a heatmap of the practices and bars of section levels.

Plain data in (the report's practice and section rows), SVG text out, drawn through the
autoescaping Jinja environment. Every cell and bar carries its number as text, so the charts
still read in greyscale print and for colour-blind readers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gapcheck.i18n.formats import decimal
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.questionnaire import SCALE
from gapcheck.overview.stats import band
from gapcheck.render.environment import environment, render_template
from gapcheck.scoring import MAX_LEVEL

# ColorBrewer RdYlBu, 5 classes: safe for the common kinds of colour blindness.
BAND_FILL = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
BAND_INK = ("#ffffff", "#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff")
BAND_NAME = tuple(SCALE.values())
NA_FILL = "#d9d9d9"
NOT_ASSESSED_FILL = "#ffffff"
INK = "#1a1a1a"


def level_fill(level: float | None, status: str = "assessed") -> str:
    if status == "n/a":
        return NA_FILL
    if level is None:
        return NOT_ASSESSED_FILL
    return BAND_FILL[band(level)]


def level_ink(level: float | None) -> str:
    return INK if level is None else BAND_INK[band(level)]


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    ink: str
    sample: str
    kind: str  # "band", "na" or "none": how the swatch is drawn


def legend(language: str = SOURCE_LANGUAGE) -> list[LegendItem]:
    t = translator(language)
    ranges = [
        t.gettext("%(low)s to %(high)s")
        % {"low": decimal(i, 0, language), "high": decimal(i + 0.99, 2, language)}
        for i in range(MAX_LEVEL)
    ]
    ranges.append(decimal(MAX_LEVEL, 0, language))
    items = [
        LegendItem(
            f"{ranges[i]} {t.gettext(BAND_NAME[i])}", BAND_FILL[i], BAND_INK[i], str(i), "band"
        )
        for i in range(MAX_LEVEL + 1)
    ]
    items.append(LegendItem(t.gettext("not applicable"), NA_FILL, INK, t.gettext("n/a"), "na"))
    items.append(LegendItem(t.gettext("not assessed yet"), NOT_ASSESSED_FILL, INK, "–", "none"))
    return items


HEAT_COLS = 5
HEAT_W, HEAT_H, HEAT_GAP = 116, 60, 6
HEAT_HEAD = 26
MARGIN = 8


def heatmap_svg(
    practices: Sequence[Mapping[str, Any]],
    sections: Sequence[Mapping[str, Any]],
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The practices grouped by section, one cell each, coloured and labelled by level."""
    cells = []
    heads = []
    y = MARGIN
    for s in sections:
        members = [p for p in practices if p["section"] == s["id"]]
        if not members:
            continue
        heads.append({"x": MARGIN, "y": y + 16, "text": f"{s['id']}. {s['title']}"})
        y += HEAT_HEAD
        for i, p in enumerate(members):
            row, col = divmod(i, HEAT_COLS)
            cells.append(
                _heat_cell(
                    p,
                    MARGIN + col * (HEAT_W + HEAT_GAP),
                    y + row * (HEAT_H + HEAT_GAP),
                    language,
                )
            )
        rows = math.ceil(len(members) / HEAT_COLS)
        y += rows * (HEAT_H + HEAT_GAP) + 4
    width = MARGIN * 2 + HEAT_COLS * HEAT_W + (HEAT_COLS - 1) * HEAT_GAP
    items = legend(language)
    legend_y = y + 8
    per_row = 2
    legend_rows = math.ceil(len(items) / per_row)
    placed = [
        {
            "item": item,
            "x": MARGIN + (i % per_row) * (width // per_row),
            "y": legend_y + (i // per_row) * 26,
        }
        for i, item in enumerate(items)
    ]
    height = legend_y + legend_rows * 26 + MARGIN
    return render_template(
        "chart_heatmap.svg.j2",
        language=language,
        width=width,
        height=height,
        heads=heads,
        cells=cells,
        legend=placed,
        cell_w=HEAT_W,
        cell_h=HEAT_H,
    )


def _heat_cell(p: Mapping[str, Any], x: int, y: int, language: str) -> dict[str, Any]:
    t = translator(language)
    numbers = environment(language).filters
    level, status = p["level"], p["status"]
    if status == "n/a":
        value, detail, kind = t.gettext("n/a"), t.gettext("not applicable"), "na"
    elif level is None:
        value, detail, kind = "–", t.gettext("not assessed"), "none"
    else:
        value = f"{numbers['level'](level, 2)} · {numbers['percent'](level / MAX_LEVEL * 100)}"
        gap = p.get("gap") or 0
        detail = (
            t.gettext("gap %(gap)s") % {"gap": numbers["level"](gap, 2)}
            if gap > 0
            else t.gettext("target met")
        )
        kind = "band"
    return {
        "x": x,
        "y": y,
        "id": p["id"],
        "value": value,
        "detail": detail,
        "fill": level_fill(level, status),
        "ink": level_ink(level) if kind == "band" else INK,
        "kind": kind,
        "tooltip": f"{p['id']} {p['title']}: {value} ({detail})",
    }


BAR_W = 440
BAR_LEFT = MARGIN
BAR_H = 18
BAR_BLOCK = 66


def section_bars_svg(
    sections: Sequence[Mapping[str, Any]],
    previous: Mapping[str, float | None] | None = None,
    previous_label: str | None = None,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """Each section's level as a bar on the 0-4 scale, its target as a mark.

    With `previous` (section id -> level), a thin grey bar under each shows the earlier level.
    """
    t = translator(language)
    numbers = environment(language).filters
    if previous_label is None:
        previous_label = t.gettext("earlier")
    block = BAR_BLOCK + (12 if previous is not None else 0)
    top = MARGIN + 34
    bars = []
    for i, s in enumerate(sections):
        y = top + i * block
        level, target = s["level"], s.get("target")
        before = previous.get(s["id"]) if previous is not None else None
        if level is None:
            words = t.gettext("not assessed")
        else:
            shown = numbers["level"](level, 2)
            words = f"{shown} ({numbers['percent'](level / MAX_LEVEL * 100)})"
        if level is not None and target is not None:
            words += t.gettext(", target %(target)s") % {"target": numbers["target"](target)}
        bars.append(
            {
                "title": f"{s['id']}. {s['title']}",
                "y": y,
                "bar_y": y + 8,
                "w": 0 if level is None else _x(level) - BAR_LEFT,
                "fill": level_fill(level),
                "target_x": None if target is None or level is None else _x(target),
                "words": words,
                "words_y": y + 8 + BAR_H + (26 if previous is not None else 16),
                "show_previous": previous is not None,
                "prev_w": None if before is None else _x(before) - BAR_LEFT,
                "prev_words": (
                    f"{previous_label}: "
                    + (t.gettext("not assessed") if before is None else numbers["level"](before, 2))
                ),
            }
        )
    ticks = [{"x": _x(n), "label": str(n)} for n in range(MAX_LEVEL + 1)]
    height = top + len(sections) * block + MARGIN
    return render_template(
        "chart_bars.svg.j2",
        language=language,
        width=BAR_LEFT + BAR_W + MARGIN * 2,
        height=height,
        bars=bars,
        ticks=ticks,
        bar_h=BAR_H,
        left=BAR_LEFT,
        right=_x(MAX_LEVEL),
        axis_y=MARGIN + 10,
        bottom=height - MARGIN,
    )


def _x(level: float) -> float:
    return round(BAR_LEFT + BAR_W * max(0.0, min(level, MAX_LEVEL)) / MAX_LEVEL, 1)
