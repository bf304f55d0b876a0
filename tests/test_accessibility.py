"""WCAG 2.1 AA, measured with axe-core in Chromium: every site page, the form with a
questionnaire loaded, every HTML report and comparison of the examples; and the form filled
and downloaded with the keyboard alone.

axe-core comes from the npm registry into .cache/node (`make axe`, run by `make test`),
never from a CDN; it is injected into each page by the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, Route, expect

from gapcheck.cli import cli
from tests.browser_support import FORM
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make axe` (npm, from the registry)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(site_dir: Path, served: str) -> tuple[Path, str]:
    """The shared built site and its address (conftest: built once per run)."""
    return site_dir, served


AXE_PATH = "/__axe__/axe.min.js"


def serve_axe(page: Page, axe: str, folder: Path) -> list[str]:
    """Answer the page's requests for axe-core (at AXE_PATH, on the page's own host) from
    memory, cacheable: Chromium then keeps its compiled code from one page to the next instead
    of compiling 500 kB of JavaScript again on each. Answer a request for the search index
    with the language's own index holding no page: each page's search worker would otherwise
    index the whole language again, CPU the sweep only takes from the tests beside it (axe
    never opens the search). Refusing the request instead is not the same page: Material's
    script stops on the network error before it sizes the sidebar, which then runs over the
    footer (a failure of the test's making, not the site's).

    Returns the list into which each error the page's own scripts throw is put: a page that
    throws is not the page a reader gets, so the sweep fails on it."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.route(
        "**" + AXE_PATH,
        lambda route: route.fulfill(
            body=axe, content_type="text/javascript", headers={"Cache-Control": "max-age=3600"}
        ),
    )

    def no_pages(route: Route) -> None:
        served = folder / urlsplit(route.request.url).path.lstrip("/")
        index = json.loads(served.read_text(encoding="utf-8"))
        route.fulfill(json={"config": index["config"], "docs": []})

    page.route("**/search/search_index.json", no_pages)
    return errors


def violations(page: Page, axe: str) -> list[str]:
    """Each axe violation on the page: rule, count and the first places it was found."""
    if page.url.startswith("http"):  # a served page: serve_axe answers
        page.add_script_tag(url=AXE_PATH)
    else:
        page.add_script_tag(content=axe)
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(" "))}));
        }""",
        TAGS,
    )
    return [f"{v['id']} x{len(v['nodes'])}: {v['nodes'][:3]}" for v in found]


_OTHERS = ("fr", "es", "ar", "ru", "zh")
# Folders of pages made from one template each: practices/gp01..gp25, sections/a..e,
# reports/<example> (their index pages are a kind of their own).
_REPEATED = ("practices", "sections", "reports")


def kind_of(parts: tuple[str, ...]) -> str:
    """The kind of the page at `parts` (its path within its language's folder)."""
    repeated = parts[0] in _REPEATED and parts[1:] != ("index.html",)
    return f"{parts[0]}/*" if repeated else "/".join(parts)


def kinds(folder: Path, top: Path) -> dict[str, Path]:
    """Each kind of page under `top`, by name, with the page that stands for it: a page made
    from a template used once (home, the form, the indexes...) or hand-written (docs/) is a
    kind of its own; of the pages of a repeated template, the largest stands for them all
    (the most elements, links and tables the template lays out)."""
    chosen: dict[str, Path] = {}
    for path in sorted(top.rglob("*.html")):
        parts = path.relative_to(top).parts
        if top == folder and parts[0] in _OTHERS:
            continue
        kind = kind_of(parts)
        if kind not in chosen or path.stat().st_size > chosen[kind].stat().st_size:
            chosen[kind] = path
    return chosen


# Arabic is laid out right to left: every kind of page made from a template is checked in
# it, as in English. The four other translations are laid out as English is and differ from
# it only in their words, which are checked where they can go missing (test_messages: every
# string translated in every language; test_site_languages: no English left in a
# pseudo-language build); axe reads a page's names, contrast and structure alike in any of
# them. A hand-written page (docs/*.md, a kind of its own) is Markdown whose translations
# keep its tables, headings and links: it is checked once, in one language, the six taking
# turns, so every language has its shared chrome (header, navigation, footer, search)
# checked on a page of its own. Checking each template in one of the four as well, and each
# hand-written page in English besides, cost 30 s of this suite's time.
LANGUAGES = ("en", *_OTHERS)


def pages_to_check(folder: Path, language: str, written: list[str]) -> list[str]:
    """The pages the sweep checks in `language`: one of each kind made from a template in
    English and in Arabic; each hand-written page (`written`) in one language, in turn."""
    top = folder if language == "en" else folder / language
    chosen = kinds(folder, top)

    def in_turn(kind: str) -> bool:
        if Path(kind).stem in written:
            return written.index(Path(kind).stem) % len(LANGUAGES) == LANGUAGES.index(language)
        return language in ("en", "ar")

    return sorted(p.relative_to(folder).as_posix() for k, p in chosen.items() if in_turn(k))


def hand_written() -> list[str]:
    """The site's hand-written pages, by name (docs/*.md)."""
    return sorted(p.stem for p in (ROOT / "docs").glob("*.md"))


def test_each_hand_written_page_is_checked_once_and_every_language_has_one(
    site: tuple[Path, str],
) -> None:
    written = hand_written()
    assert len(written) >= len(LANGUAGES)
    checked: dict[str, list[str]] = {w: [] for w in written}
    for language in LANGUAGES:
        names = pages_to_check(site[0], language, written)
        assert any(Path(n).stem in checked for n in names), f"no hand-written page in {language}"
        for name in names:
            if (stem := Path(name).stem) in checked and not name.startswith("sections/"):
                checked[stem].append(language)
    assert all(len(langs) == 1 for langs in checked.values()), checked


def test_each_kind_of_template_is_checked_in_english_and_arabic(
    site: tuple[Path, str],
) -> None:
    folder = site[0]
    written = hand_written()
    templates = [k for k in kinds(folder, folder) if Path(k).stem not in written]
    assert {"index.html", "practices/*", "reports/*", "self-assessment/form.html"} <= set(templates)
    checked: dict[str, list[str]] = {k: [] for k in templates}
    for language in LANGUAGES:
        for name in pages_to_check(folder, language, written):
            kind = kind_of(Path(name.removeprefix(f"{language}/")).parts)
            if kind in checked:
                checked[kind].append(language)
    assert all(languages == ["en", "ar"] for languages in checked.values()), checked


# One test per language, so that the two workers share the languages' pages.
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_of_the_site(
    browser: Browser, axe_source: str, site: tuple[Path, str], language: str
) -> None:
    """One page of each kind, in English and in Arabic; hand-written pages in turn.

    The pages of every language come from the same templates, the same theme and the same
    CSS: a language changes their words and, in Arabic, their direction, not their structure.
    Each template (home, sections, a practice, the indexes, the form, a report, the overview,
    404...) is checked in English and in Arabic's right-to-left layout (see pages_to_check
    for the four other languages). The other 24 practices, 4 sections and reports of a
    language differ from the one checked only in their text, which axe's rules (names,
    contrast, structure) do not read differently; checking all 300 pages cost ten minutes of
    CPU, most of this suite's, for nothing more. A hand-written page is checked in one
    language, the six taking turns (pages_to_check).
    """
    folder, url = site
    pages = pages_to_check(folder, language, hand_written())
    if language in ("en", "ar"):
        assert (FORM if language == "en" else f"{language}/{FORM}") in pages
        assert len(pages) > 12
    else:
        assert pages and all(p.startswith(f"{language}/") for p in pages)
    page = browser.new_page()
    errors = serve_axe(page, axe_source, folder)
    found = {}
    for name in pages:
        page.goto(url + name)
        if v := violations(page, axe_source):
            found[name] = v
    page.close()
    assert found == {}
    assert errors == []


def test_the_form_with_a_questionnaire_loaded(
    browser: Browser, axe_source: str, site: tuple[Path, str]
) -> None:
    page = browser.new_page()
    errors = serve_axe(page, axe_source, site[0])
    page.goto(site[1] + FORM)
    example = EXAMPLES / "estoria-2026.yaml"
    page.locator("#gc-form-load").set_input_files(str(example))
    expect(page.locator(".gc-form__message")).to_contain_text(f"Loaded {example.name}")
    expect(page.locator('[data-k="m|state"]')).to_have_value("Federation of Estoria")
    assert violations(page, axe_source) == []
    page.close()
    assert errors == []


def test_every_report_and_comparison(browser: Browser, axe_source: str, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = []
    examples = sorted(EXAMPLES.glob("*.yaml"))
    alone: list[Path] = []
    for q in examples:
        out = tmp_path / f"{q.stem}.html"
        result = runner.invoke(cli, ["report", str(q), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out)
        alone.append(tmp_path / f"{q.stem}-applicability.html")
        result = runner.invoke(
            cli, ["report", str(q), "--section", "applicability", "-o", str(alone[-1])]
        )
        assert result.exit_code == 0, result.output
    # The section printed alone is a part of the whole report, already checked: the largest
    # of them stands for the others, as the largest page of a template does on the site.
    outputs.append(max(alone, key=lambda p: p.stat().st_size))
    by_state: dict[str, list[Path]] = {}
    for q in examples:
        state = yaml.safe_load(q.read_text(encoding="utf-8"))["state"]
        by_state.setdefault(state, []).append(q)
    pairs = [files[:2] for files in by_state.values() if len(files) >= 2]
    assert pairs, "the examples hold no State assessed twice"
    for old, new in pairs:
        out = tmp_path / f"{old.stem}-{new.stem}.html"
        result = runner.invoke(cli, ["compare", str(old), str(new), "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(out)
    page = browser.new_page()
    found = {}
    for out in outputs:
        page.goto(out.as_uri())
        if v := violations(page, axe_source):
            found[out.name] = v
    page.close()
    assert found == {}


def tab_to(page: Page, selector: str, key: str = "Tab", limit: int = 200) -> None:
    """Press Tab (or `key`: Shift+Tab goes back) until the element `selector` names has the
    focus. The limit is a reader's patience: a field that takes more presses than that to
    reach is a fault of the page."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached with Tab")


def test_the_form_is_filled_and_downloaded_with_the_keyboard(
    browser: Browser, site: tuple[Path, str], tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(site[1] + FORM)
    expect(page.locator(".gc-element").first).to_be_visible()
    tab_to(page, '[data-k="m|state"]')
    page.keyboard.type("Republic of Norland")
    tab_to(page, '[data-k="p|GP01|e|GP01.7|level"]')
    page.keyboard.type("3")  # a select chooses the option its first letter names
    tab_to(page, '[data-k="p|GP01|a|wanted"]')
    page.keyboard.press("Space")
    expect(page.locator('[data-k="p|GP01|a|wanted"]')).to_be_checked()
    # back up the page to its buttons, as a reader would, rather than on round the end
    tab_to(page, '[data-act="download"]', "Shift+Tab")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    saved = tmp_path / "norland.yaml"
    info.value.save_as(saved)
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert data["state"] == "Republic of Norland"
    gp01 = data["practices"]["GP01"]
    assert gp01["elements"]["GP01.7"] in (3, "3")
    assert gp01["assistance"]["wanted"] is True
    result = CliRunner().invoke(cli, ["report", str(saved), "--format", "json"])
    assert result.exit_code == 0, result.output
    context.close()
