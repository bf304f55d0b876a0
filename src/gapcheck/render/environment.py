"""The one Jinja2 environment: templates from package data, HTML and SVG autoescaped."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2


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


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gapcheck", "templates"),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(yaml_str=yaml_str, one_line=one_line, level=fmt_level, percent=fmt_percent)
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
