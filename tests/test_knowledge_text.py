"""Knowledge-base text is escaped like any other file text: a practice title, an element or
a section title with markup stays text in the Markdown report, the comparison and the site's
navigation (the knowledge base may be another's, chosen with --practices)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from gapcheck.catalogue import load_catalogue
from gapcheck.cli import cli
from gapcheck.guidance.pages import build_nav
from tests.conftest import EXAMPLES

PAYLOAD = "<img src=x onerror=alert(1)> [x](javascript:0) |{: a=y }"


def poisoned(practices: Path) -> Path:
    gp03 = practices / "GP03.yaml"
    text = gp03.read_text(encoding="utf-8")
    text = text.replace(
        "title: Intake, assessment and classification", f"title: {json.dumps(PAYLOAD)}"
    )
    text = text.replace(
        "text: Target groups are defined by clear criteria.", f"text: {json.dumps(PAYLOAD)}"
    )
    gp03.write_text(text, encoding="utf-8")
    meta = practices / "catalogue.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "title: Prison Context", f"title: {json.dumps(PAYLOAD)}"
        ),
        encoding="utf-8",
    )
    return practices


def assert_text_only(markdown: str) -> None:
    # no tag at all, and every other markup character comes with its backslash
    assert "<img" not in markdown
    for raw in ("](javascript", "{: a=y", "|{"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), markdown), raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown


def test_report_and_comparison_escape_knowledge_base_text(
    runner: CliRunner, practices_copy: Path
) -> None:
    kb = str(poisoned(practices_copy))
    q = str(EXAMPLES / "arcadia-2026.yaml")
    report = runner.invoke(cli, ["--practices", kb, "report", q, "-f", "md"])
    assert report.exit_code == 0, report.stderr
    assert_text_only(report.stdout)
    later = str(EXAMPLES / "arcadia-2028.yaml")
    comparison = runner.invoke(cli, ["--practices", kb, "compare", q, later, "-f", "md"])
    assert comparison.exit_code == 0, comparison.stderr
    assert_text_only(comparison.stdout)


def test_site_navigation_escapes_knowledge_base_titles(practices_copy: Path) -> None:
    catalogue = load_catalogue(poisoned(practices_copy))
    titles = json.dumps(build_nav(catalogue, {}))
    assert "<img" not in titles and "&lt;" not in titles  # no markup, not even escaped
    assert "onerror=alert(1)" in titles  # the words themselves are kept
