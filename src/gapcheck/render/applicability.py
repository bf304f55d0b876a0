"""The statement of applicability on its own (`gapcheck report Q --section applicability`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gapcheck.i18n.messages import SOURCE_LANGUAGE
from gapcheck.render.documents import render_html, render_markdown
from gapcheck.render.json_text import to_json


def render_applicability(data: Mapping[str, Any], fmt: str, language: str = SOURCE_LANGUAGE) -> str:
    """The table of a report's `data` as Markdown, a self-contained HTML page, or JSON;
    Markdown and HTML in `language` (the one `data` was built in)."""
    if fmt == "json":
        return to_json(
            {
                "schema_version": data["schema_version"],
                "kind": "gapcheck-applicability",
                "generated_by": data["generated_by"],
                "catalogue": data["catalogue"],
                "questionnaire": data["questionnaire"],
                "applicability": data["applicability"],
            }
        )
    if fmt == "md":
        return render_markdown("applicability_page.md.j2", language, report=data)
    if fmt == "html":
        return render_html(
            "applicability_page.html.j2",
            language,
            report=data,
            generated_by=data["generated_by"],
            source=data["catalogue"]["source"],
        )
    raise ValueError(f"unknown format {fmt!r} for the statement of applicability")
