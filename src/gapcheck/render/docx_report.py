"""The report, its statement of applicability and the cover letter as Word documents.

Their words are the Markdown ones (one source); the report adds the heatmap as a picture,
with the table of levels under it as its text equivalent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gapcheck.i18n.messages import N_, SOURCE_LANGUAGE, translator
from gapcheck.render.capacity import letter_title
from gapcheck.render.documents import render_markdown
from gapcheck.render.docx import Picture, markdown_to_docx
from gapcheck.render.png import heatmap_png

HEATMAP_CAPTION = N_(
    "All practices at a glance: each cell is a practice with its level (n/a: not applicable; "
    "-: not assessed yet). The table below gives the same figures with targets and gaps."
)
# The heading of report.md.j2 the heatmap goes under (the same msgid, so the same words).
HEATMAP_HEADING = N_("Levels by practice")


def report_docx(
    data: Mapping[str, Any],
    language: str = SOURCE_LANGUAGE,
    statements: Mapping[str, Mapping[str, str | None]] | None = None,
) -> bytes:
    """The report in `language` (the one `data` was built in); `statements` are the
    official statements shown outside English (documents.official_statements)."""
    t = translator(language)
    markdown = render_markdown("report.md.j2", language, report=data, statements=statements or {})
    picture = Picture(heatmap_png(data["practices"], data["sections"]), t.gettext(HEATMAP_CAPTION))
    title = t.gettext("Self-assessment: %(state)s") % {"state": data["questionnaire"]["state"]}
    return markdown_to_docx(markdown, title, {t.gettext(HEATMAP_HEADING): picture}, language)


def applicability_docx(data: Mapping[str, Any], language: str = SOURCE_LANGUAGE) -> bytes:
    t = translator(language)
    markdown = render_markdown("applicability_page.md.j2", language, report=data)
    title = t.gettext("Statement of applicability: %(state)s") % {
        "state": data["questionnaire"]["state"]
    }
    return markdown_to_docx(markdown, title, language=language)


def letter_docx(markdown: str, state: str, language: str = SOURCE_LANGUAGE) -> bytes:
    """The cover letter's Markdown as a Word document in `language` (right to left in
    Arabic, as markdown_to_docx makes every document)."""
    return markdown_to_docx(markdown, letter_title(state, language), language=language)
