"""The overview as JSON, CSV, Markdown or one self-contained HTML page with SVG pictures.

Plain data in (from `gapcheck.overview.build`), text out; what a reader may see was settled
before: this module only lays it out. Every format repeats the audience notice, so a page
printed or pasted on its own still says who it is for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from markupsafe import Markup

from gapcheck.i18n.formats import decimal
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.overview.stats import band
from gapcheck.render.charts import BAND_FILL, BAND_INK, BAND_NAME, INK
from gapcheck.render.documents import render_html, render_markdown
from gapcheck.render.environment import render_template
from gapcheck.render.json_text import to_json
from gapcheck.render.overview_words import AUDIENCE_NAME, PROVIDER_TYPE, overview_in
from gapcheck.render.tables import render_rows

FORMATS = ("html", "json", "csv", "md")
HIDDEN_FILL = "#d9d9d9"


def render_overview(data: Mapping[str, Any], fmt: str, language: str = SOURCE_LANGUAGE) -> str:
    """The overview in `fmt`; Markdown and HTML in `language`, JSON and CSV language-neutral."""
    if fmt == "json":
        return to_json(dict(data))
    if fmt == "csv":
        return overview_csv(data)
    if fmt not in ("md", "html"):
        raise ValueError(f"unknown overview format {fmt!r}; use one of {', '.join(FORMATS)}")
    shown = overview_in(data, language)
    gettext = translator(language).gettext
    words = {
        "level": partial(level_text, language=language),
        "audience": gettext(AUDIENCE_NAME.get(data["audience"], data["audience"])),
        "provider_type": {k: gettext(v) for k, v in PROVIDER_TYPE.items()},
    }
    if fmt == "md":
        return render_markdown("overview.md.j2", language, ov=shown, **words)
    return render_html(
        "overview.html.j2",
        language,
        ov=shown,
        figures=figures(shown, language),
        generated_by=data["generated_by"],
        source=shown["catalogue"]["source"],
        **words,
    )


def level_text(value: float | None, language: str = SOURCE_LANGUAGE) -> str:
    """A level with no trailing zeros (2.5, 3), in the language's decimal convention."""
    if value is None:
        return "–"
    digits = len(f"{value:.2f}".rstrip("0").rstrip(".").partition(".")[2])
    return decimal(value, digits, language)


# ------------------------------------------------------------------------------ CSV


def _level_rows(data: Mapping[str, Any], audience: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for table in ("sections", "practices"):
        for item in data[table]:
            for c in (item["total"], *item["groups"]):
                rows.append(
                    {
                        "audience": audience,
                        "table": f"levels by {table[:-1]}",
                        "item": item["id"],
                        "group": c["group"],
                        "shown": "yes" if c["published"] else "no",
                        "reason": c["reason"] or "",
                        "states": c["states"],
                        "lower_quartile": c["q1"],
                        "median": c["median"],
                        "upper_quartile": c["q3"],
                        **{f"band_{b}": (c["bands"][b] if c["bands"] else None) for b in range(5)},
                        "states_named": "; ".join(c.get("names", [])),
                    }
                )
    return rows


def overview_csv(data: Mapping[str, Any]) -> str:
    """One long table: a row per figure group, with the audience on every row."""

    audience = data["audience"]
    rows = _level_rows(data, audience)
    for item in data["trend"] or []:
        for c in (item["total"], *item["groups"]):
            rows.append(
                {
                    **_blank(audience, "trend by section", item["id"], c),
                    "moved_down": c["down"],
                    "unchanged": c["same"],
                    "moved_up": c["up"],
                    "median_change": c["median_change"],
                }
            )
    sd = data["supply_demand"]
    if sd:
        for p in sd["practices"]:
            rows.append(
                {
                    **_blank(audience, "supply and demand", p["id"], p["asking"]),
                    "group": "all kinds",
                    "states_asking": p["asking"]["states"],
                    "states_unmet": p["unmet"]["states"],
                    "places_offered": p["places_offered"],
                    "places_left": p["places_left"],
                    "idle_offers": p["idle_offers"],
                }
            )
            for kind, c in p["asking_by_kind"].items():
                rows.append(
                    {
                        **_blank(audience, "supply and demand", p["id"], c),
                        "group": kind,
                        "states_asking": c["states"],
                        "places_offered": p["places_by_kind"][kind],
                    }
                )
        for r in sd["regions"]:
            for sid, c in {"all": r["asking"], **r["by_section"]}.items():
                rows.append(
                    {
                        **_blank(audience, "asked by region", sid, c),
                        "group": r["region"],
                        "states_asking": c["states"],
                    }
                )
        for pr in sd["providers"]:
            rows.append(
                {
                    **_blank(audience, "providers", pr["type"], {"published": True}),
                    "group": pr["provider"],
                    "offers": pr["offers"],
                    "places_offered": pr["places"],
                    "places_left": pr["places_left"],
                }
            )
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return render_rows([{c: row.get(c) for c in columns} for row in rows], "csv")


def _blank(audience: str, table: str, item: str, c: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "audience": audience,
        "table": table,
        "item": item,
        "group": c.get("group", ""),
        "shown": "yes" if c["published"] else "no",
        "reason": c.get("reason") or "",
        "states": c.get("states"),
    }


# ------------------------------------------------------------------------------ pictures


def figures(data: Mapping[str, Any], language: str = SOURCE_LANGUAGE) -> dict[str, Markup]:
    out = {
        "heatmap": Markup(heatmap_svg(data["practices"], language)),
        "bars": Markup(bars_svg(data["sections"], language)),
    }
    if data["supply_demand"]:
        out["supply"] = Markup(supply_svg(data["supply_demand"]["practices"], language))
    return out


CELL_W, CELL_H, LEFT, TOP = 36, 30, 170, 40


def _fill(c: Mapping[str, Any]) -> tuple[str, str, str]:
    if not c["published"]:
        return HIDDEN_FILL, INK, "hidden"
    if c["median"] is None:
        return "#ffffff", INK, "none"
    b = band(c["median"])
    return BAND_FILL[b], BAND_INK[b], "band"


def heatmap_svg(practices: Sequence[Mapping[str, Any]], language: str = SOURCE_LANGUAGE) -> str:
    """Groups (rows: all States, then regions) x practices (columns), by median level."""
    t = translator(language)
    level: Callable[[float | None], str] = partial(level_text, language=language)
    rows = (
        [c["group"] for c in (practices[0]["total"], *practices[0]["groups"])] if practices else []
    )
    cells = []
    for col, p in enumerate(practices):
        for row, c in enumerate((p["total"], *p["groups"])):
            fill, ink, kind = _fill(c)
            value = level(c["median"]) if c["published"] else "–"
            why = c["reason"] or t.gettext(
                "median %(median)s, quartiles %(q1)s to %(q3)s, %(states)s States"
            ) % {"median": value, "q1": level(c["q1"]), "q3": level(c["q3"]), "states": c["states"]}
            cells.append(
                {
                    "x": LEFT + col * CELL_W,
                    "y": TOP + row * CELL_H,
                    "fill": fill,
                    "ink": ink,
                    "kind": kind,
                    "value": value,
                    "tooltip": f"{p['id']}, {c['group']}: {why}",
                }
            )
    width = LEFT + len(practices) * CELL_W + 10
    legend_y = TOP + len(rows) * CELL_H + 14
    keys = [*zip(BAND_FILL, BAND_INK, BAND_NAME, strict=True), (HIDDEN_FILL, INK, "not shown")]
    legend = [
        {
            "x": 10 + (i % 3) * 200,
            "y": legend_y + (i // 3) * 24,
            "fill": f,
            "ink": k,
            "label": t.gettext(n) if i < len(BAND_NAME) else t.gettext("not shown"),
            "hidden": i == len(BAND_NAME),
        }
        for i, (f, k, n) in enumerate(keys)
    ]
    return render_template(
        "chart_overview_heatmap.svg.j2",
        language=language,
        width=width,
        height=legend_y + 2 * 24 + 10,
        rows=[{"label": r, "y": TOP + i * CELL_H} for i, r in enumerate(rows)],
        columns=[{"label": p["id"][2:], "x": LEFT + i * CELL_W} for i, p in enumerate(practices)],
        cells=cells,
        legend=legend,
        cell_w=CELL_W,
        cell_h=CELL_H,
        left=LEFT,
        top=TOP,
    )


AXIS_LEFT, AXIS_W, ROW_H = 10, 440, 52


def _x(level: float) -> float:
    return round(AXIS_LEFT + AXIS_W * max(0.0, min(level, 4.0)) / 4, 1)


def bars_svg(sections: Sequence[Mapping[str, Any]], language: str = SOURCE_LANGUAGE) -> str:
    """Each section's quartile range as a box on the 0-4 scale, the median as a mark."""
    t = translator(language)
    level: Callable[[float | None], str] = partial(level_text, language=language)
    rows = []
    for i, s in enumerate(sections):
        c = s["total"]
        y = 40 + i * ROW_H
        shown = c["published"] and c["median"] is not None
        rows.append(
            {
                "title": f"{s['id']}. {s['title']}",
                "y": y,
                "shown": shown,
                "x1": _x(c["q1"]) if shown else 0,
                "x2": _x(c["q3"]) if shown else 0,
                "xm": _x(c["median"]) if shown else 0,
                "fill": BAND_FILL[band(c["median"])] if shown else HIDDEN_FILL,
                "words": (
                    t.gettext(
                        "median %(median)s, half of the %(states)s States between %(q1)s and %(q3)s"
                    )
                    % {
                        "median": level(c["median"]),
                        "states": c["states"],
                        "q1": level(c["q1"]),
                        "q3": level(c["q3"]),
                    }
                    if shown
                    else (c["reason"] or t.gettext("no State assessed this section"))
                ),
            }
        )
    return render_template(
        "chart_overview_bars.svg.j2",
        language=language,
        width=AXIS_LEFT + AXIS_W + 20,
        height=40 + len(sections) * ROW_H + 10,
        rows=rows,
        ticks=[{"x": _x(n), "label": str(n)} for n in range(5)],
        left=AXIS_LEFT,
        right=_x(4),
    )


def supply_svg(practices: Sequence[Mapping[str, Any]], language: str = SOURCE_LANGUAGE) -> str:
    """Per practice: States asking (and unmet) against places offered (and left)."""
    hidden = translator(language).gettext("not shown")
    top = max(
        [
            1,
            *(p["asking"]["states"] or 0 for p in practices),
            *(p["places_offered"] for p in practices),
        ]
    )
    scale = 200 / top
    rows = []
    for i, p in enumerate(practices):
        asking, unmet = p["asking"]["states"], p["unmet"]["states"]
        rows.append(
            {
                "id": p["id"],
                "y": 30 + i * 26,
                "ask_w": round((asking or 0) * scale, 1),
                "unmet_w": round((unmet or 0) * scale, 1),
                "offer_w": round(p["places_offered"] * scale, 1),
                "left_w": round(p["places_left"] * scale, 1),
                "ask": hidden if asking is None else str(asking),
                "unmet": hidden if unmet is None else str(unmet),
                "offered": str(p["places_offered"]),
                "left": str(p["places_left"]),
            }
        )
    return render_template(
        "chart_overview_supply.svg.j2",
        language=language,
        width=560,
        height=40 + len(practices) * 26,
        rows=rows,
    )
