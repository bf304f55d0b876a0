"""The HTML report in real Chromium: on a phone, and printed to A4."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from gapcheck.cli import cli

EXAMPLE = Path(__file__).parent.parent / "questionnaires" / "examples" / "arcadia-2026.yaml"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "arcadia.html"
    result = CliRunner().invoke(cli, ["report", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_priority_and_phase_columns_fit_a_phone(browser: Browser, report_html: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(report_html.as_uri())
    # nothing on the page is wider than the screen but the boxes that scroll on their own
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    table = page.locator("table.priorities")
    for name in ("Rank", "Practice", "Phase", "Priority"):
        header = table.locator("th", has_text=name).first
        box = header.bounding_box()
        assert box is not None
        # the column lies inside the screen with the table scrolled to its start
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (name, box)
    first_row = table.locator("tbody tr").first.locator("td")
    assert first_row.nth(0).inner_text() == "1" and first_row.nth(2).inner_text() == "1"
    cell = first_row.nth(2).bounding_box()
    assert cell is not None and cell["x"] + cell["width"] <= 375
    context.close()


def test_the_report_prints_to_a4(browser: Browser, report_html: Path, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(report_html.as_uri())
    pdf = page.pdf(prefer_css_page_size=True)
    # A4 is 595 x 842 points; every page of the PDF has that media box
    boxes = {
        line.split(b"/MediaBox", 1)[1].split(b"]", 1)[0]
        for line in pdf.split(b"\n")
        if b"/MediaBox" in line
    }
    assert boxes, "no page in the PDF"
    for box in boxes:
        numbers = [float(n) for n in box.replace(b"[", b" ").split()]
        assert [round(n) for n in numbers[2:4]] == [595, 842], box
    # the navigation is left out of print; the first steps are printed
    page.emulate_media(media="print")
    assert page.locator("nav.toc").is_hidden()
    assert page.locator("#first-steps").is_visible()
    page.close()
