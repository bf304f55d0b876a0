"""Word documents (.docx, A4) from gapcheck's Markdown, with pictures where a report has them.

The Markdown report and letter are the one source of their words; this module lays the same
text out as a Word document an official can edit and sign: Markdown headings become Word
headings, tables become Word tables, lists become bulleted or numbered lists. Only the subset
of Markdown that gapcheck's own templates write is read; their escapes are undone, since a
Word document has no markup for a pasted `<tag>` or `|` to turn into.

python-docx is imported here, and this module only from the commands that write a .docx.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from gapcheck.i18n.messages import direction

# What render/text.md escapes: a backslash before markup, entities for <, > and &
_ESCAPED = re.compile(r"\\([\\`<>|\[\]{}*_#!.+\-])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_NUMBERED = re.compile(r"\d+\.\s")


@dataclass(frozen=True)
class Picture:
    """A picture placed right after the heading with this text, with a caption under it."""

    png: bytes
    caption: str
    width_cm: float = 16.0


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", html.unescape(text))


def _runs(paragraph: Paragraph, text: str) -> None:
    """Text with **bold** parts, its Markdown escapes undone."""
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            paragraph.add_run(unescape(text[pos : m.start()]))
        paragraph.add_run(unescape(m.group(1))).bold = True
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(unescape(text[pos:]))


def new_document(title: str) -> DocumentObject:
    """An empty A4 document with 2 cm margins and its title in the file's properties."""
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.title = title
    props.author = "gapcheck"
    props.comments = "Written by gapcheck; edit it freely."
    return doc


# The language tags Word knows each language by (w:lang); the pseudo-languages are English
# and Arabic laid out as they test.
WORD_LANGUAGES = {
    "ar": "ar-SA",
    "ar-XB": "ar-SA",
    "en": "en-GB",
    "en-XA": "en-GB",
    "es": "es-ES",
    "fr": "fr-FR",
    "ru": "ru-RU",
    "zh": "zh-CN",
}


def set_language(doc: DocumentObject, language: str) -> None:
    """Mark the document's language (spelling, fonts) and, for Arabic, lay it out right to
    left: w:bidi on every paragraph, w:rtl on every run, w:bidiVisual on every table."""
    tag = WORD_LANGUAGES.get(language, language)
    doc.core_properties.language = tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if rpr is not None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        key = {"ar": "w:bidi", "zh": "w:eastAsia"}.get(language.split("-", maxsplit=1)[0], "w:val")
        lang.set(qn(key), tag)
    if direction(language) != "rtl":
        return
    for table in doc.tables:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    for paragraph in _all_paragraphs(doc):
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert_element_before(
            OxmlElement("w:bidi"),
            *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing"),
            *("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:rPr"),
        )
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _all_paragraphs(doc: DocumentObject) -> Iterator[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _blocks(markdown: str) -> Iterator[tuple[str, list[str]]]:
    """The Markdown cut into blocks: ("heading"|"table"|"list"|"para", lines)."""
    kind, lines = "", []  # type: tuple[str, list[str]]
    for raw in markdown.splitlines():
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped:
            if lines:
                yield kind, lines
            kind, lines = "", []
            continue
        if stripped.startswith("#"):
            if lines:
                yield kind, lines
            yield "heading", [stripped]
            kind, lines = "", []
            continue
        this = (
            "table"
            if stripped.startswith("|")
            else "list"
            if stripped.startswith("- ") or _NUMBERED.match(stripped)
            else "para"
        )
        if lines and this != kind and not (kind == "list" and this == "para"):
            yield kind, lines
            lines = []
        if not lines:
            kind = this
        lines.append(line)
    if lines:
        yield kind, lines


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip() for c in _CELL_SPLIT.split(inner)]


def _table(doc: DocumentObject, lines: list[str]) -> None:
    rows = [_cells(r) for r in lines if not re.fullmatch(r"\|?[\s:|-]+\|?", r.strip())]
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for i, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            paragraph = cell.paragraphs[0]
            _runs(paragraph, value)
            if i == 0:
                for run in paragraph.runs:
                    run.bold = True


def _paragraph(doc: DocumentObject, lines: list[str]) -> None:
    """Lines of one paragraph; a line ending in two spaces is a line break, as in Markdown."""
    paragraph = doc.add_paragraph()
    for i, line in enumerate(lines):
        hard = line.endswith("  ")
        _runs(paragraph, line.strip() + ("" if hard or i == len(lines) - 1 else " "))
        if hard and i < len(lines) - 1:
            paragraph.add_run().add_break()


def _list(doc: DocumentObject, lines: list[str]) -> None:
    items: list[tuple[str, int, str]] = []
    for line in lines:
        stripped = line.strip()
        depth = 2 if len(line) - len(line.lstrip()) >= 2 else 1
        if stripped.startswith("- "):
            items.append(("Bullet", depth, stripped[2:]))
        elif m := _NUMBERED.match(stripped):
            items.append(("Number", depth, stripped[m.end() :]))
        elif items:  # a continuation line of the item before
            style, d, text = items[-1]
            items[-1] = (style, d, f"{text} {stripped}")
    for style, depth, text in items:
        name = f"List {style}" + (" 2" if depth == 2 else "")
        _runs(doc.add_paragraph(style=name), text)


def markdown_to_docx(
    markdown: str,
    title: str,
    pictures: Mapping[str, Picture] | None = None,
    language: str = "en",
) -> bytes:
    """The Markdown as a Word document; `pictures` go after the headings that name them.

    The document is marked as written in `language`; in a right-to-left language (Arabic)
    its paragraphs, runs and tables are laid out right to left.
    """
    doc = new_document(title)
    pictures = pictures or {}
    for kind, lines in _blocks(markdown):
        if kind == "heading":
            marks, _, text = lines[0].partition(" ")
            text = unescape(text.strip())
            doc.add_heading(text, level=0 if len(marks) == 1 else min(len(marks) - 1, 4))
            picture = pictures.get(text)
            if picture is not None:
                doc.add_picture(io.BytesIO(picture.png), width=Cm(picture.width_cm))
                doc.add_paragraph(picture.caption, style="Caption")
        elif kind == "table":
            _table(doc, lines)
        elif kind == "list":
            _list(doc, lines)
        else:
            _paragraph(doc, lines)
    set_language(doc, language)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
