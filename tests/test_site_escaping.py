"""The published pages are safe on their own escaping, not on mkdocs.yml's pymdownx.escapeall:
the site is built without that extension from a knowledge base and an example whose text
holds Markdown and HTML payloads, and no page may hold live markup from them."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gapcheck.guidance.build import build_site
from tests.conftest import EXAMPLES, ROOT
from tests.test_injection import PAYLOADS, assert_inert_html

PAYLOAD = " ".join(PAYLOADS[:2] + PAYLOADS[3:])  # all but the template one (tested elsewhere)
TITLE = "<img src=x onerror=alert(1)> [x](javascript:0) *b*"  # titles are short
FORM_DATA = re.compile(r'<script type="application/json" id="gc-form-data">(.*?)</script>', re.S)
ESCAPEALL = """  - pymdownx.escapeall:
      hardbreak: false
      nbsp: false
"""


def site_sources(tmp: Path) -> Path:
    """A copy of the site's sources whose mkdocs.yml lacks pymdownx.escapeall."""
    for folder in ("docs", "site-overrides"):
        shutil.copytree(ROOT / folder, tmp / folder)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert ESCAPEALL in config  # else this test would prove nothing
    (tmp / "mkdocs.yml").write_text(config.replace(ESCAPEALL, ""), encoding="utf-8")
    return tmp / "mkdocs.yml"


def poison_practice(practices: Path) -> None:
    gp03 = practices / "GP03.yaml"
    text = gp03.read_text(encoding="utf-8")
    title = "title: Intake, assessment and classification\n"
    assert title in text
    text = text.replace(title, f"title: {json.dumps(TITLE)}\n")
    summary = f"summary: {json.dumps(PAYLOAD)}\n"
    text, found = re.subn(r"summary: >-\n(?:  .*\n)+", lambda _: summary, text)
    assert found == 1
    gp03.write_text(text, encoding="utf-8")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.slow  # builds a whole site
def test_pages_are_inert_without_escapeall(practices_copy: Path, tmp_path: Path) -> None:
    poison_practice(practices_copy)
    examples = tmp_path / "examples"
    examples.mkdir()
    source = (EXAMPLES / "arcadia-2026.yaml").read_text(encoding="utf-8")
    assert 'notes: ""' in source
    (examples / "testland.yaml").write_text(
        source.replace('notes: ""', f"notes: {json.dumps(PAYLOAD)}", 1), encoding="utf-8"
    )
    out = tmp_path / "site"
    # English and Arabic (the other direction): every language's pages come from the same
    # templates and the same escaping, with other words; building all six costs three times more.
    build_site(
        out,
        config_file=site_sources(tmp_path / "src"),
        practices=practices_copy,
        examples=examples,
        languages=("en", "ar"),
    )
    shown: dict[str, str] = {}
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        where = str(page.relative_to(out))
        # the form's data is JSON in a script element, inert if nothing in it can close it
        for data in FORM_DATA.findall(html):
            assert "<" not in data and "alert(1)" in data, where
        assert_inert_html(FORM_DATA.sub("", html), where)
        assert "<script>alert" not in html and "<img src=x" not in html, where
        parser = _Text()
        parser.feed(html)
        shown[where] = " ".join(" ".join(parser.text).split())
    # the payloads reached the pages as text, just as they were written
    practice = next(text for where, text in shown.items() if where.startswith("practices/gp03"))
    assert TITLE in practice and PAYLOAD in practice
    report = shown["reports/testland.html"]
    assert PAYLOAD in report
