"""The built site in real headless Chromium: navigation, graph links, search, download.

Every request the browser makes is recorded; none may leave 127.0.0.1 (served site) or the
local folder (offline build opened from file://).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from gapcheck.catalogue import Catalogue
from gapcheck.graph import build_graph
from gapcheck.questionnaire_files import load_questionnaire_file

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page, requests
    context.close()


def search(page: Page, words: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    # The index loads in the background; typing before it is ready finds nothing.
    expect(page.locator(".md-search-result__meta")).not_to_have_text(
        "Initializing search", timeout=20_000
    )
    box.press_sequentially(words, delay=20)  # Material reacts to key presses, not to fill()
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=20_000)


def test_served_site_in_chromium(
    served: str, page: tuple[Page, list[str]], catalogue: Catalogue, tmp_path: Path
) -> None:
    page_, requests = page
    page_.goto(served)
    expect(page_.locator("h1")).to_contain_text("practice by practice")

    nav = page_.locator("nav.md-nav--primary")
    nav.get_by_role("link", name="B. Prison Context").first.click()
    expect(page_).to_have_url(f"{served}sections/b/index.html")
    nav.get_by_role("link", name="GP03 Intake, assessment and classification").first.click()
    expect(page_).to_have_url(f"{served}practices/gp03.html")
    expect(page_.locator("h1")).to_contain_text("GP03 Intake, assessment and classification")
    graph = build_graph(catalogue)
    around = {"GP03", *graph.predecessors("GP03"), *graph.successors("GP03")}
    expect(page_.locator("figure.gc-figure svg a.gc-link")).to_have_count(len(around))

    nav.get_by_role("link", name="Dependency graph").first.click()
    expect(page_).to_have_url(f"{served}graph.html")
    expect(page_.locator("figure svg a.gc-link")).to_have_count(len(catalogue))
    page_.locator('figure svg a.gc-link:has(g[data-id="GP12"])').click()
    expect(page_).to_have_url(f"{served}practices/gp12.html")
    expect(page_.locator("h1")).to_contain_text(f"GP12 {catalogue.by_id['GP12'].title}")

    search(page_, "psychologists")
    expect(
        page_.locator('.md-search-result__item a[href*="practices/gp08.html"]').first
    ).to_be_attached()

    page_.goto(f"{served}self-assessment.html")
    with page_.expect_download() as info:
        page_.get_by_role("link", name="Download the blank questionnaire").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    q = load_questionnaire_file(saved, catalogue)
    assert q.state == "Your State"
    assert set(q.practices) == {p.id for p in catalogue}

    ARTIFACTS.mkdir(exist_ok=True)
    page_.goto(served)
    page_.screenshot(path=str(ARTIFACTS / "site-home.png"), full_page=False)
    page_.goto(f"{served}practices/gp03.html")
    page_.screenshot(path=str(ARTIFACTS / "site-practice-gp03.png"), full_page=False)
    assert (ARTIFACTS / "site-home.png").stat().st_size > 10_000

    hosts = {urlsplit(u).hostname for u in requests}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requests if "127.0.0.1" not in u)


def test_offline_build_from_a_folder_searches_and_links(
    offline_site: Path, page: tuple[Page, list[str]], catalogue: Catalogue
) -> None:
    page_, requests = page
    page_.goto((offline_site / "index.html").as_uri())
    search(page_, "victims")
    results = page_.locator(".md-search-result__item")
    assert results.count() > 0
    results.locator("a").first.click()
    expect(page_.locator("h1")).not_to_have_text("The Rome Memorandum, practice by practice")

    page_.goto((offline_site / "graph.html").as_uri())
    page_.locator('figure svg a.gc-link:has(g[data-id="GP03"])').click()
    expect(page_).to_have_url((offline_site / "practices" / "gp03.html").as_uri())

    schemes = {urlsplit(u).scheme for u in requests}
    assert schemes <= {"file", "data"}, sorted(u for u in requests if not u.startswith("file:"))
