"""The site's hand-written pages in other languages: docs/i18n/<lang>/<page>.md.

One file per page and language, named like the English page, with a YAML front matter that
names the English page (`translation_of`) and the version of it translated (`source`, the
hash of its text). A translation whose `source` is not the hash of the English page as it is
now is stale: it is reported (a warning of `gapcheck validate`, a count in `gapcheck
translations`) and never shown; the site shows the English page instead. The format is
described in docs/translations.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gapcheck.errors import InputError, Message, Problem, Problems, shorten, unknown
from gapcheck.i18n.folders import language_folders
from gapcheck.i18n.formats import share_down
from gapcheck.i18n.hashing import source_hash
from gapcheck.i18n.status import State, tally
from gapcheck.models.page_translation import PageTranslation
from gapcheck.models.translation import LANGUAGES
from gapcheck.yamlio import Document, parse_yaml, read_text, validate_document

I18N_DIR = "i18n"
# The front matter: a first line `---`, YAML, a line `---`.
_FRONT = re.compile(r"---[ \t]*\n(?:.*?\n)?---[ \t]*(?:\n|$)", re.S)


def page_source(english: str) -> str:
    """The hash naming an English page's text: line endings made `\\n`, outer blank trimmed."""
    return source_hash(english.replace("\r\n", "\n").replace("\r", "\n").strip())


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the front matter with its opening `---`, so that YAML lines are the file's; the body)."""
    m = _FRONT.match(text)
    if m is None:
        return None, text
    closing = text.rfind("---", 0, m.end())
    return text[:closing], text[m.end() :]


@dataclass(frozen=True)
class TranslatedPage:
    """One loaded translation of one hand-written page."""

    language: str
    page: str  # the English page's path in docs/, e.g. "scoring.md"
    path: Path
    doc: Document
    model: PageTranslation
    body: str  # the Markdown, front matter removed


@dataclass(frozen=True)
class PageStatus:
    """One hand-written page in one language."""

    language: str
    page: str
    path: Path  # the translation's file, or where it would be
    source: str  # the hash of the English page now
    translation: TranslatedPage | None

    @property
    def state(self) -> State:
        if self.translation is None:
            return State.MISSING
        if self.translation.model.source != self.source:
            return State.STALE
        return State.TRANSLATED

    def problem(self) -> Problem:
        if self.translation is None:
            return Problem(
                str(self.path),
                None,
                None,
                Message(
                    "%(page)s: not translated yet; translate docs/%(page)s into this file "
                    "with source: %(source)s (see docs/translations.md)",
                    page=self.page,
                    source=self.source,
                ),
            )
        line, col = self.translation.doc.position(("source",)) or (None, None)
        return Problem(
            str(self.path),
            line,
            col,
            Message(
                "%(page)s: stale translation: the English page changed since it was translated "
                "(source %(was)s, now %(source)s); update the "
                "translation to match docs/%(page)s and set source: %(source)s",
                page=self.page,
                was=self.translation.model.source,
                source=self.source,
            ),
        )


@dataclass(frozen=True)
class DocPages:
    """The hand-written pages of one docs/ folder and their translations."""

    docs: Path
    sources: dict[str, str]  # {page: hash of its English text}
    translations: dict[str, dict[str, TranslatedPage]]  # {language: {page: translation}}

    @property
    def pages(self) -> list[str]:
        return sorted(self.sources)

    def statuses(self, language: str) -> list[PageStatus]:
        found = self.translations.get(language, {})
        return [
            PageStatus(
                language,
                page,
                self.docs / I18N_DIR / language / page,
                self.sources[page],
                found.get(page),
            )
            for page in self.pages
        ]

    def status(self, language: str, page: str) -> PageStatus | None:
        if page not in self.sources:
            return None
        return PageStatus(
            language,
            page,
            self.docs / I18N_DIR / language / page,
            self.sources[page],
            self.translations.get(language, {}).get(page),
        )

    def shown(self, language: str, page: str) -> TranslatedPage | None:
        """The translation the site shows for `page` in `language`: a current one, or None."""
        s = self.status(language, page)
        return s.translation if s is not None and s.state is State.TRANSLATED else None

    def stale_warnings(self) -> list[Problem]:
        return [
            s.problem()
            for language in sorted(self.translations)
            for s in self.statuses(language)
            if s.state is State.STALE
        ]


def is_translation_path(src_uri: str) -> bool:
    """Whether a file of docs/ (by its path there) is a translation, never a page itself."""
    return src_uri.split("/", 1)[0] == I18N_DIR


def is_docs_folder(folder: str | Path) -> bool:
    """A folder of hand-written pages (Markdown, no YAML): the site's docs/, not practices/."""
    folder = Path(folder)
    return any(folder.glob("*.md")) and not any(folder.glob("*.yaml"))


def english_pages(docs: Path) -> dict[str, str]:
    """{page: source hash} of every hand-written page (docs/**/*.md but docs/i18n/)."""
    out: dict[str, str] = {}
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        if is_translation_path(page):
            continue
        out[page] = page_source(read_text(path))
    return out


def load_doc_pages(docs: str | Path) -> DocPages:
    """Every translation under docs/i18n/, checked; InputError listing every problem."""
    docs = Path(docs)
    sources = english_pages(docs) if docs.is_dir() else {}
    root = docs / I18N_DIR
    problems = Problems()
    found: dict[str, dict[str, TranslatedPage]] = {}
    for folder in language_folders(root, problems, _not_a_language):
        pages: dict[str, TranslatedPage] = {}
        for path in sorted(folder.rglob("*.md")):
            loaded = problems.attempt(load_page, path, docs, sources, folder.name)
            if loaded is not None:
                pages[loaded.page] = loaded
        found[folder.name] = pages
    problems.raise_any()
    return DocPages(docs, sources, found)


def _not_a_language(folder: Path) -> Problem:
    """Anything in docs/i18n/ but the language folders."""
    return Problem(
        str(folder),
        None,
        None,
        Message(
            "'%(folder)s' is not a language the pages are translated "
            "into; put translations in a folder named %(languages)s "
            "(English is the source, never a translation)",
            folder=shorten(folder.name),
            languages=", ".join(LANGUAGES),
        ),
    )


def load_page(
    path: Path, docs: Path, sources: dict[str, str] | None = None, language: str | None = None
) -> TranslatedPage:
    """One translated page, checked against the English pages of `docs`."""
    if sources is None:
        sources = english_pages(docs)
    if language is None:
        language = path.parent.name
        if language not in LANGUAGES:
            raise InputError.at(
                path,
                Message(
                    "a translated page goes in a folder named after its language "
                    "(%(languages)s), e.g. docs/i18n/fr/%(name)s",
                    languages=", ".join(LANGUAGES),
                    name=path.name,
                ),
            )
    page = path.absolute().relative_to((docs / I18N_DIR / language).absolute()).as_posix()
    text = read_text(path)
    front, body = split_front_matter(text)
    if front is None:
        raise InputError.at(
            path,
            Message(
                "no front matter; start the file with a line ---, then translation_of, source, "
                "status and reviewed_by, then a line --- (see docs/translations.md)"
            ),
            1,
            1,
        )
    doc = parse_yaml(front, str(path))
    model: PageTranslation = validate_document(doc, PageTranslation)
    where = ("translation_of",)
    if page not in sources:
        message = Message(
            "%(unknown)s; a translation is named after "
            "the English page it translates: delete this file or correct its name",
            unknown=unknown(Message("hand-written page"), page, sources),
        )
    elif model.translation_of != page:
        message = Message(
            "translation_of: %(given)s in the file %(page)s; write "
            "translation_of: %(page)s, or rename the file after the page it translates",
            given=shorten(model.translation_of),
            page=page,
        )
    else:
        return TranslatedPage(language, page, path, doc, model, body)
    raise InputError([doc.problem(where, message)])


def check_page_file(path: str | Path, docs: str | Path | None = None) -> list[Problem]:
    """`gapcheck validate` of one translated page: InputError for errors, warnings if stale."""
    path = Path(path)
    if docs is None:
        # docs/i18n/<lang>/<page>: the docs folder is the one that holds i18n/
        i18n = next((p for p in path.absolute().parents if p.name == I18N_DIR), None)
        if i18n is None:
            raise InputError.at(
                path,
                Message("a translated page goes in docs/i18n/<language>/, named like its page"),
            )
        docs = i18n.parent
    docs = Path(docs)
    loaded = load_page(path, docs)
    status = PageStatus(
        loaded.language, loaded.page, path, english_pages(docs)[loaded.page], loaded
    )
    return [status.problem()] if status.state is State.STALE else []


@dataclass(frozen=True)
class PageCoverage:
    """One language's hand-written pages; `todo` lists its stale and missing pages."""

    language: str
    pages: int
    translated: int
    stale: int
    missing: int
    todo: tuple[PageStatus, ...]

    @property
    def percent(self) -> float:
        """Translated share, rounded down to a tenth: 100.0 only when nothing is left."""
        return share_down(self.translated, self.pages)


def page_coverage(doc_pages: DocPages, languages: list[str]) -> list[PageCoverage]:
    out = []
    for language in languages:
        found = doc_pages.statuses(language)
        t = tally(found)
        out.append(PageCoverage(language, len(found), t.translated, t.stale, t.missing, t.todo))
    return out
