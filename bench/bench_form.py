"""The online questionnaire (self-assessment/form) in headless Chromium, against a plain page.

The site is built once and served on 127.0.0.1. Rows: opening the form until all its fields
are built from the embedded data, and loading a full example questionnaire into it (read,
parse, fill every field, save to the browser's storage), each against opening the
self-assessment page of the same site; and generating the form's data in Python against
generating every page of the site.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from harness import Result, median_time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Chromium is launched and the site served exactly as in the browser tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser_support import CHROMIUM, FLAGS
from tests.browser_support import serve_folder as _serve


def run() -> list[Result]:
    from playwright.sync_api import sync_playwright

    from gapcheck.catalogue import load_catalogue
    from gapcheck.guidance.build import build_site, default_config
    from gapcheck.guidance.form import form_json
    from gapcheck.guidance.pages import build_pages

    catalogue = load_catalogue()
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
            browser.close()
    label = "opening the self-assessment page"
    generate = median_time(lambda: build_pages(catalogue), repeat=5)
    return [
        Result("form page opened, every field built", elements, opened, label, baseline),
        Result("loading arcadia-2026.yaml into the form", elements, loaded, label, baseline),
        Result(
            "form data generated (form_json)",
            elements,
            median_time(lambda: form_json(catalogue), repeat=9),
            "generating every page (build_pages)",
            generate,
        ),
    ]
