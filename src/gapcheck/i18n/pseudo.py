"""Pseudo-translations, to see untranslated strings and layout breaks before any real one.

`accented`: every letter accented and the text about 40% longer (translations into French,
Spanish or Russian often are), bracketed so that a cut-off end shows. `right_to_left`: the
text displayed mirrored, as a right-to-left language lays it out. Both keep ids, numbers and
punctuation readable, and neither can be mistaken for English by a test that looks for it.
"""

from __future__ import annotations

import math

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀßÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_MAP = str.maketrans(_PLAIN, _ACCENTED)
GROWTH = 0.4
_PAD = " ·"

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: what follows is laid out right to left
PDF = "\u202c"  # POP DIRECTIONAL FORMATTING: ends it


def accented(text: str) -> str:
    """`The goals` -> `[Ţĥé ĝöàĺš · · ·]`: accented, about 40% longer, bracketed."""
    return pad(accented_letters(text), len(text))


def accented_letters(text: str) -> str:
    """Every ASCII letter accented, nothing else changed."""
    return text.translate(_MAP)


def pad(text: str, original: int) -> str:
    """`text` bracketed and padded to about 40% more than `original` characters."""
    missing = math.ceil(original * GROWTH) - 2  # the brackets count
    padding = (_PAD * (max(missing, 0) // len(_PAD) + 1))[: max(missing, 0)]
    return f"[{text}{padding}]"


def right_to_left(text: str) -> str:
    """The text wrapped in a right-to-left override: shown mirrored, as Arabic runs."""
    return f"{RLO}{text}{PDF}"


PSEUDO = {"accented": accented, "rtl": right_to_left}
