"""The MkDocs adapter: adds the generated pages, downloads and navigation to a build.

Everything the site says comes from `gapcheck.guidance.pages`; this module only hands it to
MkDocs (virtual files, nav, edit links). Moving to another generator means rewriting this file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from gapcheck.catalogue import load_catalogue
from gapcheck.errors import InputError
from gapcheck.guidance import pages
from gapcheck.guidance.examples import load_examples

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

    from gapcheck.catalogue import Catalogue
    from gapcheck.guidance.pages import Example


_TASK_BOX = re.compile(
    r'(<input type="checkbox" disabled)(\s*/?>(?:(?!</li>).)*?<strong>([^<]+)</strong>)', re.S
)


class GapcheckConfig(Config):  # type: ignore[no-untyped-call]
    # Paths are relative to mkdocs.yml; no practices means the shipped knowledge base
    # ($GAPCHECK_PRACTICES), no examples means no example reports.
    practices = config_options.Optional(config_options.Dir(exists=True))
    examples = config_options.Optional(config_options.Dir(exists=True))


class GapcheckPlugin(BasePlugin[GapcheckConfig]):  # type: ignore[no-untyped-call]
    """`plugins: [gapcheck]` in mkdocs.yml."""

    _preloaded: tuple[Catalogue, list[Example]] | None = None

    def preload(self, catalogue: Catalogue, examples: list[Example]) -> None:
        """Use inputs already loaded and checked (by `gapcheck site build`) for one build."""
        self._preloaded = (catalogue, examples)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        catalogue, examples = self._preloaded or self._load()
        self._preloaded = None

        hand_written = [f.src_uri for f in files.documentation_pages()]
        generated = pages.build_pages(
            catalogue,
            examples=examples,
            directory_urls=config.use_directory_urls,
            hand_written=hand_written,
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
        config.nav = pages.build_nav(catalogue, generated, hand_written, examples)
        return files

    # MkDocs passes page, config and files by name, so the signature keeps them
    def on_page_content(
        self,
        html: str,
        /,
        *,
        page: Page,  # noqa: ARG002
        config: MkDocsConfig,  # noqa: ARG002
        files: Files,  # noqa: ARG002
    ) -> str:
        # A key element's check box (a task list item) is named by the element's id, so a
        # screen reader says what it stands for (WCAG 4.1.2).
        return _TASK_BOX.sub(r'\1 aria-label="Key element \3"\2', html)

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
