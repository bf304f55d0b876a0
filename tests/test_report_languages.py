"""The report and the comparison in the six languages, end to end through the CLI.

In the pseudo-language en-XA every word gapcheck writes is accented, so any plain English
phrase left in an output, once the knowledge base's English content, the official statements
and the State's own words are taken out, is a string nobody marked. In French, Arabic and
Chinese the official statement of every practice shown appears in English, word for word, and
the rest is in that language. English outputs are the existing tests' business (test_report,
test_cli_assess, test_docx), which keep passing unchanged.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from markupsafe import escape

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import translator
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.docx import unescape
from tests.conftest import EXAMPLES, invoke
from tests.i18n_support import english_left

OLD = EXAMPLES / "arcadia-2026.yaml"
NEW = EXAMPLES / "arcadia-2028.yaml"


def strings(value: Any) -> Iterator[str]:
    """Every string inside a model dump (dicts, lists, nested)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def allowed_english(catalogue: Catalogue, *questionnaires: Path) -> list[str]:
    """What a pseudo-language output shows in English on purpose: the knowledge base's
    content (pseudo-languages have no translated content), the official statements, and the
    State's own words."""
    texts = list(strings([p.model_dump() for p in catalogue]))
    texts += strings(catalogue.meta.model_dump())
    for path in questionnaires:
        texts += strings(load_questionnaire_file(str(path), catalogue).model_dump(mode="json"))
    return [one_line(t) for t in texts if len(t) > 2]


def one_line(text: str) -> str:
    """Spaces as a reader sees them: a title wrapped over lines of a picture reads as one."""
    return re.sub(r"(?<=\w)- (?=[a-z])", "-", re.sub(r"\s+", " ", text))


def shown_text(output: str, fmt: str) -> str:
    """What a reader sees: HTML without its markup, Markdown without its escapes."""
    if fmt == "html":
        output = re.sub(r"<style>.*?</style>", " ", output, flags=re.S)
        return one_line(html.unescape(re.sub(r"<[^>]+>", " ", output)))
    return one_line(unescape(output))


def docx_text(data: bytes, skip_heading: str = "") -> str:
    """The document's words; with `skip_heading`, without that heading's section."""
    document = docx.Document(io.BytesIO(data))
    parts, skipping = [], False
    for p in document.paragraphs:
        if p.style is not None and p.style.name.startswith("Heading"):
            skipping = p.text == skip_heading
        if not skipping:
            parts.append(p.text)
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return one_line("\n".join(parts))


def without_site_parts(text: str, fmt: str) -> str:
    """The report without what comes from the site's shared page templates (assess_*.j2: the
    scale box and the page footer), whose words are marked in the `site` catalogue by its
    own change. Everything else the report shows is checked."""
    if fmt == "html":
        text = re.sub(r'<section id="scale">.*?</section>', " ", text, flags=re.S)
        return re.sub(r"<footer>.*?</footer>", " ", text, flags=re.S)
    return re.sub(r"(?m)^## How to read this report$.*?(?=^## )", " ", text, flags=re.S)


def run(*args: str | Path) -> str:
    ran = invoke(*args)
    assert ran.exit_code == 0, ran.output
    return ran.stdout


def written(tmp_path: Path, name: str, *args: str | Path) -> bytes:
    out = tmp_path / name
    ran = invoke(*args, "-o", out)
    assert ran.exit_code == 0, ran.output
    return out.read_bytes()


# ----------------------------------------------------------------- pseudo-language: en-XA


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_pseudo_language_report_has_no_english_left(catalogue: Catalogue, fmt: str) -> None:
    out = run("report", OLD, "--lang", "en-XA", "--format", fmt)
    left = english_left(
        shown_text(without_site_parts(out, fmt), fmt), allowed_english(catalogue, OLD)
    )
    assert left == [], sorted(set(left))
    # the official statements are shown outside English, even in a pseudo-language
    assert all(p.statement in shown_text(out, fmt) for p in catalogue)


@pytest.mark.slow
def test_a_pseudo_language_word_document_has_no_english_left(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    data = written(tmp_path, "report.docx", "report", OLD, "--lang", "en-XA")
    # the scale's section comes from the site's shared template (see without_site_parts)
    text = docx_text(data, skip_heading="How to read this report")
    left = english_left(text, allowed_english(catalogue, OLD))
    assert left == [], sorted(set(left))
    assert all(p.statement in text for p in catalogue)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_pseudo_language_comparison_has_no_english_left(catalogue: Catalogue, fmt: str) -> None:
    out = run("compare", OLD, NEW, "--lang", "en-XA", "--format", fmt)
    left = english_left(
        shown_text(without_site_parts(out, fmt), fmt), allowed_english(catalogue, OLD, NEW)
    )
    assert left == [], sorted(set(left))


# ------------------------------------------------------------- French, Arabic and Chinese


def translated_words(language: str) -> list[str]:
    t = translator(language)
    return [t.gettext(w) for w in ("Levels by section", "What to do first", "Priorities")]


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_report_in_a_language_keeps_every_statement_in_english(
    catalogue: Catalogue, language: str, fmt: str
) -> None:
    out = run("report", OLD, "--lang", language, "--format", fmt)
    text = shown_text(out, fmt)
    for p in catalogue:
        assert p.statement in text, f"{p.id}: the official statement is not there word for word"
    local = localise(catalogue, language)
    for p in local:
        assert p.title in text
        unofficial = getattr(p, "unofficial_statement", None)
        assert unofficial and unofficial in text, f"{p.id}: no unofficial translation"
    shown = [w for w in translated_words(language) if w in text]
    assert len(shown) >= 2 and all(w not in translated_words("en") for w in shown)
    assert (
        translator(language).gettext("Unofficial translation; the English text is authoritative.")
        in text
    )
    if fmt == "html":
        statement = escape(catalogue.by_id["GP01"].statement)
        assert f'<span lang="en" dir="ltr">{statement}</span>' in out


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_a_word_report_in_a_language_keeps_every_statement_in_english(
    catalogue: Catalogue, tmp_path: Path, language: str
) -> None:
    text = docx_text(written(tmp_path, "r.docx", "report", OLD, "--lang", language))
    assert all(p.statement in text for p in catalogue)
    assert sum(w in text for w in translated_words(language)) >= 2


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_comparison_in_a_language(catalogue: Catalogue, language: str, fmt: str) -> None:
    out = shown_text(run("compare", OLD, NEW, "--lang", language, "--format", fmt), fmt)
    t = translator(language)
    for words in ("By section", "By practice", "Answers that changed", "improved"):
        assert t.gettext(words) in out
    assert localise(catalogue, language).by_id["GP01"].title in out
    english = shown_text(run("compare", OLD, NEW, "--format", fmt), fmt)
    assert "By section" in english and "By section" not in out


def test_numbers_and_dates_are_written_as_the_language_writes_them() -> None:
    english = run("report", OLD)
    french = run("report", OLD, "--lang", "fr")
    chinese = run("report", OLD, "--lang", "zh")
    assert "2026-03-16" in english and "16 mars 2026" in french and "2026年3月16日" in chinese
    level = re.search(r"Overall level \| (\d)\.(\d\d) of 4", english)
    assert level, "the English summary row"
    assert f"{level[1]},{level[2]} sur 4" in french, "a decimal comma in French"
    assert f"{level[1]}.{level[2]} / 4" in chinese


def test_json_stays_language_neutral() -> None:
    assert run("report", OLD, "--format", "json", "--lang", "fr") == run(
        "report", OLD, "--format", "json"
    )
    assert run("compare", OLD, NEW, "--format", "json", "--lang", "ar") == run(
        "compare", OLD, NEW, "--format", "json"
    )


# ------------------------------------------------------------------------ right to left


def test_an_arabic_page_reads_right_to_left() -> None:
    out = run("report", OLD, "--lang", "ar", "--format", "html")
    assert '<html lang="ar" dir="rtl">' in out
    assert "text-align: left" not in out and "padding-left" not in out, "logical CSS only"
    # the pictures keep their left-to-right layout, their labels read right to left
    svgs = re.findall(r"<svg .*?</svg>", out, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'direction="ltr"' in svg.split(">", 1)[0]
        assert 'direction="rtl" text-anchor="end"' in svg
    assert '<span class="calc" dir="ltr">' in out, "the arithmetic still reads left to right"
    compared = run("compare", OLD, NEW, "--lang", "ar", "--format", "html")
    assert '<html lang="ar" dir="rtl">' in compared and '<bdi dir="ltr">' in compared
    english = run("report", OLD, "--format", "html")
    assert '<html lang="en" dir="ltr">' in english and "<bdi" not in english


def test_an_arabic_word_document_is_right_to_left(tmp_path: Path) -> None:
    document = docx.Document(
        io.BytesIO(written(tmp_path, "ar.docx", "report", OLD, "--lang", "ar"))
    )
    assert document.core_properties.language == "ar-SA"
    body = [p for p in document.paragraphs if p.text.strip()]
    assert body and all(
        p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in body
    )
    runs = [r for p in body for r in p.runs if r.text.strip()]
    assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rtl")) is not None for r in runs)
    assert document.tables
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    english = docx.Document(io.BytesIO(written(tmp_path, "en.docx", "report", OLD)))
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is None for t in english.tables)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in english.paragraphs)


# ------------------------------------------------------------ which language is chosen


def with_language(tmp_path: Path, source: Path, language: str) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["language"] = language
    out = tmp_path / f"{source.stem}-{language}.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return out


def test_the_questionnaires_language_is_the_default_and_lang_beats_it(tmp_path: Path) -> None:
    french = with_language(tmp_path, OLD, "fr")
    fr, es = translator("fr"), translator("es")
    assert f"## {fr.gettext('Levels by section')}" in run("report", french)
    assert f"## {es.gettext('Levels by section')}" in run("report", french, "--lang", "es")
    assert "## Levels by section" in run("report", french, "--lang", "en")
    # a comparison speaks the language of the earlier questionnaire, unless told otherwise
    assert f"## {fr.gettext('By section')}" in run("compare", french, NEW)
    assert f"## {es.gettext('By section')}" in run("compare", french, NEW, "--lang", "es")
    applicability = run("report", french, "--section", "applicability")
    assert f"## {fr.gettext('Statement of applicability')}" in applicability


@pytest.mark.parametrize("command", [["report", OLD], ["compare", OLD, NEW]])
def test_an_unknown_language_is_refused(command: list[str | Path], tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    ran = invoke(*command, "--lang", "de", "-o", out)
    assert ran.exit_code == 2
    assert "--lang" in ran.stderr and "'de'" in ran.stderr and "fr" in ran.stderr
    assert "Traceback" not in ran.output and not out.exists()
