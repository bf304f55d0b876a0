"""The site in several languages: one MkDocs build per language, all in one folder.

English stays at the root (every address of the English site is unchanged); each other
language is the same site under its own folder: fr/, es/, ar/, ru/, zh/. A page has the same
path in every language, so the language switcher links to `<language folder>/<page path>`,
relative to the page, which works on a web server and opened from a folder alike.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Any

from gapcheck.i18n.messages import N_, NATIVE_NAMES, SOURCE_LANGUAGE, direction, translator
from gapcheck.models.values import OUTPUT_LANGUAGES

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Every language of the site, English first (it is built at the root).
SITE_LANGUAGES: tuple[str, ...] = (
    SOURCE_LANGUAGE,
    *(lang for lang in OUTPUT_LANGUAGES if lang != SOURCE_LANGUAGE),
)
# lunr.js languages of Material's search for which the theme's language names none (its
# Arabic and Chinese strings leave search in English). Chinese needs no stemmer: the search
# plugin cuts Chinese text into words with jieba at build time, separated by U+200B, which
# the Chinese theme's separator splits on.
_SEARCH_LANGUAGE = {"ar": ["ar"]}


# The words of the shipped mkdocs.yml that readers see; a site configured with other words
# keeps them as they are (gettext returns a string it does not know unchanged).
CONFIG_WORDS = (
    N_("gapcheck · guidance on the GCTF Rome Memorandum · example States are fictional"),
    N_("The GCTF Rome Memorandum, practice by practice, with a self-assessment for States"),
    N_("Switch to dark mode"),
    N_("Switch to light mode"),
)


def prefix(language: str) -> str:
    """The folder of `language`'s pages, from the top of the site: "" for English."""
    return "" if language == SOURCE_LANGUAGE else f"{language}/"


def configure(config: MkDocsConfig, language: str, languages: list[str]) -> None:
    """Set one language's build: Material's own words, the direction of the text, search."""
    if language not in NATIVE_NAMES:
        raise ValueError(f"unknown site language {language!r}; use one of {SITE_LANGUAGES}")
    theme: Any = config.theme
    theme["language"] = language
    theme["direction"] = direction(language)
    search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
    if search is not None and language in _SEARCH_LANGUAGE:
        search.config["lang"] = _SEARCH_LANGUAGE[language]
    if languages:
        config.extra["alternate"] = language_links("", language, languages)
    if language != SOURCE_LANGUAGE:
        _translate_config_words(config, language)


def _translate_config_words(config: MkDocsConfig, language: str) -> None:
    gettext = translator(language).gettext
    known = set(CONFIG_WORDS)

    def said(text: str | None) -> str | None:
        return gettext(text) if text in known else text

    config.copyright = said(config.copyright)
    config.site_description = said(config.site_description)
    theme: Any = config.theme
    palettes = theme.get("palette") or []
    for palette in palettes if isinstance(palettes, list) else [palettes]:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if isinstance(toggle, dict) and "name" in toggle:
            toggle["name"] = said(toggle["name"])


def language_links(page_url: str, language: str, languages: list[str]) -> list[dict[str, str]]:
    """Material's `extra.alternate` for one page: the same page in every language, each named
    in itself, with a link relative to the page (`alternate_href`)."""
    return [
        {
            "name": NATIVE_NAMES[other],
            "link": alternate_href(page_url, language, other),
            "lang": other,
        }
        for other in languages
    ]


def alternate_href(page_url: str, language: str, other: str) -> str:
    """The link from a page of `language`'s site to the same page in `other`."""
    page = _file_url(page_url)
    here = posixpath.dirname(prefix(language) + page) or "."
    return posixpath.relpath(prefix(other) + page, here)


def _file_url(page_url: str) -> str:
    # A folder's address names its index.html: from a folder (file://) there is no server
    # to choose it.
    if not page_url or page_url.endswith("/"):
        return f"{page_url}index.html"
    return page_url


# Material writes each language of `extra.alternate` as href="..." hreflang="xx", in the
# page's <head> and in the switcher. Its `url` filter reads a link that starts with ../ (a
# page outside this language's build) as if it were inside the build, so the links are put
# right in the finished page.
_ALTERNATE = re.compile(r'href="[^"]*"( hreflang="([A-Za-z-]+)")')


def fix_alternate_links(html: str, page_url: str, language: str, languages: list[str]) -> str:
    known = set(languages)

    def right(m: re.Match[str]) -> str:
        other = m[2]
        if other not in known:
            return m[0]
        return f'href="{alternate_href(page_url, language, other)}"{m[1]}'

    return _ALTERNATE.sub(right, html)
