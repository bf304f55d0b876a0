"""Text from files made safe for where it lands, and numbers written the same way everywhere.

Every renderer takes its escapers and number formats from here (templates get them as Jinja
filters and globals, registered once in environment.py), so that a State's note and a practice
title are escaped alike in a report, the members' list and the site. The site must be safe
with any Markdown processor: nothing here relies on pymdownx.escapeall honouring a backslash
before `<`, which plain Python-Markdown does not.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup, escape

from gapcheck.i18n.formats import whole_percent_down

# Backslash-escaped: what Markdown would read as code, emphasis, a link or image, a table
# border, a heading or attributes ({ onclick=... } under attr_list). All are in the escapable
# set of CommonMark and of Python-Markdown. <, > and & become entities instead, which every
# Markdown processor shows as text (Python-Markdown keeps a backslash before < literally).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")
# At the start of a line, "1." or "-" or "+" would start a list.
_BLOCK_START = re.compile(r"^(?:(\d+)\.|([-+]))")


def one_line(value: object) -> str:
    """Text safe inside a YAML or Markdown comment, or a Markdown line: no line breaks."""
    return " ".join(("" if value is None else str(value)).split())


def md(value: object) -> str:
    """Free text for a Markdown paragraph or heading: one line, no markup, no HTML."""
    text = _MD_SPECIAL.sub(r"\\\1", one_line(value))
    text = _BLOCK_START.sub(lambda m: f"{m[1]}\\." if m[1] else f"\\{m[2]}", text)
    return html.escape(text, quote=False)


def cell(value: object) -> str:
    """Free text for a Markdown table cell; an empty cell still shows a dash."""
    return md(value) or "–"


def own_cell(markdown: str) -> str:
    """Markdown that gapcheck writes itself (code spans, links), for a table cell: only the
    pipe that would end the cell is escaped, so that its markup still works. Text from a
    file goes through `cell` instead."""
    return markdown.replace("|", "\\|")


def nav_title(text: str) -> str:
    """A navigation title, which MkDocs puts into every page as HTML, unescaped, and into
    <title> after unescaping it: no < or > at all, the rest escaped."""
    return html.escape(re.sub(r"[<>]", " ", text))


# Characters PyYAML refuses or reads as line breaks inside a quoted scalar; JSON leaves them raw.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def yaml_str(value: object) -> str:
    """A double-quoted YAML scalar that reads back as exactly `value` (None as "")."""
    quoted = json.dumps("" if value is None else str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
    quote, the usual defence against spreadsheet injection: Excel and LibreOffice show the
    quote-led text as it is. Numbers are left alone, so a negative level stays a number."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Characters XML cannot hold at all, even escaped: an SVG with one does not display.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml(value: object) -> Markup:
    """Text for SVG (or any XML) text and attributes: escaped as the autoescaping templates
    escape it, without the characters XML cannot hold."""
    return escape(_NOT_XML.sub("", "" if value is None else str(value)))


# ------------------------------------------------------------------------------- numbers

NONE = "–"


def level(value: float | None, digits: int = 1) -> str:
    """A level or gap; reports use two decimals, so that level + gap visibly adds up."""
    return NONE if value is None else f"{value:.{digits}f}"


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value:.0f}%"


def coverage(value: float | None) -> str:
    """A coverage percentage rounded down: 99.6% must never read as a complete 100%."""
    return NONE if value is None else f"{whole_percent_down(value)}%"


def target(value: float | None) -> str:
    """A target as the State wrote it: 3, 3.5; a mean target to at most two decimals."""
    return NONE if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def signed(value: float | None, digits: int = 2) -> str:
    """A change with its sign, so that a drop never reads as a level."""
    if value is None:
        return NONE
    if abs(value) < 0.5 * 10**-digits:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}"


# What templates may call, by these names, as filters (`x | md`) or functions (`md(x)`).
FILTERS = {
    "md": md,
    "cell": cell,
    "one_line": one_line,
    "nav_title": nav_title,
    "yaml_str": yaml_str,
    "csv_safe": csv_safe,
    "xml": xml,
    "level": level,
    "percent": percent,
    "coverage": coverage,
    "target": target,
    "signed": signed,
}
