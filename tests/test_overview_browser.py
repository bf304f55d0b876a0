"""The overview's HTML in real headless Chromium: no outside requests, pictures drawn, and
the unit's notice on every printed page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from tests.conftest import ROOT
from tests.overview_support import questionnaire, request, state_name, write_yaml

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("audience", ["public", "unit"])
def test_overview_page_makes_no_outside_request(
    browser: Browser, runner: CliRunner, catalogue: Catalogue, tmp_path: Path, audience: str
) -> None:
    files = []
    for i in range(10):
        levels = {"GP01": i % 5, "GP05": (i * 2) % 5}
        files.append(
            str(
                write_yaml(
                    tmp_path / f"s{i}.yaml",
                    questionnaire(
                        catalogue, state_name(i), levels, region="North" if i % 2 else "South"
                    ),
                )
            )
        )
    write_yaml(
        tmp_path / "requests.yaml",
        {"requests": [request(state_name(i), "GP01", ["training"], n=i) for i in range(10)]},
    )
    offers = str(ROOT / "offers" / "examples" / "meridia-justice.yaml")
    out = tmp_path / "overview.html"
    result = runner.invoke(
        cli,
        ["overview", *files, "--requests", str(tmp_path / "requests.yaml"), "--offers", offers,
         "--audience", audience, "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(out.as_uri())
    assert [u for u in urls if not u.startswith("file:")] == []
    assert page.locator("svg.heatmap rect").count() > 3 * 25
    assert page.locator("svg.supply").count() == 1
    box = page.locator("svg.bars").bounding_box()
    assert box is not None and box["width"] > 200
    repeat = page.locator(".audience-mark.repeat")
    assert not repeat.is_visible()
    page.emulate_media(media="print")
    assert repeat.is_visible()
    assert repeat.evaluate("e => getComputedStyle(e).position") == "fixed"
    if audience == "unit":
        assert "For the GCTF Administrative Unit only" in repeat.inner_text()
    context.close()
