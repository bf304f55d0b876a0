"""The hand-written pages in six languages: docs/i18n/<lang>/<page>.md (docs/translations.md).

A current translation replaces its English page in its language's build, under a note that
the English page is authoritative; a stale one is reported and the page stays English. The
hashes here are worked out with hashlib, not with gapcheck's own function.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gapcheck.errors import InputError
from gapcheck.i18n.doc_pages import load_doc_pages, page_source
from gapcheck.i18n.status import State
from tests import hostile_strategies as hs
from tests.conftest import EXAMPLES, ROOT, invoke
from tests.test_hostile import assert_clean

DOCS = ROOT / "docs"
LANGUAGES = ("ar", "es", "fr", "ru", "zh")
# The headings' ids as MkDocs makes them (mkdocs.yml's extensions that touch headings).
_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]
_ID = re.compile(r"<h([1-6]) id=\"([^\"]*)\"")


def english_hash(text: str) -> str:
    """docs/translations.md's `source`, worked out independently of gapcheck."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:12]


def anchors(text: str) -> list[tuple[int, str]]:
    """(level, id) of every heading of a Markdown page."""
    html = markdown.markdown(text, extensions=_EXTENSIONS)
    return [(int(m[1]), m[2]) for m in _ID.finditer(html)]


def front(page: str, source: str, **extra: str) -> str:
    lines = [
        "---",
        "# Unofficial translation; the English page is authoritative.",
        f"translation_of: {extra.pop('translation_of', page)}",
        f"source: {source}",
        *([f"status: {extra.pop('status')}"] if "status" in extra else ["status: unofficial"]),
        "reviewed_by: []",
        "---",
        "",
    ]
    return "\n".join(lines)


def translate(docs: Path, language: str, page: str, title: str, *, source: str = "") -> Path:
    """A translation of docs/page whose first heading is `title` (keeping its anchor), the
    rest of the page as it is; current unless `source` is given."""
    english = (docs / page).read_text(encoding="utf-8")
    (level, anchor), *_ = anchors(english)
    first, _, rest = english.partition("\n")
    assert first.startswith("#" * level + " ")
    body = f"{'#' * level} {title} {{#{anchor}}}\n{rest}"
    path = docs / "i18n" / language / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front(page, source or english_hash(english)) + body, encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    shutil.copytree(DOCS, tmp_path / "docs", ignore=shutil.ignore_patterns("i18n"))
    return tmp_path / "docs"


# --- reading and checking ------------------------------------------------------------------


def test_the_source_is_the_english_page_trimmed_with_unix_line_endings() -> None:
    text = (DOCS / "scoring.md").read_text(encoding="utf-8")
    assert page_source(text) == english_hash(text)
    assert page_source("\n\n" + text.replace("\n", "\r\n") + "  \n") == english_hash(text)
    assert page_source(text + "\nOne more line.") != english_hash(text)


def test_a_current_translation_is_shown_and_a_stale_one_is_not(docs: Path) -> None:
    translate(docs, "fr", "limits.md", "Limites et sécurité")
    translate(docs, "fr", "scoring.md", "Comment un questionnaire est noté", source="0" * 12)
    pages = load_doc_pages(docs)
    shown = pages.shown("fr", "limits.md")
    assert shown is not None and shown.body.startswith("# Limites et sécurité {#")
    assert "translation_of" not in shown.body
    assert pages.shown("fr", "scoring.md") is None
    assert pages.shown("es", "limits.md") is None
    states = {s.page: s.state for s in pages.statuses("fr")}
    assert states["limits.md"] is State.TRANSLATED
    assert states["scoring.md"] is State.STALE
    assert states["capacity.md"] is State.MISSING
    # the JSON reference is a page like the others (its JSON stays language-neutral)
    assert states["report-json.md"] is State.MISSING


def test_validate_warns_about_a_stale_page_at_its_source(docs: Path) -> None:
    current = translate(docs, "fr", "limits.md", "Limites et sécurité")
    stale = translate(docs, "es", "scoring.md", "Cómo se puntúa", source="abcdef012345")
    code, _, err = invoke("validate", docs)
    assert code == 0, err
    line = line_of(stale, "source:")
    assert f"{stale}:{line}:9: scoring.md: stale translation" in err
    assert f"set source: {english_hash((docs / 'scoring.md').read_text('utf-8'))}" in err
    assert str(current) not in err
    code, _, err = invoke("validate", stale)
    assert code == 0 and f"{stale}:{line}:9:" in err
    code, _, err = invoke("validate", current)
    assert code == 0 and "stale" not in err


def test_validate_without_a_path_checks_the_shipped_pages() -> None:
    code, _, err = invoke("validate")
    assert code == 0, err
    assert re.search(r"OK: \S*docs: \d+ hand-written pages, \d+ translations", err)


BAD = [
    # (what the front matter holds, the line it is reported at, words of the message)
    ({"translation_of": "limit.md"}, "translation_of:", "write translation_of: limits.md"),
    ({"status": "official"}, "status:", "status"),
    ({"source": "0123456789zz"}, "source:", "12 hex digits"),
    ({"source": "abc"}, "source:", "12 hex digits"),
]


@pytest.mark.parametrize(("change", "at", "words"), BAD)
def test_a_bad_front_matter_is_an_error_at_its_place(
    docs: Path, tmp_path: Path, change: dict[str, str], at: str, words: str
) -> None:
    path = translate(docs, "fr", "limits.md", "Limites et sécurité")
    text = path.read_text(encoding="utf-8")
    for key, value in change.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    line = line_of(path, at)
    runs: list[list[str | Path]] = [["validate", docs], ["validate", path]]
    for args in runs:
        code, _, err = invoke(*args)
        assert code == 2
        assert re.search(rf"{re.escape(str(path))}:{line}:\d+: .*{re.escape(words)}", err), err
    out = tmp_path / "site"
    config = _config(docs)
    code, _, err = invoke(
        "site", "build", "--lang", "fr", "-o", out, "--config", config, "--examples", EXAMPLES
    )
    assert code == 2 and f"{path}:{line}:" in err and "Traceback" not in err
    assert not out.exists()


def test_a_missing_key_an_unknown_page_and_a_wrong_folder_are_errors(docs: Path) -> None:
    path = translate(docs, "fr", "limits.md", "Limites et sécurité")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^source: .*\n", "", text, flags=re.M), encoding="utf-8")
    unknown = docs / "i18n" / "fr" / "scorin.md"
    unknown.write_text(front("scorin.md", "0" * 12) + "# X {#x}\n", encoding="utf-8")
    german = translate(docs, "de", "scoring.md", "Wie ein Fragebogen bewertet wird")
    bare = docs / "i18n" / "es" / "capacity.md"
    bare.parent.mkdir()
    bare.write_text("# Capacidad {#capacity}\n", encoding="utf-8")
    code, _, err = invoke("validate", docs)
    assert code == 2
    # a missing key: at the start of the front matter's mapping
    first = line_of(path, "translation_of:")
    assert f"{path}:{first}:1: 'source' is missing" in err
    line = line_of(unknown, "translation_of:")
    assert (
        f"{unknown}:{line}:17: unknown hand-written page 'scorin.md'; did you mean 'scoring.md'?"
        in err
    )
    assert f"{german.parent}: 'de' is not a language" in err
    assert f"{bare}:1:1: no front matter" in err


@pytest.mark.slow
def test_the_translations_table_counts_the_pages(docs: Path) -> None:
    translate(docs, "fr", "limits.md", "Limites et sécurité")
    translate(docs, "fr", "overview.md", "Vue d'ensemble")
    stale = translate(docs, "fr", "scoring.md", "Notation", source="abcdef012345")
    translate(docs, "zh", "limits.md", "限制与安全")
    pages = sorted(p.name for p in docs.glob("*.md"))  # what the table should count
    code, out, err = invoke("translations", "--docs", docs)
    assert code == 0, err
    table = out.split("The site's hand-written pages (docs/i18n)\n")[1].splitlines()
    assert table[0].split() == ["language", "pages", "translated", "stale", "missing", "percent"]
    rows = {line.split()[0]: line.split()[1:] for line in table[1:] if line.strip()}
    n = len(pages)
    assert rows["fr"] == [str(n), "2", "1", str(n - 3), f"{int(1000 * 2 / n) / 10:.1f}%"]
    assert rows["zh"] == [str(n), "1", "0", str(n - 1), f"{int(1000 / n) / 10:.1f}%"]
    assert rows["ar"] == [str(n), "0", "0", str(n), "0.0%"]
    code, out, _ = invoke("translations", "--docs", docs, "--lang", "fr", "--missing")
    assert code == 0
    assert f"{stale}:{line_of(stale, 'source:')}:9: scoring.md: stale translation" in out
    assert f"{docs / 'i18n' / 'fr' / 'capacity.md'}: capacity.md: not translated yet" in out
    assert "limits.md: " not in out
    code, out, _ = invoke("translations", "--docs", docs, "-f", "json", "--missing")
    data = json.loads(out)
    fr = next(p for p in data["pages"] if p["language"] == "fr")
    assert (fr["pages"], fr["translated"], fr["stale"], fr["missing"]) == (n, 2, 1, n - 3)
    assert {t["page"]: t["state"] for t in fr["todo"]}["scoring.md"] == "stale"
    code, out, _ = invoke("translations", "--docs", docs, "-f", "md")
    assert f"| zh | {n} | 1 | 0 | {n - 1} |" in out


def test_the_existing_tables_are_unchanged_by_the_pages_table(docs: Path) -> None:
    code, out, _ = invoke("translations", "--docs", docs)
    assert code == 0
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[0].split()[:2] == ["language", "fields"]
    assert blocks[1].startswith("gapcheck's own words")
    assert blocks[2].startswith("The site's hand-written pages")


# --- the real translations ------------------------------------------------------------------


def _real_translations() -> list[Path]:
    return sorted((DOCS / "i18n").glob("*/*.md")) if (DOCS / "i18n").is_dir() else []


def test_every_real_translation_is_current_and_keeps_the_anchors() -> None:
    """What keeps docs/i18n in step with docs/: a changed English page fails here until its
    translations are updated (or the stale ones removed)."""
    checked = 0
    for path in _real_translations():
        page = path.name
        english = (DOCS / page).read_text(encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        source = re.search(r"^source: *['\"]?([0-9a-f]+)", text, re.M)
        assert source is not None, path
        assert source[1] == english_hash(english), (
            f"{path}: stale, source should be {english_hash(english)}"
        )
        body = text.split("\n---\n", 1)[1]
        assert anchors(body) == anchors(english), f"{path}: headings or anchors differ"
        checked += 1
    loaded = load_doc_pages(DOCS)
    assert checked == sum(len(found) for found in loaded.translations.values())
    for language in loaded.translations:
        assert language in LANGUAGES
        assert all(s.state is not State.STALE for s in loaded.statuses(language))


def test_the_anchor_check_sees_a_changed_anchor(docs: Path) -> None:
    path = translate(docs, "fr", "limits.md", "Limites et sécurité")
    english = (docs / "limits.md").read_text(encoding="utf-8")
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert anchors(body) == anchors(english)
    renamed = body.replace("## Output", "## Sorties", 1)
    assert anchors(renamed) != anchors(english)
    assert anchors(renamed.replace("## Sorties", "## Sorties {#output}", 1)) == anchors(english)


# --- the site --------------------------------------------------------------------------------


def _config(docs: Path) -> Path:
    """A copy of the site's sources around `docs`: mkdocs.yml and the theme's overrides."""
    top = docs.parent
    if not (top / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", top / "mkdocs.yml")
        shutil.copytree(ROOT / "site-overrides", top / "site-overrides")
    return top / "mkdocs.yml"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang = ""
        self.links: list[str] = []
        self.in_english = 0
        self.english: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if self.in_english:
            self.in_english += 1
        elif a.get("lang") == "en" and a.get("dir") == "ltr":
            self.in_english = 1

    def handle_endtag(self, tag: str) -> None:
        if self.in_english:
            self.in_english -= 1

    def handle_data(self, data: str) -> None:
        if self.in_english:
            self.english.append(data)


def _parsed(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English, French and Chinese built from a copy of docs/ with a current French and
    Chinese translation of limits.md and a stale French one of scoring.md."""
    top = tmp_path_factory.mktemp("docs-site")
    shutil.copytree(DOCS, top / "docs", ignore=shutil.ignore_patterns("i18n"))
    docs = top / "docs"
    fr = translate(docs, "fr", "limits.md", "Limites et sécurité")
    # a link to another page's heading, kept with the English file name and anchor
    text = fr.read_text(encoding="utf-8")
    fr.write_text(text + "\nVoir [la notation](scoring.md#priorities).\n", encoding="utf-8")
    translate(docs, "zh", "limits.md", "限制与安全")
    translate(docs, "fr", "scoring.md", "Comment un questionnaire est noté", source="abcdef012345")
    out = top / "site"
    code, _, err = invoke(
        "site", "build", "--lang", "fr", "--lang", "zh", "-o", out,
        "--config", _config(docs), "--examples", EXAMPLES,
    )  # fmt: skip
    assert code == 0, err
    assert "WARNING" not in err and "omitted" not in err
    return out


@pytest.mark.slow  # builds three languages
def test_a_current_translation_replaces_the_english_page(built: Path) -> None:
    page = built / "fr" / "limits.html"
    html = page.read_text(encoding="utf-8")
    found = _parsed(page)
    assert found.html_lang == "fr"
    assert 'id="limits-and-safety"' in html and "Limites et sécurité" in html
    assert "gc-unofficial" in html and "gc-untranslated" not in html
    assert "Cette page est une traduction non officielle ; la page anglaise fait foi." in html
    # the note leads to the English page, which exists and stays English
    assert "../limits.html" in found.links
    english = (page.parent / "../limits.html").resolve()
    assert english.is_file() and "Limites et sécurité" not in english.read_text("utf-8")
    assert "gc-unofficial" not in english.read_text("utf-8")
    # the translated text is not inside an English block
    assert "Limites" not in "".join(found.english)
    # links inside the translated page keep working: same file names, same anchors
    assert "scoring.html#priorities" in found.links
    assert 'id="priorities"' in (built / "fr" / "scoring.html").read_text("utf-8")


@pytest.mark.slow  # builds three languages
def test_a_stale_translation_falls_back_to_english_with_a_note(built: Path) -> None:
    page = built / "fr" / "scoring.html"
    html = page.read_text(encoding="utf-8")
    assert "Traduction périmée" in html and "gc-untranslated" in html
    assert "Comment un questionnaire est noté" not in html
    assert "priority" in " ".join(_parsed(page).english)
    # a page with no translation at all keeps the plain note
    capacity = (built / "fr" / "capacity.html").read_text("utf-8")
    assert "Pas encore traduit" in capacity and "Traduction périmée" not in capacity


@pytest.mark.slow  # builds three languages
def test_translations_are_never_pages_of_their_own(built: Path) -> None:
    assert not list(built.rglob("i18n"))
    for language in ("", "fr", "zh"):
        index = json.loads((built / language / "search" / "search_index.json").read_text("utf-8"))
        assert not any("i18n" in d["location"] for d in index["docs"])


@pytest.mark.slow  # builds three languages
def test_a_translated_page_is_searched_in_its_language(built: Path) -> None:
    def texts(language: str) -> str:
        index = json.loads((built / language / "search" / "search_index.json").read_text("utf-8"))
        return " ".join(d["title"] + " " + d["text"] for d in index["docs"]
                        if d["location"].startswith("limits.html"))  # fmt: skip

    assert "Limites et sécurité" in texts("fr")
    assert "Limites" not in texts("")
    # Chinese is cut into words (U+200B between them), as the generated pages are
    assert "限制\u200b与\u200b安全" in texts("zh") or "\u200b安全" in texts("zh")


# --- hostile files -------------------------------------------------------------------------

HOSTILE = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def damaged_page(draw: hs.Draw) -> tuple[bytes, str]:
    english = (DOCS / "limits.md").read_text(encoding="utf-8")
    raw = (front("limits.md", english_hash(english)) + "# Limites {#limits-and-safety}\n").encode()
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        raw, step = draw(st.sampled_from(hs.TEXT_OPS))(draw, raw)
        steps.append(step)
    return raw, "; ".join(steps)


@HOSTILE
@given(case=damaged_page())
def test_a_damaged_translated_page_is_read_or_refused_cleanly(
    case: tuple[bytes, str], docs: Path
) -> None:
    raw, steps = case
    note(steps)
    path = docs / "i18n" / "fr" / "limits.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        pages = load_doc_pages(docs)
    except InputError as e:
        assert_clean(e, {str(path)}, raw, str(path))
    else:
        (status,) = [s for s in pages.statuses("fr") if s.page == "limits.md"]
        assert status.state in (State.TRANSLATED, State.STALE)
