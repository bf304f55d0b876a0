"""The online form and its report in French, Arabic, Chinese and pseudo-English, in Chromium.

Until the site is built in every language, the page of a language is made from the built
English form page with its data swapped for that language's (form_json and report_json, as
the site build calls them) and `<html lang dir>` and `<body dir>` set as Material sets them; the
scripts, styles and everything else are the built site's own files. The same answers are given
on the English page and on the other: the report speaks the language, the figures are the
same, and the downloaded questionnaire is the same YAML data. Screenshots are saved in the
test's tmp folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from gapcheck.catalogue import Catalogue
from gapcheck.guidance.form import form_data, form_json
from gapcheck.guidance.report_data import report_data, report_json
from gapcheck.i18n.messages import direction, translator
from gapcheck.models.questionnaire import NA
from gapcheck.questionnaire_files import load_questionnaire_file
from tests.browser_support import FORM, serve_folder, shipped
from tests.i18n_support import english_left

pytestmark = pytest.mark.browser

STATE = "Arcadia"
DAY = "2026-03-01"
# levels for the first elements of a few practices: gaps, phases and a held-back practice
LEVELS = {"GP01": ("3", "1"), "GP02": ("0",), "GP03": ("4",), "GP04": ("2",)}


def swap(page: str, element: str, data: str) -> str:
    tag = f'<script type="application/json" id="{element}">'
    pattern = re.compile(rf"({re.escape(tag)})(.*?)(</script>)", re.S)
    assert len(pattern.findall(page)) == 1, element
    return pattern.sub(lambda m: m.group(1) + data + m.group(3), page)


def language_site(site: Path, folder: Path, catalogue: Catalogue, language: str) -> Path:
    """The built site, its form page speaking `language` (the rest linked, not copied)."""
    folder.mkdir()
    for item in site.iterdir():
        if item.name != "self-assessment":
            (folder / item.name).symlink_to(item)
    (folder / "self-assessment").mkdir()
    for item in (site / "self-assessment").iterdir():
        if item.name != "form.html":
            (folder / "self-assessment" / item.name).symlink_to(item)
    page = (site / FORM).read_text(encoding="utf-8")
    page = swap(page, "gc-form-data", form_json(catalogue, language))
    page = swap(page, "gc-report-data", report_json(catalogue, language))
    page, n = re.subn(
        r"<html [^>]*>", f'<html lang="{language}" dir="{direction(language)}">', page, count=1
    )
    assert n == 1
    # Material writes the direction on <body> too (its `direction` setting)
    page, n = re.subn(r'<body dir="[a-z]+"', f'<body dir="{direction(language)}"', page, count=1)
    assert n == 1
    (folder / FORM).write_text(page, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sites(
    site_dir: Path, tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue
) -> Iterator[dict[str, str]]:
    """language -> base URL of the site whose form speaks it (English: the built site)."""
    base = tmp_path_factory.mktemp("languages")
    folders = {"en": site_dir} | {
        language: language_site(site_dir, base / language, catalogue, language)
        for language in ("fr", "ar", "zh", "en-XA")
    }
    with (
        serve_folder(folders["en"]) as en,
        serve_folder(folders["fr"]) as fr,
        serve_folder(folders["ar"]) as ar,
        serve_folder(folders["zh"]) as zh,
        serve_folder(folders["en-XA"]) as pseudo,
    ):
        yield {"en": en, "fr": fr, "ar": ar, "zh": zh, "en-XA": pseudo}


class Filled:
    """The form of one language, filled with the same answers, and what it gave."""

    def __init__(self, browser: Browser, url: str, folder: Path, language: str) -> None:
        self.language = language
        self.context = browser.new_context(
            accept_downloads=True, viewport={"width": 1300, "height": 900}
        )
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(f"{url}{FORM}")
        expect(self.page.locator(".gc-practice").first).to_be_visible()
        self.fill()
        with self.page.expect_download() as info:
            self.page.locator("[data-act=download]").click()
        self.questionnaire = folder / f"{language}-{info.value.suggested_filename}"
        info.value.save_as(self.questionnaire)

    def field(self, key: str) -> Any:
        return self.page.locator(f'[data-k="{key}"]')

    def fill(self) -> None:
        self.field("m|state").fill(STATE)
        self.field("m|date").fill(DAY)
        for pid, levels in LEVELS.items():
            for e, level in zip(shipped().by_id[pid].elements, levels, strict=False):
                self.field(f"p|{pid}|e|{e.id}|level").select_option(level)
        na = shipped().by_id["GP05"].elements[0].id
        self.field(f"p|GP05|e|{na}|level").select_option("n/a")
        self.field(f"p|GP05|e|{na}|reason").fill("No such units in Arcadia")
        self.field("p|GP02|a|wanted").check()
        self.field("p|GP02|a|kind|training").check()

    def figures(self) -> dict[str, str | None]:
        cells = self.page.locator("#gc-report [data-fig]")
        return {
            str(c.get_attribute("data-fig")): c.get_attribute("data-value") for c in cells.all()
        }

    def download(self, act: str, folder: Path) -> str:
        with self.page.expect_download() as info:
            self.page.locator(f"[data-report={act}]").click()
        path = folder / f"{self.language}-{info.value.suggested_filename}"
        info.value.save_as(path)
        return path.read_text(encoding="utf-8")

    def close(self) -> None:
        self.context.close()
        assert self.errors == []


@pytest.fixture(scope="module")
def english(
    browser: Browser, sites: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Filled]:
    filled = Filled(browser, sites["en"], tmp_path_factory.mktemp("en"), "en")
    yield filled
    filled.close()


class FilledPages:
    """Filled pages a module's tests share while none changes them: opening and filling a
    page costs about five seconds of Chromium's time."""

    def __init__(self, browser: Browser, sites: dict[str, str], folder: Path) -> None:
        self.browser, self.sites, self.folder = browser, sites, folder
        self.kept: dict[str, Filled] = {}

    def lend(self, language: str) -> Filled:
        """The filled page of `language`, for a test that only reads it."""
        if language not in self.kept:
            self.kept[language] = Filled(self.browser, self.sites[language], self.folder, language)
        return self.kept[language]

    def take(self, language: str) -> Filled:
        """The filled page of `language`, for a test that changes it: no other test gets it
        after, and the test closes it."""
        filled = self.lend(language)
        del self.kept[language]
        return filled


@pytest.fixture(scope="module")
def pages(
    browser: Browser, sites: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FilledPages]:
    shared = FilledPages(browser, sites, tmp_path_factory.mktemp("filled"))
    yield shared
    for filled in shared.kept.values():
        filled.close()


def data_of(file: Path) -> Any:
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def test_arabic_reads_right_to_left_with_numbers_left_to_right(
    pages: FilledPages, tmp_path: Path
) -> None:
    # before the language tests: the Arabic one then takes this page, filled and unchanged
    filled = pages.lend("ar")
    page = filled.page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for part in ("#gc-form", "#gc-report", ".gc-form__bar"):
        style = f"getComputedStyle(document.querySelector('{part}')).direction"
        assert page.evaluate(style) == "rtl", part
    # the bars fill from the right: their start, in Arabic
    bar = page.locator("#gc-report tr[data-section=A] .gc-report__bar")
    fill = bar.locator(".gc-report__fill")
    outer, inner = bar.bounding_box(), fill.bounding_box()
    assert outer and inner and inner["width"] > 0
    why = fill.evaluate(
        "e => [getComputedStyle(e).direction, getComputedStyle(e).right,"
        " getComputedStyle(e.parentElement).direction, e.getAttribute('style')]"
    )
    assert abs((outer["x"] + outer["width"]) - (inner["x"] + inner["width"])) < 1, why
    assert inner["x"] > outer["x"]
    # the statement stays English and left to right inside the Arabic page
    statement = page.locator("#gc-GP01 .gc-statement [lang=en]")
    assert statement.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # figures in Latin digits, as ids are
    overall = page.locator("#gc-report [data-fig=overall]").inner_text()
    assert re.search(r"\d\.\d\d", overall), overall
    assert not re.search("[\u0660-\u0669]", page.locator("#gc-report").inner_text())
    page.screenshot(path=str(tmp_path / "form-ar-top.png"))


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_the_form_and_its_report_in_a_language(
    pages: FilledPages,
    english: Filled,
    catalogue: Catalogue,
    tmp_path: Path,
    language: str,
) -> None:
    t = translator(language)
    filled = pages.take(language)
    page = filled.page
    try:
        # the downloaded questionnaire is the same data as the English page's
        assert data_of(filled.questionnaire) == data_of(english.questionnaire)
        assert load_questionnaire_file(filled.questionnaire, catalogue) == (
            load_questionnaire_file(english.questionnaire, catalogue)
        )
        # the report speaks the language, with the English page's figures
        title = t.gettext("Your report: %(title)s") % {"title": f"{STATE}, {DAY}"}
        expect(page.locator("#your-report")).to_have_text(title)
        assert filled.figures() == english.figures()
        report = page.locator("#gc-report").inner_text()
        for words in ("Overall level", "What to do first", "Priorities"):
            assert t.gettext(words) in report and t.gettext(words) != words
        form = page.locator("#gc-form").inner_text()
        assert t.gettext("Download the questionnaire") in form
        local = form_data(catalogue, language)
        first = local["sections"][0]["practices"][0]
        assert first["title"] in form
        # the official statement, word for word in English, marked as English
        statement = page.locator("#gc-GP01 .gc-statement [lang=en]")
        expect(statement).to_have_text(first["statement"])
        assert statement.get_attribute("dir") == "ltr"
        expect(page.locator("#gc-GP01 .gc-statement--unofficial")).to_contain_text(
            t.gettext("Unofficial translation; the English text is authoritative.")
        )
        # the level words of the language in the choices, the values language-neutral
        first_element = catalogue.by_id["GP01"].elements[0].id
        options = page.locator(f'[data-k="p|GP01|e|{first_element}|level"] option')
        assert options.nth(4).get_attribute("value") == "3"
        assert t.gettext("in place") in options.nth(4).inner_text()
        # the letter and the requests file the page downloads
        letter = filled.download("letter", tmp_path)
        assert letter.startswith(
            t.gettext("# Request for assistance: %(state)s") % {"state": STATE}
        )
        assert t.gettext("Dear colleagues,") in letter
        requests = yaml.safe_load(filled.download("requests", tmp_path))["requests"]
        assert [(r["practice"], r["kinds"], r["share"]) for r in requests] == [
            ("GP02", ["training"], "members")
        ]
        # a saved file may write n/a in the page's language; a file gapcheck refuses is
        # refused in the language, with the line and column gapcheck gives
        na, eid = t.gettext(NA), catalogue.by_id["GP05"].elements[1].id
        saved = tmp_path / "saved.yaml"
        saved.write_text(
            f"state: {STATE}\npractices:\n  GP05:\n    elements:\n"
            f"      {eid}: {{level: {na}, reason: none here}}\n",
            encoding="utf-8",
        )
        page.locator("#gc-form-load").set_input_files(str(saved))
        loaded = t.gettext("Loaded %(file)s.") % {"file": saved.name}
        expect(page.locator(".gc-form__message")).to_contain_text(loaded)
        expect(filled.field(f"p|GP05|e|{eid}|level")).to_have_value("n/a")
        bad = tmp_path / "bad.yaml"
        bad.write_text(f"state: {STATE}\nstate: {STATE}\n", encoding="utf-8")
        page.locator("#gc-form-load").set_input_files(str(bad))
        duplicate = t.gettext("duplicate key '%(key)s' (first given on line %(line)s); keep one")
        said = duplicate % {"key": "state", "line": 1}
        message = page.locator(".gc-form__message")
        expect(message.locator("li")).to_have_text(f"bad.yaml:2:1: {said}")
        assert message.get_attribute("role") == "alert"
        page.screenshot(path=str(tmp_path / f"form-{language}.png"))
        page.locator("#gc-report").screenshot(path=str(tmp_path / f"report-{language}.png"))
        assert (tmp_path / f"report-{language}.png").stat().st_size > 0
    finally:
        filled.close()


def test_the_pseudo_language_page_has_no_english_left(
    browser: Browser, sites: dict[str, str], catalogue: Catalogue, tmp_path: Path
) -> None:
    filled = Filled(browser, sites["en-XA"], tmp_path, "en-XA")
    page = filled.page
    try:
        # English content is allowed (pseudo-languages have no translation of it), and so is
        # what the State typed
        form, report = form_data(catalogue, "en-XA"), report_data(catalogue, "en-XA")
        # and the command the download message gives, which is not translated
        command = f"gapcheck report {STATE.lower()}-{DAY}.yaml"
        allowed = [STATE, "No such units in Arcadia", form["source"], command]
        allowed += [s["title"] for s in form["sections"]]
        allowed += [a for x in form["assistance"] for a in (x["name"], x["description"])]
        for p in (p for s in form["sections"] for p in s["practices"]):
            allowed += [p["title"], p["statement"]]
            allowed += [e[k] for e in p["elements"] for k in ("text", "question")]
        allowed += [s for p in report["practices"] for s in p["safeguards"]]
        shown = page.locator("#gc-form").inner_text() + page.locator("#gc-report").inner_text()
        assert english_left(shown, allowed) == []
        page.screenshot(path=str(tmp_path / "form-en-XA.png"), full_page=False)
    finally:
        filled.close()
