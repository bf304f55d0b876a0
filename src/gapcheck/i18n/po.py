"""The message catalogues (.po) read straight into gettext's tables.

Babel reads a catalogue into objects and writes it out as a compiled .mo before gettext can
use it: about 100 ms per language for gapcheck's catalogues, paid by every command that
writes in a language and by every workbook read (it knows the labels of every language).
The catalogues are Babel's own output (gapcheck.i18n.extract writes them), a small, regular
subset of the format, so this reader builds the table gettext would build from the .mo
directly. tests/test_po.py checks it gives what Babel gives, entry by entry, for every
shipped catalogue.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

# msgstr[1] "...", msgid "...", or a continuation line "..."
_LINE = re.compile(r'^(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+)?"(.*)"\s*$')
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLURAL = re.compile(r"plural=([^;\n]+)")

Key = str | tuple[str, int]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[0]), text)


def read_po(text: str) -> tuple[dict[Key, str], str | None]:
    """(gettext's table, the Plural-Forms expression) of one catalogue.

    Entries that are fuzzy, obsolete (#~) or left empty are not in the table: gettext then
    shows the English, as with Babel's compiled catalogue."""
    table: dict[Key, str] = {}
    plural: str | None = None
    for entry in _entries(text):
        fields, fuzzy = entry
        msgid = fields.get(("msgid", None))
        if msgid is None:
            continue
        if msgid == "":
            header = fields.get(("msgstr", None), "")
            found = _PLURAL.search(header)
            plural = found[1].strip() if found else None
            continue
        if fuzzy:
            continue
        ctxt = fields.get(("msgctxt", None))
        key = msgid if ctxt is None else f"{ctxt}\x04{msgid}"
        english_plural = fields.get(("msgid_plural", None))
        if english_plural is not None:
            # A form left empty shows the English singular or plural (as Babel's .mo has it).
            for (kind, index), string in fields.items():
                if kind == "msgstr" and index is not None:
                    i = int(index)
                    table[(key, i)] = string or (msgid if i == 0 else english_plural)
        else:
            string = fields.get(("msgstr", None), "")
            if string:
                table[key] = string
    return table, plural


def _entries(text: str) -> list[tuple[dict[tuple[str, str | None], str], bool]]:
    entries: list[tuple[dict[tuple[str, str | None], str], bool]] = []
    fields: dict[tuple[str, str | None], str] = {}
    fuzzy = False
    current: tuple[str, str | None] | None = None
    for line in text.splitlines():
        if not line.strip():
            if fields:
                entries.append((fields, fuzzy))
            fields, fuzzy, current = {}, False, None
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in (f.strip() for f in line[2:].split(","))
            continue
        m = _LINE.match(line)
        if m is None:
            raise ValueError(f"not a line of a message catalogue: {line!r}")
        keyword, index, value = m[1], m[2], _unescape(m[3])
        if keyword is not None:
            current = (keyword, index)
            fields[current] = value
        elif current is not None:
            fields[current] += value
    if fields:
        entries.append((fields, fuzzy))
    return entries


def translations(tables: list[tuple[dict[Key, str], str | None]]) -> gettext.GNUTranslations:
    """One gettext translations object from the tables of several catalogues (areas)."""
    merged: dict[Key, str] = {}
    plural: str | None = None
    for table, expression in tables:
        merged.update(table)
        plural = plural or expression
    t = gettext.GNUTranslations()
    t._catalog = merged  # type: ignore[attr-defined]
    rule: Callable[[int], int] = gettext.c2py(plural) if plural else (lambda n: int(n != 1))
    t.plural = rule  # type: ignore[attr-defined]
    return t
