"""The online questionnaire (self-assessment/form) in headless Chromium, against a plain page.

The site is built once and served on 127.0.0.1. Rows: opening the form until all its fields
are built from the embedded data, and loading a full example questionnaire into it (read,
parse, fill every field, save to the browser's storage), each against opening the
self-assessment page of the same site; and generating the form's data in Python against
generating every page of the site.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from harness import Result, median_time

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Chromium is launched and the site served exactly as in the browser tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser_support import CHROMIUM, FLAGS
from tests.browser_support import serve_folder as _serve


def _median(fn: Callable[[], float], repeat: int) -> float:
    fn()  # warm-up
    return statistics.median(fn() for _ in range(repeat))


def _complete(catalogue: Catalogue) -> str:
    """Every element answered (levels cycling 0-4), as `gapcheck questionnaire` lays it out."""
    lines = ["state: Estoria", "practices:"]
    for i, p in enumerate(catalogue):
        lines += [f"  {p.id}:", "    elements:"]
        lines += [f"      {e.id}: {(i + j) % 5}" for j, e in enumerate(p.elements)]
    return "\n".join(lines) + "\n"


def _five_mb(complete: str) -> dict[str, str]:
    """Files of about 5 MB the page may be given: its limit is 5 MB (as gapcheck's)."""
    size = 5 * 1024 * 1024 - 4096
    return {
        "one line of 5 MB (spaces)": "state: E" + " " * size + "x\n",
        "comments, 80 characters a line": complete + ("# " + "x" * 77 + "\n") * (size // 80),
        "a list of 1.7 million items": "state: E\nlanguages: [" + "en, " * (size // 4) + "fr]\n",
        "the whole file one flow list [...]": "[" + "x1, " * (size // 4) + "x2]\n",
    }


def run() -> list[Result]:
    from playwright.sync_api import sync_playwright

    from gapcheck.catalogue import load_catalogue
    from gapcheck.guidance.build import build_site, default_config
    from gapcheck.guidance.form import form_json
    from gapcheck.guidance.pages import build_pages

    catalogue = load_catalogue()
    complete = _complete(catalogue)
    five_mb = _five_mb(complete)
    example = default_config().parent / "questionnaires" / "examples" / "arcadia-2026.yaml"
    elements = f"{len(catalogue.elements)} elements"
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp) / "site").site_dir
        with _serve(site) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page()

            def plain() -> None:
                page.goto(f"{url}self-assessment.html")
                page.wait_for_selector("h1")

            def form() -> None:
                page.goto(f"{url}self-assessment/form.html")
                page.wait_for_selector(".gc-practice >> nth=-1", state="attached")

            def load() -> None:
                page.locator("#gc-form-load").set_input_files(str(example))
                page.wait_for_selector(".gc-form__message:has-text('Loaded')")
                page.evaluate("document.querySelector('.gc-form__message').textContent = ''")

            baseline = median_time(plain, repeat=9)
            opened = median_time(form, repeat=9)
            form()
            loaded = median_time(load, repeat=9)

            # The report, from a complete questionnaire's text to its figures drawn: timed
            # inside the page (read, fill every field, work out and draw the report).
            def in_page(text: str) -> float:
                ms = page.evaluate(
                    """(text) => { const t0 = performance.now();
                       try { gapcheckForm.loadText(text); } catch (e) { /* refused: timed too */ }
                       document.querySelector("#gc-report [data-fig=overall]");
                       return performance.now() - t0; }""",
                    text,
                )
                return float(ms) / 1000

            report = _median(lambda: in_page(complete), 9)
            drawn = _median(
                lambda: (
                    float(
                        page.evaluate(
                            """() => { const v = gapcheckForm.current(), t0 = performance.now();
                           gapcheckReport.show(v); return performance.now() - t0; }"""
                        )
                    )
                    / 1000
                ),
                9,
            )
            # 5 MB: the page must stay usable; each is timed as the main thread is held.
            # Once each: seconds apiece on a loaded machine, and the point is the order of size.
            big = {name: in_page(text) for name, text in five_mb.items()}
            browser.close()
    label = "opening the self-assessment page"
    opening = "opening the form page"
    big_rows = [
        Result(f"5 MB file read by the page: {name}", "5 MB", t, opening, opened)
        for name, t in big.items()
    ]
    generate = median_time(lambda: build_pages(catalogue), repeat=5)
    return [
        Result("form page opened, every field built", elements, opened, label, baseline),
        Result("loading arcadia-2026.yaml into the form", elements, loaded, label, baseline),
        Result(
            "report shown after loading a complete questionnaire", elements, report, opening, opened
        ),
        Result("report worked out and drawn (answers in place)", elements, drawn, opening, opened),
        *big_rows,
        Result(
            "form data generated (form_json)",
            elements,
            median_time(lambda: form_json(catalogue), repeat=9),
            "generating every page (build_pages)",
            generate,
        ),
    ]
