"""Finding English left in an output rendered in a pseudo-language (i18n/messages.py).

In `en-XA` every translated letter is accented, so a run of plain ASCII words in the output
is a string nobody marked for translation, unless it is something that is never translated:
the official statement of a practice, a State's own words, ids, numbers, file names, markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Two or more plain words of three or more letters in a row: a phrase, not an id or a unit.
_PHRASE = re.compile(r"\b[A-Za-z]{3,}(?:[ ,'-]+[A-Za-z]{3,})+\b")


def english_left(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The English phrases in `text` once every `allowed` text (statements, the State's
    words, ...) is taken out; empty when everything shown was marked for translation."""
    for words in sorted(allowed, key=len, reverse=True):
        if words:
            text = text.replace(words, " ")
    return _PHRASE.findall(text)
