"""What the browser tests share: how Chromium is launched and how a built site is served."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gapcheck.catalogue import Catalogue, load_catalogue
from tests.conftest import PRACTICES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"
FORM = "self-assessment/form.html"  # the online form, in a built site
# No network of its own: no QUIC, no update or sync checks, nothing in the background.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) and give its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def request_origin(url: str) -> tuple[str, str | None]:
    """Scheme and host a request really goes to; blob: URLs belong to the page that made them."""
    parts = urlsplit(url)
    if parts.scheme == "blob":
        inner = urlsplit(url.removeprefix("blob:"))
        # A page opened from a folder has no origin: its blobs are "blob:null/...".
        return (inner.scheme, inner.hostname) if inner.scheme else ("blob", None)
    return (parts.scheme, parts.hostname)


@contextmanager
def form_page_at(browser: Browser, site: str) -> Iterator[Page]:
    """The online form of the site served at `site`, in a context of its own, once its
    practices and its report are drawn; no script error may happen on it meanwhile."""
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}{FORM}")
    expect(page.locator(".gc-practice").first).to_be_visible()
    expect(page.locator("#gc-report [data-fig=overall]")).to_be_attached()
    yield page
    assert errors == []
    context.close()


def reset_form(page: Page) -> None:
    """Make a form page that earlier cases used as a newly opened one, and check it is: the
    form's own "Clear the form" (its confirm accepted), so nothing is kept in storage, every
    field holds its default and the report is drawn again for the empty form. Opening the
    page afresh costs a second of Chromium's time; this costs a few milliseconds."""
    from playwright.sync_api import expect

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-act=clear]").click()
    expect(page.locator(".gc-form__message")).to_have_text("The form is empty.")
    left = page.evaluate(
        """() => {
          const data = JSON.parse(document.getElementById("gc-form-data").textContent);
          const fresh = {"m|languages": "en", "m|default_target": String(data.default_target)};
          const kept = Object.entries(gapcheckForm.current())
            .filter(([k, v]) => v !== (k in fresh ? fresh[k] : "") && v !== false);
          const report = document.getElementById("gc-report");
          // Material keeps its own settings there too: only the form's answers must be gone
          const stored = Object.keys(localStorage).filter((k) => k.startsWith("gapcheck"));
          return {kept, stored, said: report.querySelector(
            ".gc-report__message").textContent, title: report.querySelector("h2").textContent};
        }"""
    )
    assert left == {"kept": [], "stored": [], "said": "", "title": "Your report"}, left


@functools.cache
def shipped() -> Catalogue:
    """The shipped catalogue, for hypothesis tests: not the fixture, which hypothesis would
    print whole with a failing example."""
    return load_catalogue(PRACTICES)
