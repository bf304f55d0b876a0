"""The guidance site build against a plain Material build of as many hand-written pages.

Both are built in this process, moments apart, so the ratio shows what generating pages from
the knowledge base (catalogue, graph SVGs, example reports, downloads) costs on top of MkDocs.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

from harness import Result, median_time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PLAIN_CONFIG = """\
site_name: plain
use_directory_urls: false
theme:
  name: material
  font: false
extra:
  generator: false
plugins:
  - search
markdown_extensions:
  - toc
  - tables
  - attr_list
"""


def _plain_page(n: int, size: int) -> str:
    """A hand-written page of about `size` characters: headings, prose, a list and a table."""
    para = textwrap.fill(
        "Officials read this page to learn how a rehabilitation programme is run, who takes "
        "part, which safeguards apply and what evidence shows that the practice is in place. ",
        90,
    )
    parts = [f"# Page {n}\n", "[Home](index.md)\n"]
    i = 0
    while sum(len(p) for p in parts) < size:
        i += 1
        parts += [f"## Part {i}\n", para + "\n", "- one item\n- another item\n"]
        parts.append("| a | b |\n|---|---|\n| 1 | 2 |\n")
    return "\n".join(parts)


def _plain_site(root: Path, sizes: list[int]) -> Path:
    """One hand-written page per generated page, each about as long as its counterpart."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    for n, size in enumerate(sizes):
        name = "index.md" if n == 0 else f"page-{n:02d}.md"
        (docs / name).write_text(_plain_page(n, size), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(PLAIN_CONFIG, encoding="utf-8")
    return config


def run() -> list[Result]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from gapcheck.catalogue import load_catalogue
    from gapcheck.guidance.build import build_site, default_config
    from gapcheck.guidance.examples import load_examples
    from gapcheck.guidance.pages import build_pages

    catalogue = load_catalogue()
    examples = load_examples(default_config().parent / "questionnaires" / "examples", catalogue)
    pages = build_pages(catalogue, examples=examples, hand_written=["capacity-building.md"])
    docs = default_config().parent / "docs"
    sizes = [len(t) for t in pages.values()]
    sizes += [len(p.read_text(encoding="utf-8")) for p in sorted(docs.rglob("*.md"))]
    count = len(sizes)

    with tempfile.TemporaryDirectory() as tmp:
        plain_config = _plain_site(Path(tmp) / "plain", sizes)

        def plain() -> None:
            build(load_config(str(plain_config), site_dir=str(Path(tmp) / "plain-site")))

        # The English site alone, comparable with the plain build of as many pages.
        def full() -> None:
            build_site(Path(tmp) / "site", languages=["en"])

        def offline() -> None:
            build_site(Path(tmp) / "site-offline", offline=True, languages=["en"])

        # What the five other languages add: one more MkDocs build each.
        def six_languages() -> None:
            build_site(Path(tmp) / "site-six")

        def generate() -> None:
            build_pages(catalogue, examples=examples)

        english = median_time(full, repeat=5)
        six = median_time(six_languages, repeat=3)
        baseline = median_time(plain, repeat=5)
        label = f"plain Material build, {count} hand-written pages of the same sizes"
        what = f"{count} pages"
        return [
            Result("gapcheck site build --lang en", what, english, label, baseline),
            Result(
                "gapcheck site build (six languages)",
                f"6 x {count} pages",
                six,
                "gapcheck site build --lang en (English only)",
                english,
            ),
            Result(
                "gapcheck site build --offline",
                what,
                median_time(offline, repeat=5),
                label,
                baseline,
            ),
            Result(
                "page generation only (build_pages)", what, median_time(generate), label, baseline
            ),
        ]
