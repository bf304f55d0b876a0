"""The online form's data: taken from the catalogue and the models, safe inside a page."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.cli import cli
from gapcheck.guidance import pages as site
from gapcheck.guidance.form import FORM_FORMAT, form_data, form_json
from gapcheck.models.questionnaire import (
    DEFAULT_TARGET,
    NA,
    NA_WORDS,
    SCALE,
    Questionnaire,
    parse_level,
)
from gapcheck.questionnaire import new_questionnaire
from gapcheck.workbook import write_workbook
from tests.conftest import PRACTICES, ROOT, record_added

SCRIPT = ROOT / "site-overrides" / "assets" / "javascripts" / "gapcheck-form.js"
NEW_ELEMENT = """  - id: GP05.5
    text: Staff are debriefed after a serious incident.
    question: Are staff debriefed and supported after a serious incident with an inmate?
"""


def test_form_data_follows_the_catalogue(catalogue: Catalogue) -> None:
    data = form_data(catalogue)
    assert data["format"] == FORM_FORMAT
    assert data["catalogue_version"] == catalogue.version
    assert [(s["id"], s["title"]) for s in data["sections"]] == list(catalogue.sections.items())
    practices = [p for s in data["sections"] for p in s["practices"]]
    assert [p["id"] for p in practices] == [p.id for p in catalogue]
    for shown, p in zip(practices, catalogue, strict=True):
        assert shown["title"] == p.title
        assert shown["suggested"] == p.assistance
        assert [(e["id"], e["question"]) for e in shown["elements"]] == [
            (e.id, e.question) for e in p.elements
        ]
    assert [a["id"] for a in data["assistance"]] == list(catalogue.assistance)
    assert {s["level"]: s["words"] for s in data["scale"]} == SCALE
    assert (data["na"], data["default_target"]) == (NA, DEFAULT_TARGET)


def test_the_form_reads_n_a_with_the_model_words(catalogue: Catalogue) -> None:
    # The script keeps no list of its own: a word added to the model reaches the form.
    words = form_data(catalogue)["na_words"]
    assert words == list(NA_WORDS)
    assert all(parse_level(word) == NA for word in words)
    assert all(parse_level(word.upper()) == NA for word in words)
    script = SCRIPT.read_text(encoding="utf-8")
    assert "data.na_words.includes" in script
    # ("na" is also a field-key suffix in the script, so only the longer words are looked for)
    assert all(f'"{word}"' not in script for word in words if len(word) > 3)


def test_metadata_fields_are_the_questionnaire_fields(catalogue: Catalogue) -> None:
    # A field added to the questionnaire model must be added to the form too.
    keys = [f["key"] for f in form_data(catalogue)["metadata"]]
    model = [k for k in Questionnaire.model_fields if k not in ("catalogue_version", "practices")]
    assert keys == model
    kinds = {f["key"]: f["kind"] for f in form_data(catalogue)["metadata"]}
    assert kinds["date"] == "date" and kinds["confidential"] == "bool"


class ScriptText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._id = dict(attrs).get("id") if tag == "script" else None

    def handle_data(self, data: str) -> None:
        if self._id:
            self.scripts[self._id] = self.scripts.get(self._id, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._id = None


def with_question(catalogue: Catalogue, question: str) -> Catalogue:
    """The catalogue with GP03's first question replaced (text no loader would refuse)."""
    p = catalogue.by_id["GP03"]
    first = p.elements[0].model_copy(update={"question": question})
    changed = p.model_copy(update={"elements": [first, *p.elements[1:]]})
    practices = tuple(changed if q.id == "GP03" else q for q in catalogue.practices)
    return dataclasses.replace(catalogue, practices=practices, by_id={q.id: q for q in practices})


@functools.cache
def shipped() -> Catalogue:
    # Not the fixture: hypothesis would print the whole catalogue with a failing example.
    return load_catalogue(PRACTICES)


@given(st.text(min_size=1, max_size=60))
def test_any_catalogue_text_stays_data_inside_the_page(text: str) -> None:
    hostile = with_question(shipped(), f"</script><!-- {text} <script>alert(1)</script> &amp;?")
    blob = form_json(hostile)
    assert not set(blob) & set("<>&\n\u2028\u2029")
    assert json.loads(blob) == form_data(hostile)
    (gp03,) = [p for s in json.loads(blob)["sections"] for p in s["practices"] if p["id"] == "GP03"]
    question = gp03["elements"][0]["question"]
    assert question == " ".join(f"</script><!-- {text} <script>alert(1)</script> &amp;?".split())
    parser = ScriptText()
    parser.feed(f'<script type="application/json" id="gc-form-data">{blob}</script><p>after</p>')
    assert parser.scripts == {"gc-form-data": blob}


def test_the_form_page_embeds_the_data_and_is_linked(catalogue: Catalogue) -> None:
    pages = site.build_pages(catalogue)
    page = pages[site.FORM]
    assert "Nothing you type is sent anywhere" in page
    # Rendered the way the site renders it, the data reaches the page untouched.
    html = markdown.markdown(page, extensions=["attr_list", "admonition", "toc", "meta"])
    parser = ScriptText()
    parser.feed(html)
    assert json.loads(parser.scripts["gc-form-data"]) == form_data(catalogue)
    assert 'id="gc-form"' in html
    assert f"]({site.md_link(site.SELF_ASSESSMENT, site.FORM)})" in pages[site.SELF_ASSESSMENT]
    nav = site.build_nav(catalogue, pages)
    assert {
        "Self-assessment": [
            {"How it works": site.SELF_ASSESSMENT},
            {"Fill in the questionnaire online": site.FORM},
        ]
    } in nav


def test_the_script_sends_nothing_anywhere() -> None:
    code = SCRIPT.read_text(encoding="utf-8")
    for sends in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import("):
        assert sends not in code
    assert not re.search(r"\b[a-z][a-z0-9+.-]*://", code)
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^extra_javascript:\n  - assets/javascripts/gapcheck-form.js$", mkdocs, re.M)


@pytest.mark.slow
def test_a_new_element_reaches_the_form_and_the_workbook(
    practices_copy: Path, runner: CliRunner, tmp_path: Path
) -> None:
    gp05 = practices_copy / "GP05.yaml"
    text = gp05.read_text(encoding="utf-8")
    last = re.search(r"  - id: GP05\.4\n(?:    .*\n)+", text)
    assert last is not None
    gp05.write_text(text[: last.end()] + NEW_ELEMENT + text[last.end() :], encoding="utf-8")
    record_added(practices_copy, "GP05.5")
    catalogue = load_catalogue(practices_copy)
    question = "Are staff debriefed and supported after a serious incident with an inmate?"

    (gp05_data,) = [
        p for s in form_data(catalogue)["sections"] for p in s["practices"] if p["id"] == "GP05"
    ]
    assert gp05_data["elements"][-1] == {
        "id": "GP05.5",
        "text": "Staff are debriefed after a serious incident.",
        "question": question,
    }

    out = tmp_path / "site"
    # --lang en: the form checked is the English one; the five other languages' builds
    # (five sixths of the cost) were made and never read
    result = runner.invoke(
        cli,
        ["--practices", str(practices_copy), "site", "build", "--lang", "en", "-o", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    parser = ScriptText()
    parser.feed((out / "self-assessment" / "form.html").read_text(encoding="utf-8"))
    built = json.loads(parser.scripts["gc-form-data"])
    assert built == form_data(catalogue)
    assert question in json.dumps(built, ensure_ascii=False)

    workbook = tmp_path / "testland.xlsx"
    workbook.write_bytes(write_workbook(catalogue, new_questionnaire(catalogue, "Testland")))
    cells = [
        str(c.value)
        for ws in load_workbook(workbook).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert "GP05.5" in cells
    assert any(question in c for c in cells)
