"""The MkDocs adapter: adds the generated pages, downloads and navigation to a build.

Everything the site says comes from `gapcheck.guidance.pages`; this module only hands it to
MkDocs (virtual files, nav, edit links). Moving to another generator means rewriting this file.
"""

from __future__ import annotations

import html as html_text
import os
import re
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs import __version__ as mkdocs_version
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from gapcheck.catalogue import load_catalogue
from gapcheck.errors import InputError
from gapcheck.guidance import pages
from gapcheck.guidance.examples import load_examples
from gapcheck.guidance.languages import (
    alternate_href,
    configure,
    fix_alternate_links,
    language_links,
)
from gapcheck.i18n.content import localise
from gapcheck.i18n.doc_pages import (
    DocPages,
    TranslatedPage,
    is_translation_path,
    load_doc_pages,
)
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.i18n.status import State
from gapcheck.render.environment import theme_bytecode_cache

if TYPE_CHECKING:
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.theme import Theme
    from mkdocs.utils.templates import TemplateContext

    from gapcheck.catalogue import Catalogue
    from gapcheck.guidance.pages import Example
    from gapcheck.i18n.overlays import Translations


_TASK_BOX = re.compile(
    r'(<input type="checkbox" disabled)(\s*/?>(?:(?!</li>).)*?<strong>([^<]+)</strong>)', re.S
)


_THEME_VERSIONS = (mkdocs_version, metadata.version("mkdocs-material"))


class GapcheckConfig(Config):  # type: ignore[no-untyped-call]
    # Paths are relative to mkdocs.yml; no practices means the shipped knowledge base
    # ($GAPCHECK_PRACTICES), no examples means no example reports.
    practices = config_options.Optional(config_options.Dir(exists=True))
    examples = config_options.Optional(config_options.Dir(exists=True))
    # The language of this build, and every language of the site (set by `gapcheck site
    # build`, one MkDocs build per language): a plain `mkdocs build` makes the English site.
    language = config_options.Type(str, default=SOURCE_LANGUAGE)
    languages = config_options.ListOfItems(config_options.Type(str), default=[])


class GapcheckPlugin(BasePlugin[GapcheckConfig]):  # type: ignore[no-untyped-call]
    """`plugins: [gapcheck]` in mkdocs.yml."""

    _preloaded: tuple[Catalogue, list[Example], Translations | None, DocPages | None] | None = None
    _theme_files: dict[tuple[str, ...], list[str]] | None = None
    _hand_written: set[str] = set()  # noqa: RUF012 (replaced, never changed, per build)
    _doc_pages: DocPages | None = None

    def preload(
        self,
        catalogue: Catalogue,
        examples: list[Example],
        translations: Translations | None = None,
        doc_pages: DocPages | None = None,
        theme_files: dict[tuple[str, ...], list[str]] | None = None,
    ) -> None:
        """Use inputs already loaded and checked (by `gapcheck site build`) for one build:
        read once for all the languages of a site rather than once per language.
        `theme_files` is shared by the builds of one site: the theme's files, listed once."""
        self._preloaded = (catalogue, examples, translations, doc_pages)
        self._theme_files = theme_files

    # Before the search plugin reads the theme's language to choose its own.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        configure(config, self.config.language, self.config.languages)
        _share_theme_work(config.theme, self._theme_files)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        catalogue, examples, translations, doc_pages = self._preloaded or (
            *self._load(),
            None,
            None,
        )
        self._preloaded = None
        language = self.config.language
        catalogue = localise(catalogue, language, translations)
        self._doc_pages = _load_doc_pages(config.docs_dir) if doc_pages is None else doc_pages
        # docs/i18n/<lang>/<page>.md replace their page in <lang>'s build: never pages of their own
        for f in [f for f in files if is_translation_path(f.src_uri)]:
            files.remove(f)

        hand_written = [f.src_uri for f in files.documentation_pages()]
        self._hand_written = set(hand_written)
        generated = pages.build_pages(
            catalogue,
            examples=examples,
            directory_urls=config.use_directory_urls,
            hand_written=hand_written,
            language=language,
        )
        downloads = pages.build_downloads(catalogue)
        for path, content in {**generated, **downloads}.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"docs/{path} has the name of a generated page; rename or remove it"
                )
            files.append(File.generated(config, path, content=content))
        for practice in catalogue:
            page = files.get_file_from_path(pages.practice_page(practice.id))
            if page is not None:
                # "Edit this page" opens the practice's YAML (the page is made from it).
                source = catalogue.root / f"{practice.id}.yaml"
                page.edit_uri = Path(os.path.relpath(source, config.docs_dir)).as_posix()
        config.nav = pages.build_nav(catalogue, generated, hand_written, examples, language)
        return files

    def on_page_markdown(
        self,
        markdown: str,
        /,
        *,
        page: Page,
        config: MkDocsConfig,  # noqa: ARG002
        files: Files,  # noqa: ARG002
    ) -> str:
        # A current translation of a hand-written page replaces its English text; relative
        # links work unchanged, since the page keeps its place and the file names are English.
        translated = self._translation(page)
        return translated.body if translated is not None else markdown

    def on_page_context(
        self,
        context: TemplateContext,
        /,
        *,
        page: Page,
        config: MkDocsConfig,
        nav: Navigation,  # noqa: ARG002
    ) -> TemplateContext:
        # The language switcher (Material's extra.alternate) leads to this same page in each
        # language: links are relative, so that they work from a folder (file://) too. The
        # theme renders it with each page, after this event.
        if self.config.languages:
            config.extra["alternate"] = language_links(
                page.url, self.config.language, self.config.languages
            )
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:  # noqa: ARG002
        if not self.config.languages:
            return output
        return fix_alternate_links(output, page.url, self.config.language, self.config.languages)

    # MkDocs passes page, config and files by name, so the signature keeps them
    def on_page_content(
        self,
        html: str,
        /,
        *,
        page: Page,
        config: MkDocsConfig,  # noqa: ARG002
        files: Files,  # noqa: ARG002
    ) -> str:
        t = translator(self.config.language)

        # A key element's check box (a task list item) is named by the element's id, so a
        # screen reader says what it stands for (WCAG 4.1.2).
        def named(m: re.Match[str]) -> str:
            label = t.gettext("Key element %(id)s") % {"id": m[3]}
            return f'{m[1]} aria-label="{html_text.escape(label)}"{m[2]}'

        html = _TASK_BOX.sub(named, html)
        language = self.config.language
        if language != SOURCE_LANGUAGE and page.file.src_uri in self._hand_written:
            if self._translation(page) is not None:
                english = alternate_href(page.url, language, SOURCE_LANGUAGE)
                html = _unofficial(html, t.gettext, english)
            else:
                html = _untranslated(html, t.gettext, stale=self._stale(page))
        return html

    def _translation(self, page: Page) -> TranslatedPage | None:
        if self._doc_pages is None or self.config.language == SOURCE_LANGUAGE:
            return None
        return self._doc_pages.shown(self.config.language, page.file.src_uri)

    def _stale(self, page: Page) -> bool:
        if self._doc_pages is None:
            return False
        found = self._doc_pages.status(self.config.language, page.file.src_uri)
        return found is not None and found.state is State.STALE

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # A sitemap lists absolute addresses; without a site_url MkDocs writes one with none
        # in it, which tells search engines nothing. Only a site that knows its address
        # keeps one.
        if not config.site_url:
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                Path(config.site_dir, name).unlink(missing_ok=True)

    def _load(self) -> tuple[Catalogue, list[Example]]:
        try:
            catalogue = load_catalogue(self.config.practices)
            return catalogue, load_examples(self.config.examples, catalogue)
        except InputError as e:
            # Raised inside MkDocs, so it goes through MkDocs' own error reporting.
            raise PluginError(f"gapcheck cannot build the site:\n{e}") from None


def _share_theme_work(theme: Theme, listed: dict[tuple[str, ...], list[str]] | None) -> None:
    """Every Jinja environment the theme makes keeps its compiled templates, and lists the
    theme's files once per site.

    MkDocs makes a new environment for every build (one per language), and Material's search
    plugin makes more of its own, to read the language's words: each compiled the theme's
    templates again, and each build walked the theme's ~14,000 files (its icons) again to
    find the ones to copy. `listed` lives as long as one `gapcheck site build`, whose files
    do not change meanwhile; without it (a plain `mkdocs build`, `serve`) the theme is listed
    as before.
    """
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = theme_bytecode_cache(env, _THEME_VERSIONS)
        loader = env.loader
        if listed is not None and isinstance(loader, jinja2.FileSystemLoader):
            key = tuple(map(str, loader.searchpath))
            walk = loader.list_templates

            def list_templates() -> list[str]:
                if key not in listed:
                    listed[key] = walk()
                return list(listed[key])

            loader.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _load_doc_pages(docs_dir: str) -> DocPages:
    try:
        return load_doc_pages(docs_dir)
    except InputError as e:
        raise PluginError(f"gapcheck cannot build the site:\n{e}") from None


def _unofficial(html: str, gettext: Any, english_href: str) -> str:
    """A translated hand-written page, under a note in its language that the English page,
    linked, is the authoritative one."""
    title = html_text.escape(gettext("Unofficial translation"))
    note = html_text.escape(
        gettext("This page is an unofficial translation; the English page is authoritative.")
    )
    link = html_text.escape(gettext("Read the English page"))
    return (
        f'<div class="admonition info gc-unofficial"><p class="admonition-title">{title}</p>'
        f'<p>{note} <a href="{html_text.escape(english_href)}" hreflang="en">{link}</a></p>'
        f"</div>\n{html}"
    )


def _untranslated(html: str, gettext: Any, *, stale: bool = False) -> str:
    """A hand-written page (docs/) in another language's site: its English text, marked as
    English, under a note in the reader's language that it is not translated yet (or that its
    translation is out of date)."""
    if stale:
        title = html_text.escape(gettext("Translation out of date"))
        note = html_text.escape(
            gettext(
                "The English page has changed since it was translated: it is shown in "
                "English, its original language, until the translation is updated."
            )
        )
    else:
        title = html_text.escape(gettext("Not yet translated"))
        note = html_text.escape(
            gettext(
                "This page is not translated yet: it is shown in English, its original language."
            )
        )
    return (
        f'<div class="admonition note gc-untranslated"><p class="admonition-title">{title}</p>'
        f"<p>{note}</p></div>\n"
        f'<div lang="en" dir="ltr">{html}</div>'
    )
