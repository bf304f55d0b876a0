"""The guidance site in six languages: the pages, the switcher, search, right to left."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Browser, expect

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.guidance import pages as site
from gapcheck.guidance.languages import alternate_href, fix_alternate_links
from gapcheck.i18n.content import LocalisedPractice, localise
from gapcheck.render.text import md
from tests.conftest import PRACTICES, ROOT
from tests.i18n_support import english_left

HAND_WRITTEN = ["capacity-building.md", "scoring.md"]
OTHERS = ("fr", "es", "ar", "ru", "zh")
LANGUAGES = ("en", *OTHERS)
# Words of the site's own catalogue, as a reader of each language sees them (not taken from
# the catalogue under test): the label of the official text and the heading "Key elements".
OFFICIAL_TEXT = {
    "fr": ("Texte officiel", "Éléments clés"),
    "ar": ("النص الرسمي", "العناصر الرئيسية"),
    "zh": ("正式文本", "关键要素"),
}


class _LangText(HTMLParser):
    """The text inside elements with lang="en" (and dir), and the attributes of <html>,
    <body> and the switcher's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside an element with lang="en"
        self.english: list[str] = []
        self.roots: dict[str, dict[str, str | None]] = {}
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("html", "body"):
            self.roots[tag] = a
        if tag == "a" and a.get("hreflang") and a.get("href"):
            self.alternates[str(a["hreflang"])] = str(a["href"])
        if self.depth:
            self.depth += 1
        elif a.get("lang") == "en" and a.get("dir") == "ltr":
            self.depth = 1
            self.english.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.english[-1] += data


def parsed(html: str) -> _LangText:
    parser = _LangText()
    parser.feed(html)
    return parser


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables"])


# --- the switcher's links, by hand ---------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "here", "there", "expected"),
    [
        ("index.html", "en", "fr", "fr/index.html"),
        ("practices/gp01.html", "en", "ar", "../ar/practices/gp01.html"),
        ("practices/gp01.html", "ar", "en", "../../practices/gp01.html"),
        ("sections/b/index.html", "zh", "ru", "../../../ru/sections/b/index.html"),
        ("graph.html", "es", "es", "graph.html"),
        ("", "fr", "en", "../index.html"),
    ],
)
def test_the_switcher_links_the_same_page_in_the_other_language(
    page: str, here: str, there: str, expected: str
) -> None:
    assert alternate_href(page, here, there) == expected


def test_the_theme_links_are_put_right_and_nothing_else() -> None:
    html = (
        '<link rel="alternate" href="../x.html" hreflang="en">'
        '<a href="../../ar/x.html" hreflang="ar" class="md-select__link">'
        '<a href="elsewhere.html" hreflang="de">'
    )
    fixed = fix_alternate_links(html, "practices/gp02.html", "fr", ["en", "ar"])
    assert 'href="../../practices/gp02.html" hreflang="en"' in fixed
    assert 'href="../../ar/practices/gp02.html" hreflang="ar"' in fixed
    assert 'href="elsewhere.html" hreflang="de"' in fixed


# --- the generated pages, without MkDocs ---------------------------------------------------


def _content_strings(folder: Path) -> list[str]:
    """Every text of the English knowledge base (allowed English in a pseudo-language)."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
            out.append(md(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in folder.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def _prose(text: str) -> str:
    """What a reader reads as words: no code, link targets, attribute lists or markup."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"^---\n.*?\n---\n", " ", text, flags=re.S)


@pytest.mark.parametrize("language", ["en-XA", "ar-XB"])
def test_no_english_is_left_in_a_pseudo_language(catalogue: Catalogue, language: str) -> None:
    pages = site.build_pages(catalogue, hand_written=HAND_WRITTEN, language=language)
    allowed = _content_strings(PRACTICES)
    # The form's page speaks the form's catalogue (another area): not checked here.
    left = {
        path: english_left(_prose(text), allowed)
        for path, text in pages.items()
        if path != site.FORM
    }
    assert {p: words for p, words in left.items() if words} == {}
    # The same check finds the site's own words in English: it can fail.
    english = site.build_pages(catalogue, hand_written=HAND_WRITTEN)
    assert "Some practices only make sense" in " ".join(
        english_left(_prose(english[site.GRAPH]), allowed)
    )
    nav = json.dumps(site.build_nav(catalogue, pages, HAND_WRITTEN, language=language))
    assert english_left(_prose(nav), allowed) == []


@pytest.mark.parametrize("language", sorted(OFFICIAL_TEXT))
def test_the_english_statement_stays_word_for_word(catalogue: Catalogue, language: str) -> None:
    localised = localise(catalogue, language)
    pages = site.build_pages(localised, hand_written=HAND_WRITTEN, language=language)
    label, heading = OFFICIAL_TEXT[language]
    for p in catalogue:
        html = to_html(pages[site.practice_page(p.id)])
        assert p.statement in parsed(html).english, p.id
        assert label in html and heading in html
        translated = localised.by_id[p.id]
        assert translated.title != p.title  # the knowledge base's own translation is used
        assert f"{p.id} {translated.title}" in html
    for section in catalogue.sections:
        english = parsed(to_html(pages[site.section_page(section)])).english
        assert [p.statement for p in catalogue.in_section(section)] == english


def test_the_unofficial_translation_is_labelled(catalogue: Catalogue) -> None:
    localised = localise(catalogue, "fr")
    with_one = [p for p in localised if isinstance(p, LocalisedPractice) and p.unofficial_statement]
    assert with_one, "the French knowledge base translates the statements"
    pages = site.build_pages(localised, language="fr")
    text = pages[site.practice_page(with_one[0].id)]
    assert "Traduction non officielle ; le texte anglais fait foi." in text
    assert md(with_one[0].unofficial_statement) in text


def test_headings_have_ascii_anchors_in_every_language(catalogue: Catalogue) -> None:
    for language in ("zh", "ar"):
        pages = site.build_pages(catalogue, language=language)
        home = pages[site.HOME]
        assert "](#sections)" in home and "{ #sections }" in home
        practice = pages[site.practice_page("GP03")]
        assert "{ #gp03 }" in practice and "{ #key-elements }" in practice


def test_the_navigation_speaks_the_language(catalogue: Catalogue) -> None:
    localised = localise(catalogue, "fr")
    pages = site.build_pages(localised, hand_written=HAND_WRITTEN, language="fr")
    nav = json.dumps(
        site.build_nav(localised, pages, HAND_WRITTEN, language="fr"), ensure_ascii=False
    )
    assert "Accueil" in nav and "Auto-évaluation" in nav and "Graphe des dépendances" in nav
    assert localised.by_id["GP03"].title in nav


# --- the built site (six MkDocs builds): shared by every test of the run -------------------


def _pages_of(site_dir: Path, language: str) -> list[Path]:
    top = site_dir if language == "en" else site_dir / language
    return [
        p
        for p in top.rglob("*.html")
        if language != "en" or p.relative_to(site_dir).parts[0] not in OTHERS
    ]


@pytest.mark.slow  # builds the whole site
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_practice_page_has_the_english_statement(
    site_dir: Path, catalogue: Catalogue, language: str
) -> None:
    top = site_dir if language == "en" else site_dir / language
    for p in catalogue:
        html = (top / "practices" / f"{p.id.lower()}.html").read_text(encoding="utf-8")
        found = parsed(html)
        if language == "en":
            assert p.statement in html.replace("&amp;", "&")
        else:
            assert any(p.statement in text for text in found.english), (language, p.id)
        assert found.roots["html"].get("lang") == language


@pytest.mark.slow  # builds the whole site
def test_arabic_pages_run_right_to_left(site_dir: Path) -> None:
    pages = _pages_of(site_dir, "ar")
    assert len(pages) > 40
    for page in pages:
        found = parsed(page.read_text(encoding="utf-8"))
        assert found.roots["body"].get("dir") == "rtl", page
    for language in ("en", "zh", "fr"):
        found = parsed(
            (site_dir / ("" if language == "en" else language) / "index.html").read_text("utf-8")
        )
        assert found.roots["body"].get("dir") == "ltr"


def _check_switchers(site_dir: Path) -> int:
    checked = 0
    for language in LANGUAGES:
        for page in _pages_of(site_dir, language):
            if page.name == "404.html":
                continue
            links = parsed(page.read_text(encoding="utf-8")).alternates
            assert set(links) == set(LANGUAGES), page
            for other, href in links.items():
                target = (page.parent / href).resolve()
                assert target.is_file(), f"{page}: {other} -> {href}"
                expected_top = site_dir if other == "en" else site_dir / other
                rel = page.relative_to(site_dir if language == "en" else site_dir / language)
                assert target == (expected_top / rel).resolve()
                checked += 1
    return checked


@pytest.mark.slow  # builds the whole site
def test_the_switcher_leads_to_the_same_page_in_each_language(site_dir: Path) -> None:
    assert _check_switchers(site_dir) > 6 * 6 * 40


@pytest.mark.slow  # builds the whole site
def test_the_offline_switcher_leads_to_existing_files(offline_site: Path) -> None:
    assert _check_switchers(offline_site) > 6 * 6 * 40


@pytest.mark.slow  # builds the whole site
def test_search_has_an_index_per_language_and_chinese_is_cut_into_words(site_dir: Path) -> None:
    indexes = {}
    for language in LANGUAGES:
        top = site_dir if language == "en" else site_dir / language
        indexes[language] = json.loads((top / "search/search_index.json").read_text("utf-8"))
    assert indexes["fr"]["config"]["lang"] == ["fr"]
    assert indexes["ar"]["config"]["lang"] == ["ar"]
    assert any(
        "Éléments clés" in d["text"] or "Éléments clés" in d["title"] for d in indexes["fr"]["docs"]
    )
    zh = indexes["zh"]
    separator = re.compile(zh["config"]["separator"])
    (gp03,) = [d for d in zh["docs"] if d["location"] == "practices/gp03.html"]
    # 入监、评估和分类 (intake, assessment and classification): "assessment" is one word
    tokens = separator.split(gp03["title"])
    assert "评估" in tokens and "分类" in tokens


@pytest.mark.slow  # builds the whole site
def test_offline_search_works_in_every_language(offline_site: Path) -> None:
    for language in OTHERS:
        assert (offline_site / language / "search" / "search_index.js").is_file(), language
    script = (offline_site / "zh" / "search" / "search_index.js").read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("var __index = ").rstrip().rstrip(";"))
    titles = [d["title"] for d in index["docs"] if d["location"] == "practices/gp03.html"]
    assert "\u200b评估\u200b" in titles[0]


@pytest.mark.slow  # builds the whole site
def test_a_hand_written_page_says_whether_it_is_translated(site_dir: Path) -> None:
    # Each page in French: its current translation (docs/i18n/fr) under the note that the
    # English page is authoritative, or the English page, marked as English, under the note
    # that it is not translated (yet). test_site_docs_languages.py builds both on purpose.
    checked = 0
    for source in sorted(ROOT.joinpath("docs").glob("*.md")):
        page = source.with_suffix(".html").name
        html = (site_dir / "fr" / page).read_text(encoding="utf-8")
        english = (site_dir / page).read_text(encoding="utf-8")
        assert "gc-untranslated" not in english and "gc-unofficial" not in english
        if current_translation(source, "fr"):
            assert "Traduction non officielle" in html and "gc-untranslated" not in html
            assert '<a href="../' + page + '" hreflang="en">' in html
        else:
            assert "Pas encore traduit" in html or "Traduction périmée" in html, page
            assert parsed(html).english, page
        checked += 1
    assert checked >= 6


def current_translation(english: Path, language: str) -> bool:
    """Whether docs/i18n/<language>/ has a translation of `english` made from its text now."""
    path = english.parent / "i18n" / language / english.name
    if not path.is_file():
        return False
    text = english.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
    digest = hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()
    written = re.search(r"^source:\s*['\"]?([0-9a-f]{12})", path.read_text("utf-8"), re.M)
    return written is not None and written[1] == digest[:12]


@pytest.mark.slow  # builds a site with two languages
def test_site_build_lang_builds_english_and_the_languages_asked(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = runner.invoke(cli, ["site", "build", "--lang", "fr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "fr" / "practices" / "gp03.html").is_file()
    assert not (out / "ar").exists() and not (out / "zh").exists()
    links = parsed((out / "fr" / "index.html").read_text(encoding="utf-8")).alternates
    assert links == {"en": "../index.html", "fr": "index.html"}


def test_site_build_refuses_an_unknown_language(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["site", "build", "--lang", "de", "-o", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "'de' is not one of" in result.output
    assert not (tmp_path / "s").exists()


# --- in a real browser ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow  # builds the whole site
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("zh", "ltr")])
def test_arabic_and_chinese_pages_in_chromium(
    offline_site: Path,
    browser: Browser,
    tmp_path: Path,
    catalogue: Catalogue,
    language: str,
    direction: str,
) -> None:
    localised = localise(catalogue, language)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto((offline_site / language / "practices" / "gp03.html").as_uri())
        title = page.locator("article h1")
        expect(title).to_contain_text(localised.by_id["GP03"].title)
        assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == (
            direction
        )
        statement = page.locator('article [lang="en"]').first
        assert statement.evaluate("e => getComputedStyle(e).direction") == "ltr"
        expect(statement).to_contain_text(catalogue.by_id["GP03"].statement)
        # Drawn, not missing: the heading's glyphs take room on the line, as many as its
        # characters need (a font without them would still take room, but the screenshot
        # shows which).
        box = title.bounding_box()
        assert box is not None and box["width"] > 10 * len(localised.by_id["GP03"].title) / 2
        shot = tmp_path / f"{language}-gp03.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        # The switcher leads to the English page of the same practice.
        page.goto((offline_site / language / "index.html").as_uri())
        href = page.locator('a.md-select__link[hreflang="en"]').get_attribute("href")
        assert href == "../index.html"
    finally:
        context.close()
