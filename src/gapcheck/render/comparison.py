"""Progress between two assessments drawn as Markdown, one HTML page, or JSON."""

from __future__ import annotations

from markupsafe import Markup

from gapcheck.compare import Comparison
from gapcheck.i18n.formats import long_date
from gapcheck.i18n.messages import translator
from gapcheck.render import documents
from gapcheck.render.charts import section_bars_svg
from gapcheck.render.json_text import to_json


def render_comparison(comparison: Comparison, fmt: str) -> str:
    """The comparison as Markdown ("md"), one self-contained HTML page ("html") or JSON."""
    data = comparison.data
    language = comparison.language
    if fmt == "json":
        return to_json(data)
    if fmt == "md":
        return documents.render_markdown("compare.md.j2", language, cmp=data)
    if fmt == "html":
        new_sections = [
            {"id": s["id"], "title": s["title"], "level": s["new"], "target": None}
            for s in data["sections"]
        ]
        t = translator(language)
        when = long_date(data["old"]["date"], language) or t.gettext("old file")
        bars = section_bars_svg(
            new_sections,
            previous={s["id"]: s["old"] for s in data["sections"]},
            previous_label=t.gettext("earlier (%(when)s)") % {"when": when},
            language=language,
        )
        return documents.render_html(
            "compare.html.j2",
            language,
            cmp=data,
            figures={"bars": Markup(bars)},
            generated_by=data["generated_by"],
            source=comparison.catalogue.meta.source.title,
        )
    raise ValueError(f"unknown format {fmt!r}; use md, html or json")
