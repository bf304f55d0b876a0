"""The cover letter as a Word document in its language: right to left for Arabic.

The letter's words are the Markdown ones (render/docx.py lays them out); here the document is
told its language, so that Word checks its spelling in it and picks fonts for its script,
and for a right-to-left language every paragraph, table and run is set right to left
(w:bidi, w:bidiVisual, w:rtl), as Word itself marks a document written in Arabic.

python-docx is imported here, and this module only from the commands that write a .docx.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from gapcheck.i18n.messages import SOURCE_LANGUAGE, direction
from gapcheck.render.capacity import letter_title
from gapcheck.render.docx import markdown_to_docx

# The language tags Word knows each language by (w:lang); the pseudo-languages are English
# and Arabic laid out as they test.
_WORD_LANGUAGES = {
    "ar": "ar-SA",
    "ar-XB": "ar-SA",
    "en": "en-GB",
    "en-XA": "en-GB",
    "es": "es-ES",
    "fr": "fr-FR",
    "ru": "ru-RU",
    "zh": "zh-CN",
}


def letter_docx(markdown: str, state: str, language: str = SOURCE_LANGUAGE) -> bytes:
    """The letter's Markdown as a Word document in `language`."""
    data = markdown_to_docx(markdown, letter_title(state, language))
    if language == SOURCE_LANGUAGE:
        return data  # as it always was
    doc = Document(io.BytesIO(data))
    set_language(doc, language)
    if direction(language) == "rtl":
        right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """`parent`'s first child `tag`, made if it has none."""
    found: BaseOxmlElement | None = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_language(doc: DocumentObject, language: str) -> None:
    """The language of the whole text, in the default run properties of the styles, and the
    document's own property."""
    tag = _WORD_LANGUAGES.get(language, "en-GB")
    doc.core_properties.language = tag
    styles = doc.styles.element
    defaults = _child(_child(_child(styles, "w:docDefaults"), "w:rPrDefault"), "w:rPr")
    lang = _child(defaults, "w:lang")
    # w:val: Latin and Cyrillic text; w:bidi: right-to-left text; w:eastAsia: Chinese
    lang.set(qn("w:val"), tag if direction(language) == "ltr" and language != "zh" else "en-GB")
    lang.set(qn("w:bidi"), tag if direction(language) == "rtl" else "ar-SA")
    lang.set(qn("w:eastAsia"), tag if language == "zh" else "zh-CN")


def right_to_left(doc: DocumentObject) -> None:
    """Every paragraph (in tables too) right to left, every table laid out from the right,
    every run of text right to left, and the styles' defaults the same."""
    body = doc.element.body
    for p in body.iter(qn("w:p")):
        p_pr = p.get_or_add_pPr()
        _bidi_first(p_pr)
    for table in body.iter(qn("w:tbl")):
        tbl_pr = table.find(qn("w:tblPr"))
        if tbl_pr is None:
            tbl_pr = OxmlElement("w:tblPr")
            table.insert(0, tbl_pr)
        if tbl_pr.find(qn("w:bidiVisual")) is None:
            # after the table's style and floating position, before its width (the schema's
            # order)
            anchor = None
            for tag in ("w:tblStyle", "w:tblpPr", "w:tblOverlap"):
                anchor = tbl_pr.find(qn(tag)) if tbl_pr.find(qn(tag)) is not None else anchor
            if anchor is None:
                tbl_pr.insert(0, OxmlElement("w:bidiVisual"))
            else:
                anchor.addnext(OxmlElement("w:bidiVisual"))
    for run in body.iter(qn("w:r")):
        r_pr = run.get_or_add_rPr()
        if r_pr.find(qn("w:rtl")) is None:
            r_pr.append(OxmlElement("w:rtl"))
    styles = doc.styles.element
    p_defaults = _child(_child(_child(styles, "w:docDefaults"), "w:pPrDefault"), "w:pPr")
    if p_defaults.find(qn("w:bidi")) is None:
        p_defaults.append(OxmlElement("w:bidi"))


def _bidi_first(p_pr: BaseOxmlElement) -> None:
    """w:bidi in a paragraph's properties, in the place the schema gives it (after the
    style, numbering and borders; before spacing, indents and alignment), so that Word
    reads the document without complaint."""
    if p_pr.find(qn("w:bidi")) is not None:
        return
    bidi = OxmlElement("w:bidi")
    before = (
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    for child in p_pr:
        if child.tag in {qn(t) for t in before}:
            child.addprevious(bidi)
            return
    p_pr.append(bidi)
