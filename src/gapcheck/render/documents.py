"""Reports as documents: JSON, Markdown that pastes into a word processor, one-file HTML.

Templates get plain data. Free text from a questionnaire or the knowledge base is escaped for
the format it lands in: the HTML templates rely on autoescaping; the Markdown ones call `md`
and `cell` (render/text.py), which keep a pasted `<tag>` or `|` from turning into markup or
breaking a table. Numbers go through the filters of render/text.py by their own names
(`level(2)`: reports show levels and gaps to two decimals, so that level + gap adds up).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from gapcheck.i18n.formats import decimal
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.render.charts import heatmap_svg, level_fill, level_ink, section_bars_svg
from gapcheck.render.environment import render_template
from gapcheck.render.svg_graph import graph_svg

if TYPE_CHECKING:
    from gettext import NullTranslations

    from gapcheck.catalogue import Catalogue
    from gapcheck.graph import Digraph


def render_markdown(template: str, language: str = SOURCE_LANGUAGE, **context: Any) -> str:
    return render_template(template, language=language, **context)


def render_html(template: str, language: str = SOURCE_LANGUAGE, **context: Any) -> str:
    """An HTML page; `generated_by` and `source` go into its footer."""
    return render_template(template, language=language, fill=level_fill, ink=level_ink, **context)


def report_figures(
    data: Mapping[str, Any],
    catalogue: Catalogue,
    graph: Digraph,
    language: str = SOURCE_LANGUAGE,
) -> dict[str, Markup]:
    """The report's three pictures as inline SVG (generated here, so safe to embed)."""
    return {
        "heatmap": Markup(heatmap_svg(data["practices"], data["sections"], language)),
        "bars": Markup(section_bars_svg(data["sections"], language=language)),
        "graph": Markup(dependency_svg(data["practices"], catalogue, graph, language)),
    }


def dependency_svg(
    practices: list[Mapping[str, Any]],
    catalogue: Catalogue,
    graph: Digraph,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The dependency graph, each practice coloured by its level and labelled with its gap."""
    t = translator(language)
    fill = {p["id"]: level_fill(p["level"], p["status"]) for p in practices}
    label_extra = {p["id"]: _graph_label(p, t, language) for p in practices}
    return graph_svg(
        graph,
        catalogue,
        fill=fill,
        label_extra=label_extra,
        href=lambda pid: f"#{pid}",
        title=t.gettext("Dependency graph of the practices, coloured by level"),
        language=language,
    )


def _graph_label(p: Mapping[str, Any], t: NullTranslations, language: str) -> str:
    if p["status"] == "n/a":
        return t.gettext("n/a")
    if p["level"] is None:
        return t.gettext("not assessed")
    gap = p.get("gap") or 0
    level = decimal(p["level"], 2, language)
    if gap > 0:
        return t.gettext("%(level)s · gap %(gap)s") % {
            "level": level,
            "gap": decimal(gap, 2, language),
        }
    return level


def official_statements(catalogue: Catalogue) -> dict[str, dict[str, str | None]]:
    """Each practice's official statement (English, word for word) and its unofficial
    translation when the catalogue is localised (i18n/content.py) and has one."""
    return {
        p.id: {"official": p.statement, "unofficial": getattr(p, "unofficial_statement", None)}
        for p in catalogue
    }
