"""The online form in the six languages: the words its scripts show come with the page's
data, the knowledge base's texts are in the page's language, the official statement stays
English, and what the page reads and writes stays language-neutral."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gapcheck.catalogue import Catalogue
from gapcheck.guidance.form import METADATA, form_data
from gapcheck.guidance.pages import _PAGES
from gapcheck.guidance.report_data import report_data
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import CHOICES, translator
from gapcheck.models.questionnaire import (
    DEFAULT_TARGET,
    NA,
    NA_WORDS,
    SCALE,
    Questionnaire,
    parse_level,
)
from gapcheck.render.environment import render_template
from gapcheck.render.text import one_line
from tests.conftest import ROOT
from tests.i18n_support import english_left

SCRIPTS = sorted((ROOT / "site-overrides" / "assets" / "javascripts").glob("gapcheck-*.js"))
# t("...") and tn("...", "...", n), read here without Babel: a literal first argument, maybe
# several literals joined with +; comments are taken out first.
_CALL = re.compile(r'\b(tn?)\(\s*((?:"(?:[^"\\]|\\.)*"\s*\+\s*)*"(?:[^"\\]|\\.)*")')
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"')
_COMMENT = re.compile(r"/\*(?s:.*?)\*/|^\s*//.*$", re.MULTILINE)
FOREIGN = [language for language in CHOICES if language != "en"]


def script_strings(path: Path) -> list[str]:
    text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    return [
        "".join(json.loads(f'"{part}"') for part in _LITERAL.findall(m.group(2)))
        for m in _CALL.finditer(text)
    ]


def every_script_string() -> set[str]:
    return {s for path in SCRIPTS for s in script_strings(path)}


def test_the_scripts_mark_their_words() -> None:
    found = every_script_string()
    # a few that must be there: a button, an error said as gapcheck says it, the letter
    assert "Download the questionnaire" in found
    assert "duplicate key '%(key)s' (first given on line %(line)s); keep one" in found
    assert "Dear colleagues," in found
    assert len(found) > 150


@pytest.mark.parametrize("language", FOREIGN)
def test_the_page_ships_every_string_its_scripts_show(catalogue: Catalogue, language: str) -> None:
    messages = form_data(catalogue, language)["messages"]
    missing = every_script_string() - set(messages)
    assert not missing, sorted(missing)[:20]
    t = translator(language)
    for msgid, text in messages.items():
        if isinstance(text, str):
            assert text == t.gettext(msgid)
        else:
            assert "other" in text and all(text.values())


def test_english_ships_no_messages(catalogue: Catalogue) -> None:
    assert form_data(catalogue, "en")["messages"] == {}


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_the_messages_are_in_the_language(catalogue: Catalogue, language: str) -> None:
    messages = form_data(catalogue, language)["messages"]
    for msgid in ("Download the questionnaire", "Your report", "Dear colleagues,"):
        assert messages[msgid] != msgid
    assert "%(answered)s" in messages["%(answered)s of %(total)s elements answered"]


def test_a_plural_comes_in_each_form_the_language_has(catalogue: Catalogue) -> None:
    russian = form_data(catalogue, "ru")["messages"]["%(n)s practice"]
    assert set(russian) == {"one", "few", "many", "other"}
    forms = [russian[c] for c in ("one", "few", "many")]
    assert len(set(forms)) == 3  # практика, практики, практик
    chinese = form_data(catalogue, "zh")["messages"]["%(n)s practice"]
    assert set(chinese) == {"other"}
    french = form_data(catalogue, "fr")["messages"]["%(n)s practice"]
    assert french["one"] != french["other"]


@pytest.mark.parametrize("language", ["fr", "ar", "zh", "es", "ru"])
def test_content_is_in_the_language_and_the_statement_stays_english(
    catalogue: Catalogue, language: str
) -> None:
    data = form_data(catalogue, language)
    local = localise(catalogue, language)
    practices = [p for s in data["sections"] for p in s["practices"]]
    for shown, english in zip(practices, catalogue, strict=True):
        assert shown["statement"] == one_line(english.statement)
        mine = local.by_id[english.id]
        assert shown["title"] == mine.title != english.title
        assert [e["question"] for e in shown["elements"]] == [
            one_line(e.question) for e in mine.elements
        ]
        assert shown["unofficial_statement"]
    assert [s["title"] for s in data["sections"]] == list(local.sections.values())
    assert [s["title"] for s in data["sections"]] != list(catalogue.sections.values())
    assert {a["id"] for a in data["assistance"]} == set(catalogue.assistance)
    # labels in the language, ids and kinds as in English
    in_english = form_data(catalogue, "en")
    assert [(f["key"], f["kind"]) for f in data["metadata"]] == [
        (f["key"], f["kind"]) for f in in_english["metadata"]
    ]
    assert data["metadata"][0]["label"] != in_english["metadata"][0]["label"]


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_levels_and_n_a_read_the_same_in_every_language(
    catalogue: Catalogue, language: str
) -> None:
    data = form_data(catalogue, language)
    t = translator(language)
    assert [(s["level"], s["english"]) for s in data["scale"]] == list(SCALE.items())
    assert [s["words"] for s in data["scale"]] == [t.gettext(w) for w in SCALE.values()]
    assert data["na"] == NA == "n/a"
    # English n/a words as gapcheck reads them, and the language's own
    assert data["na_words"][: len(NA_WORDS)] == list(NA_WORDS)
    assert t.gettext(NA).lower() in data["na_words"]
    assert all(parse_level(w) == NA for w in data["na_words"][: len(NA_WORDS)])


def test_the_form_labels_are_the_models_words_translated_once() -> None:
    # The model states each field's words once (N_ in models/questionnaire.py); the form,
    # the workbook's Cover and the schema all take them from there.
    model = {
        w
        for info in Questionnaire.model_fields.values()
        for w in (info.title, info.description)
        if w
    }
    shown = {f[k] for f in METADATA for k in ("label", "hint") if f[k]}
    assert shown <= model
    for language in ("fr", "es", "ar", "ru", "zh"):
        t = translator(language)
        assert [w for w in sorted(model) if t.gettext(w) == w] == [], language
    target = Questionnaire.model_fields["default_target"].description or ""
    assert target.endswith(f"empty means {DEFAULT_TARGET}")


def test_the_report_data_speaks_the_language_with_the_same_figures(
    catalogue: Catalogue,
) -> None:
    english, arabic = report_data(catalogue, "en"), report_data(catalogue, "ar")
    figures = ("id", "number", "section", "elements", "prerequisites", "ancestors", "topo")
    for en, ar in zip(english["practices"], arabic["practices"], strict=True):
        assert {k: en[k] for k in figures} == {k: ar[k] for k in figures}
        assert en["title"] != ar["title"]
    assert english["sections"] != arabic["sections"]
    assert [s["words"] for s in arabic["scale"]] == [
        translator("ar").gettext(w) for w in SCALE.values()
    ]
    assert (english["max_level"], english["held_back_below"]) == (
        arabic["max_level"],
        arabic["held_back_below"],
    )


def render_form_page(catalogue: Catalogue, language: str) -> str:
    return render_template(
        "guidance/form.md.j2",
        language=language,
        catalogue=catalogue,
        link=lambda target: f"../{target}",
        pages=_PAGES,
        data="{}",
        report="{}",
    )


def test_the_pages_own_text_has_no_english_left_in_pseudo(catalogue: Catalogue) -> None:
    page = render_form_page(catalogue, "en-XA")
    # what a reader sees: not the markup's names, nor the links' targets
    shown = re.sub(r"\]\([^)]*\)", "]", re.sub(r"<[^>]+>", " ", page))
    code = "gapcheck report my-state.yaml --format html -o my-state.html"
    assert english_left(shown, allowed=[code, "hide:\n  - toc"]) == []
    assert "gc-form-data" in page and "gc-report-data" in page


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_the_pages_own_text_is_in_the_language(catalogue: Catalogue, language: str) -> None:
    t = translator(language)
    page = render_form_page(catalogue, language)
    assert f"# {t.gettext('Fill in the questionnaire online')}\n" in page
    assert f"**{t.gettext('Download the questionnaire')}**" in page
    assert "Answer the self-assessment questionnaire" not in page
    english = render_form_page(catalogue, "en")
    assert "Answer the self-assessment questionnaire on this page" in english


def test_a_catalogue_already_in_the_language_gives_the_same_page(catalogue: Catalogue) -> None:
    # the site build localises once per language and may pass that catalogue
    french = localise(catalogue, "fr")
    assert form_data(french, "fr") == form_data(catalogue, "fr")
    assert report_data(french, "fr") == report_data(catalogue, "fr")
