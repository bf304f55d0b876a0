"""The report, its statement of applicability and the cover letter as Word documents.

Their words are the Markdown ones (one source); the report adds the heatmap as a picture,
with the table of levels under it as its text equivalent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gapcheck.render.documents import render_markdown
from gapcheck.render.docx import Picture, markdown_to_docx
from gapcheck.render.png import heatmap_png

HEATMAP_CAPTION = (
    "All practices at a glance: each cell is a practice with its level (n/a: not applicable; "
    "-: not assessed yet). The table below gives the same figures with targets and gaps."
)


def report_docx(data: Mapping[str, Any]) -> bytes:
    markdown = render_markdown("report.md.j2", report=data)
    picture = Picture(heatmap_png(data["practices"], data["sections"]), HEATMAP_CAPTION)
    title = f"Self-assessment: {data['questionnaire']['state']}"
    return markdown_to_docx(markdown, title, {"Levels by practice": picture})


def applicability_docx(data: Mapping[str, Any]) -> bytes:
    markdown = render_markdown("applicability_page.md.j2", report=data)
    return markdown_to_docx(
        markdown, f"Statement of applicability: {data['questionnaire']['state']}"
    )


def letter_docx(markdown: str, state: str) -> bytes:
    return markdown_to_docx(markdown, f"Request for assistance: {state}")
