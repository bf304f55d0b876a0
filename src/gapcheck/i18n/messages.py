"""The words of gapcheck's own outputs in the six UN languages: gettext catalogues.

Every user-facing string in templates, renderers, the form's scripts and the workbook is
written in English and marked: `{{ _("...") }}` / `{% trans %}` in templates (Jinja's i18n
extension, new-style, so `%(name)s` placeholders are filled and escaped after translation),
`_("...")` / `ngettext` / `pgettext` in Python from `translator(language)`, `N_("...")` for a
constant translated later, and `t("...")` in the form's scripts. Babel extracts them
(gapcheck.i18n.extract) into one catalogue per language and area, kept as source next to this
package: src/gapcheck/locale/<language>/<area>.po (areas: extract.AREAS).

The catalogues are read when a language other than English is asked for (gapcheck.i18n.po,
about 25 ms a language, once per process) straight into gettext's tables: nothing generated
is committed or shipped. An entry left empty or marked fuzzy falls back to the English
string, as gettext does.

Two pseudo-languages make what is not yet marked visible before any translation exists:
`en-XA` accents every translated letter and makes the text about 40% longer; `ar-XB` lays it
out right to left. What stays plain English in an output rendered in them was not marked.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Literal

from gapcheck.i18n.po import read_po, translations
from gapcheck.i18n.pseudo import accented_letters, pad, right_to_left
from gapcheck.models.base import N_
from gapcheck.models.values import OUTPUT_LANGUAGES

__all__ = ["N_", "direction", "output_language", "translator"]

SOURCE_LANGUAGE = "en"
PSEUDO_LANGUAGES = ("en-XA", "ar-XB")
# What --lang accepts: the six languages, and the pseudo-languages for checking layouts.
CHOICES = (*OUTPUT_LANGUAGES, *PSEUDO_LANGUAGES)
RIGHT_TO_LEFT = frozenset({"ar", "ar-XB"})
# A language's name in itself, for language switchers and choices.
NATIVE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh": "中文",
    "en-XA": "Pseudo (accented)",
    "ar-XB": "Pseudo (right to left)",
}


def direction(language: str) -> Literal["rtl", "ltr"]:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def is_known(language: str) -> bool:
    return language in CHOICES


def terminal_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the person at the terminal, for gapcheck's messages to them (its
    errors): the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that names one of the six
    (`fr_FR.UTF-8` is French), as gettext looks; English when none does (`C.UTF-8`).
    `en_XA` or `ar_XB` names a pseudo-language, for commands without --lang."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for item in value.split(":"):  # LANGUAGE is a list: fr:en
            # a pseudo-language (en_XA, as Android names it) checks that every message is marked
            pseudo = re.split(r"[.@]", item.strip(), maxsplit=1)[0].replace("_", "-")
            if pseudo in PSEUDO_LANGUAGES:
                return pseudo
            code = re.split(r"[_.@-]", item.strip(), maxsplit=1)[0].lower()
            if code in OUTPUT_LANGUAGES:
                return code
        if name != "LANGUAGE":
            return SOURCE_LANGUAGE  # the first set variable decides, as gettext's do
    return SOURCE_LANGUAGE


def output_language(asked: str | None, own: str | None = None) -> str:
    """The language to write in: the one asked for (--lang), else the questionnaire's own
    (`language:`), else English."""
    return asked or own or SOURCE_LANGUAGE


def translator(language: str) -> gettext.NullTranslations:
    """The messages of `language`: gettext, ngettext, pgettext, npgettext.

    English (and any language without catalogues) returns the strings as written.
    """
    if language in PSEUDO_LANGUAGES:
        return _pseudo(language)
    if language == SOURCE_LANGUAGE:
        return _english()
    if language not in OUTPUT_LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {OUTPUT_LANGUAGES}")
    return _compiled(language)


def gettext_for(language: str) -> Callable[[str], str]:
    return translator(language).gettext


def catalogue_files(language: str) -> list[tuple[str, str]]:
    """(area, text) of each catalogue of `language`, in the areas' order."""
    folder = files("gapcheck") / "locale" / language
    if not folder.is_dir():
        return []
    found = {p.name.removesuffix(".po"): p for p in folder.iterdir() if p.name.endswith(".po")}
    return [(area, found[area].read_text(encoding="utf-8")) for area in sorted(found)]


@cache
def _english() -> gettext.NullTranslations:
    return gettext.NullTranslations()


@cache
def _compiled(language: str) -> gettext.NullTranslations:
    return translations([read_po(text) for _, text in catalogue_files(language)])


# %(name)s, %s, {name}, tags and entities stay as they are in a pseudo-translation.
_KEEP = re.compile(r"(%\([^)]*\)[sdfir]|%[sdfir%]|\{[^}]*\}|<[^>]*>|&#?\w+;)")


def pseudo_text(language: str, text: str) -> str:
    """`text` as the pseudo-language shows it, placeholders and markup untouched."""
    parts = _KEEP.split(text)
    body = "".join(p if i % 2 else accented_letters(p) for i, p in enumerate(parts))
    if language == "ar-XB":
        return right_to_left(body)
    return pad(body, len(text))


class _Pseudo(gettext.NullTranslations):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        return pseudo_text(self.language, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo_text(self.language, msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:  # noqa: ARG002 (gettext's signature)
        return pseudo_text(self.language, message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:  # noqa: ARG002
        return self.ngettext(msgid1, msgid2, n)


@cache
def _pseudo(language: str) -> gettext.NullTranslations:
    return _Pseudo(language)
