"""The workbook's words: in one language for the writer, in every language for the reader.

A workbook is written in one language (`--lang`), but a ministry may pass it around: a
French workbook can come back with a cell typed in English, or be filled in by a colleague
who picked an Arabic label from a copy. The drop-down labels of every language are read as
the same levels, yes/no and languages, so the questionnaire read back is the same whatever
the language of the workbook; anything else goes to the models' own parsers unchanged, and
is accepted or refused as in YAML.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from gapcheck.i18n.messages import CHOICES, NATIVE_NAMES, translator
from gapcheck.models.questionnaire import NA, SCALE, field_words
from gapcheck.models.values import OUTPUT_LANGUAGES
from gapcheck.workbook.layout import COVER, sheet_name

if TYPE_CHECKING:
    import gettext

# The drop-down of the Cover's `language` row: each code with the language's own name.
LANGUAGE_LABELS: tuple[str, ...] = tuple(f"{c} - {NATIVE_NAMES[c]}" for c in OUTPUT_LANGUAGES)

_LABEL = re.compile(r"^([0-4])\s*[-–—:]\s*(.+)$")
# Arabic short vowels and shadda: written in the labels, usually left out when typing.
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")


def fold(text: str) -> str:
    """Text as compared with a label: NFC, case and runs of spaces ignored, Arabic vowel
    marks left out."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(_HARAKAT.sub("", text).casefold().split())


@dataclass(frozen=True)
class Words:
    """The labels a workbook in `language` shows."""

    language: str
    t: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.t.gettext(message)

    __call__ = gettext

    def level(self, level: int) -> str:
        """`3 - in place`, as the drop-down offers it."""
        return f"{level} - {self(SCALE[level])}"

    @property
    def na(self) -> str:
        return self(NA)

    @property
    def levels(self) -> tuple[str, ...]:
        return (*self.targets, self.na)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(self.level(n) for n in SCALE)

    @property
    def yes(self) -> str:
        # Translators: a choice in the workbook's yes/no drop-downs
        return self.t.pgettext("answer", "yes")

    @property
    def no(self) -> str:
        # Translators: a choice in the workbook's yes/no drop-downs
        return self.t.pgettext("answer", "no")

    def cover_label(self, key: str) -> str:
        """A Cover row's label: the model's title, then its description in brackets."""
        title, description = field_words(key)
        if description:
            return f"{self(title)} ({self(description)})"
        return self(title)


@cache
def words(language: str) -> Words:
    return Words(language, translator(language))


@dataclass(frozen=True)
class Vocabulary:
    """What the reader accepts beside the models' own words, folded (`fold`)."""

    levels: dict[str, int | str]  # label or words of a level, or n/a, in any language
    level_words: dict[str, int]  # the words after `3 - `
    yes_no: dict[str, bool]
    languages: dict[str, str]  # `fr - français` -> fr
    covers: frozenset[str]  # the Cover sheet's name in every language


@cache
def vocabulary() -> Vocabulary:
    """The drop-down labels of every language (the six and the pseudo-languages)."""
    levels: dict[str, int | str] = {}
    level_words: dict[str, int] = {}
    yes_no: dict[str, bool] = {}
    covers: set[str] = set()
    for language in CHOICES:
        w = words(language)
        for n in SCALE:
            level_words[fold(w(SCALE[n]))] = n
            levels[fold(w.level(n))] = n
        levels[fold(w.na)] = NA
        yes_no[fold(w.yes)] = True
        yes_no[fold(w.no)] = False
        covers.add(sheet_name(w(COVER)))
    levels.update(level_words)
    languages = {fold(label): label[:2] for label in LANGUAGE_LABELS}
    return Vocabulary(levels, level_words, yes_no, languages, frozenset(covers))


def read_level(value: object) -> object:
    """A drop-down label of any language (`3 - en place`, `不适用`) as its level or n/a;
    anything else unchanged, for `parse_level` to read or refuse.

    The digit of a label is taken only when its words are that level's, so a hand-typed
    `3 - partly in place` is left for the level parser to refuse rather than read as 3.
    """
    if not isinstance(value, str):
        return value
    vocab = vocabulary()
    text = fold(value)
    found = vocab.levels.get(text)
    if found is not None:
        return found
    m = _LABEL.match(text)
    if m and vocab.level_words.get(m.group(2)) == int(m.group(1)):
        return int(m.group(1))
    return value


def read_yes_no(value: object) -> object:
    """`oui`, `نعم`, `是`... as True or False; anything else unchanged."""
    if not isinstance(value, str):
        return value
    found = vocabulary().yes_no.get(fold(value))
    return value if found is None else found


def read_language(value: object) -> object:
    """`fr - Français`, as the Cover's drop-down writes it, as `fr`; anything else unchanged."""
    if not isinstance(value, str):
        return value
    return vocabulary().languages.get(fold(value), value)
