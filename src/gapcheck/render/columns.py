"""Text laid out in a terminal's columns, where a Chinese character takes two.

`textwrap` counts characters and breaks only at spaces, so Chinese (no spaces between words,
each character two columns wide) came out as lines twice the asked width, cut in mid-word
only when a "word" exceeded the width. Here a line may break between any two wide
characters, except before closing punctuation (，。、；：？！）」) or after an opening one,
as Chinese typesetting rules ask.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Never at the start of a line / never at the end of one.
_NO_START = frozenset("，。、；：？！）」』】》〉”’…—,.;:?!)]}%")
_NO_END = frozenset("（「『【《〈“‘([{")
# East Asian wide and full-width characters (CJK, kana, hangul, full-width forms).
_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
# A run of spaces, a wide character, or a run of anything else.
_TOKEN = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")


@lru_cache(maxsize=4096)
def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def width(text: str) -> int:
    """The columns `text` takes in a terminal."""
    if text.isascii():
        return len(text)
    return sum(_char_width(c) for c in text)


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """`text` padded with spaces to `columns` columns (on the left when `right`)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def _units(text: str) -> list[str]:
    """The pieces a line may break between: words, single wide characters, spaces; with
    punctuation that may not start a line glued to what precedes it, and punctuation that
    may not end one glued to what follows."""
    units: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        if token.isspace():
            units.append(" ")
            glue_next = False
            continue
        if units and (glue_next or token[0] in _NO_START) and units[-1] != " ":
            units[-1] += token
        elif not token.isascii() and token[0] in _NO_START and len(units) > 1 and units[-1] == " ":
            units.pop()  # "word ）": the space and the punctuation stay with the word
            units[-1] += " " + token
        else:
            units.append(token)
        glue_next = token[-1] in _NO_END
    return units


def wrap(text: str, columns: int, initial: str = "", subsequent: str = "") -> str:
    """`text` (its spaces runs made single) filled into lines of at most `columns` columns,
    the first line starting with `initial`, the others with `subsequent`. A word longer than
    a line is cut, as textwrap does."""
    lines: list[str] = []
    line, used = initial, width(initial)
    empty = True  # nothing but the indent on this line yet
    for unit in _units(" ".join(text.split())):
        if unit == " ":
            if not empty:
                line, used = line + " ", used + 1
            continue
        piece, w = unit, width(unit)
        if not empty and used + w > columns:
            lines.append(line.rstrip())
            line, used, empty = subsequent, width(subsequent), True
        while used + w > columns and empty and w > 1:
            # one unit wider than a whole line: cut it where the line ends
            head, rest = _cut(piece, columns - used)
            if not head:
                break
            lines.append(line + head)
            line, used = subsequent, width(subsequent)
            piece, w = rest, width(rest)
        line, used, empty = line + piece, used + w, False
    lines.append(line.rstrip())
    return "\n".join(lines)


def _cut(text: str, columns: int) -> tuple[str, str]:
    used = 0
    for i, c in enumerate(text):
        used += _char_width(c)
        if used > columns:
            return text[:i], text[i:]
    return text, ""
