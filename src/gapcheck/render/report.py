"""A self-assessment report drawn as Markdown, one self-contained HTML page, or JSON."""

from __future__ import annotations

from gapcheck.render.documents import (
    official_statements,
    render_html,
    render_markdown,
    report_figures,
)
from gapcheck.render.json_text import to_json
from gapcheck.report import FORMATS, Report


def render_report(report: Report, fmt: str) -> str:
    """The report as Markdown ("md"), one self-contained HTML page ("html") or JSON.

    Markdown and HTML are in the report's language (JSON is data: build the report in
    English for it); outside English they show each practice's official statement.
    """
    language = report.language
    if fmt == "json":
        return to_json(report.data)
    statements = official_statements(report.catalogue)
    if fmt == "md":
        return render_markdown("report.md.j2", language, report=report.data, statements=statements)
    if fmt == "html":
        figures = report_figures(report.data, report.catalogue, report.graph, language)
        return render_html(
            "report.html.j2",
            language,
            report=report.data,
            statements=statements,
            figures=figures,
            generated_by=report.data["generated_by"],
            source=report.catalogue.meta.source.title,
        )
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
