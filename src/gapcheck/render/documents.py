"""Reports as documents: JSON, Markdown that pastes into a word processor, one-file HTML.

Templates get plain data. Free text from a questionnaire is escaped for the format it lands
in: the HTML templates rely on autoescaping; the Markdown ones call `md` and `cell`, which
keep a pasted `<tag>` or `|` from turning into markup or breaking a table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from gapcheck.render.charts import heatmap_svg, level_fill, level_ink, section_bars_svg
from gapcheck.render.environment import fmt_level, fmt_percent, render_template
from gapcheck.render.svg_graph import graph_svg

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.graph import Digraph

# Only what could become HTML, code, a link or image ([x](javascript:...)), attributes
# ({ onclick=... } under attr_list) or a broken table; * and _ stay readable when pasted.
_MD_SPECIAL = re.compile(r"([\\`<>|\[\]{}])")


def md(value: object) -> str:
    """Free text for a Markdown paragraph: one line, with markup characters escaped."""
    text = " ".join(str(value or "").split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def cell(value: object) -> str:
    """Free text for a Markdown table cell; an empty cell still shows a dash."""
    return md(value) or "–"


def number(value: float | None, digits: int = 2) -> str:
    """A level or gap, to two decimals so that level + gap visibly adds up to the target."""
    return fmt_level(value, digits)


def target(value: float | None) -> str:
    """A target as the State wrote it: 3, 3.5; a mean target to at most two decimals."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def coverage(value: float | None) -> str:
    """A coverage percentage rounded down: 99.6% must never read as a complete 100%."""
    if value is None:
        return "–"
    return f"{math.floor(value + 1e-9):.0f}%"


def signed(value: float | None, digits: int = 2) -> str:
    """A change with its sign, so that a drop never reads as a level."""
    if value is None:
        return "–"
    if abs(value) < 0.5 * 10**-digits:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}"


def _helpers() -> dict[str, Any]:
    return {
        "md": md,
        "cell": cell,
        "num": number,
        "tgt": target,
        "pct": fmt_percent,
        "signed": signed,
        "covpct": coverage,
    }


def render_markdown(template: str, **context: Any) -> str:
    return render_template(template, **_helpers(), **context)


def render_html(template: str, **context: Any) -> str:
    """An HTML page; `generated_by` and `source` go into its footer."""
    return render_template(template, **_helpers(), fill=level_fill, ink=level_ink, **context)


def report_figures(
    data: Mapping[str, Any], catalogue: Catalogue, graph: Digraph
) -> dict[str, Markup]:
    """The report's three pictures as inline SVG (generated here, so safe to embed)."""
    return {
        "heatmap": Markup(heatmap_svg(data["practices"], data["sections"])),
        "bars": Markup(section_bars_svg(data["sections"])),
        "graph": Markup(dependency_svg(data["practices"], catalogue, graph)),
    }


def dependency_svg(practices: list[Mapping[str, Any]], catalogue: Catalogue, graph: Digraph) -> str:
    """The dependency graph, each practice coloured by its level and labelled with its gap."""
    fill = {p["id"]: level_fill(p["level"], p["status"]) for p in practices}
    label_extra = {p["id"]: _graph_label(p) for p in practices}
    return graph_svg(
        graph,
        catalogue,
        fill=fill,
        label_extra=label_extra,
        href=lambda pid: f"#{pid}",
        title="Dependency graph of the practices, coloured by level",
    )


def _graph_label(p: Mapping[str, Any]) -> str:
    if p["status"] == "n/a":
        return "n/a"
    if p["level"] is None:
        return "not assessed"
    gap = p.get("gap") or 0
    return f"{p['level']:.2f}" + (f" · gap {gap:.2f}" if gap > 0 else "")
