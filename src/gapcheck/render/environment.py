"""The one Jinja2 environment: templates from package data, HTML and SVG autoescaped.

Compiled templates are kept between runs in the user's cache folder (Jinja's bytecode cache):
compiling the report's templates costs about 100 ms, more than scoring the questionnaire.
The cache is only a speed-up: a folder that cannot be made or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from gapcheck import __version__

_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _autoescape(name: str | None) -> bool:
    return name is not None and name.removesuffix(".j2").endswith((".html", ".svg", ".xml"))


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def one_line(value: object) -> str:
    """Text safe inside a YAML or Markdown comment: no line breaks."""
    return " ".join(str(value).split())


def fmt_level(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache whose failures to write never fail a run (a read-only home, a full disk)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def cache_folder() -> Path:
    """$GAPCHECK_CACHE_DIR, else $XDG_CACHE_HOME/gapcheck, else ~/.cache/gapcheck."""
    chosen = os.environ.get("GAPCHECK_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gapcheck"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("GAPCHECK_NO_CACHE"):
        return None
    # Compiled code depends on the environment as well as on each template's source (which
    # Jinja checks itself): a folder per version of everything that shapes it.
    shape = repr(
        (__version__, jinja2.__version__, sorted(_OPTIONS.items()), _autoescape.__code__.co_code)
    )
    folder = cache_folder() / f"templates-{hashlib.sha256(shape.encode()).hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return _QuietCache(str(folder))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcheck", "templates"),
        autoescape=_autoescape,
        bytecode_cache=_bytecode_cache(),
        **_OPTIONS,
    )
    env.filters.update(yaml_str=yaml_str, one_line=one_line, level=fmt_level, percent=fmt_percent)
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
