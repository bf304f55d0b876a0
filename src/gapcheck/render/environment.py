"""The one Jinja2 environment: templates from package data, HTML and SVG autoescaped, and the
text-safety helpers of text.py registered once, as filters and as functions.

Compiled templates are kept between runs in the user's cache folder (Jinja's bytecode cache):
compiling the report's templates costs about 100 ms, more than scoring the questionnaire.
The cache is only a speed-up: a folder that cannot be made or written is simply not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from gapcheck import __version__
from gapcheck.i18n.formats import number_filters
from gapcheck.i18n.messages import SOURCE_LANGUAGE, direction, translator
from gapcheck.models.questionnaire import SCALE
from gapcheck.render.text import FILTERS

_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


_EXTENSIONS = ("jinja2.ext.i18n",)

# Templates are named like report.html.j2: the format before .j2 decides.
_ESCAPED = ("html", "svg", "xml")
_AUTOESCAPE = jinja2.select_autoescape(
    enabled_extensions=(*_ESCAPED, *(f"{ext}.j2" for ext in _ESCAPED)),
    disabled_extensions=(),
    default_for_string=False,
    default=False,
)


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


def _bytecode_cache(shape: str | None = None) -> jinja2.BytecodeCache | None:
    """A cache of compiled templates for environments of one `shape`: the versions and
    settings that shape compiled code (Jinja checks each template's source itself)."""
    if os.environ.get("GAPCHECK_NO_CACHE"):
        return None
    if shape is None:
        shape = repr((_VERSIONS, sorted(_OPTIONS.items()), _ESCAPED, _EXTENSIONS))
    folder = cache_folder() / f"templates-{hashlib.sha256(shape.encode()).hexdigest()[:16]}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return _QuietCache(str(folder))


_VERSIONS = (__version__, jinja2.__version__)


def theme_bytecode_cache(
    env: jinja2.Environment, versions: tuple[str, ...]
) -> jinja2.BytecodeCache | None:
    """A cache for a theme's environment (the site's MkDocs theme) made elsewhere: `versions`
    are those of what wrote its templates and environment (MkDocs, the theme)."""
    settings = (
        env.block_start_string, env.variable_start_string, env.comment_start_string,
        env.line_statement_prefix, env.trim_blocks, env.lstrip_blocks, env.optimized,
        env.autoescape, getattr(env, "newstyle_gettext", None), sorted(env.extensions),
    )  # fmt: skip
    return _bytecode_cache(repr(("theme", _VERSIONS, versions, settings)))


@cache
def environment(language: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The environment for outputs in `language` (i18n/messages.py): `_`, `gettext`,
    `ngettext`, `pgettext` translate; `lang` and `text_direction` are set for the page."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcheck", "templates"),
        autoescape=_AUTOESCAPE,
        bytecode_cache=_bytecode_cache(),
        extensions=_EXTENSIONS,
        **_OPTIONS,
    )
    # New-style gettext: placeholders are filled after translation, and escaped in HTML.
    env.install_gettext_translations(translator(language), newstyle=True)  # type: ignore[attr-defined]
    # Numbers and dates in the language's conventions (English keeps text.py's formats).
    numbers = number_filters(language)
    env.filters.update(FILTERS, **numbers)
    env.globals.update(
        FILTERS, **numbers, scale=SCALE, lang=language, text_direction=direction(language)
    )
    return env


def render_template(name: str, *, language: str = SOURCE_LANGUAGE, **context: Any) -> str:
    return environment(language).get_template(name).render(**context)
