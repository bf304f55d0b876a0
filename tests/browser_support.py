"""What the browser tests share: how Chromium is launched and how a built site is served."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
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
