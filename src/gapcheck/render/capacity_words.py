"""The words of the capacity-building outputs in one language: statuses, consents, dates,
numbers, language names and kinds of assistance.

English is written as it always was (the same dates and numbers, byte for byte); the other
languages take their dates and numbers from Babel (CLDR), imported only when one is asked
for. The pseudo-languages (en-XA, ar-XB) keep English dates and numbers: they check that every
word is marked, not conventions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from gapcheck.capacity.confidentiality import WITHHELD
from gapcheck.i18n.messages import PSEUDO_LANGUAGES, SOURCE_LANGUAGE, pseudo_text, translator
from gapcheck.models.base import N_
from gapcheck.models.capacity import RequestStatus

if TYPE_CHECKING:
    import gettext

    from gapcheck.catalogue import Catalogue

# A request's status as shown to people; the files and JSON keep the English value.
STATUS_WORDS = {
    # Translators: the status of a request for assistance
    RequestStatus.REQUESTED: N_("requested"),
    # Translators: the status of a request for assistance: an offer was found for it
    RequestStatus.MATCHED: N_("matched"),
    # Translators: the status of a request for assistance: the State and the provider agreed
    RequestStatus.AGREED: N_("agreed"),
    # Translators: the status of a request for assistance: the assistance was given
    RequestStatus.DELIVERED: N_("delivered"),
    # Translators: the status of a request for assistance: its effect was checked later
    RequestStatus.FOLLOWED_UP: N_("followed up"),
}

# The languages a request or an offer names, in English (the names in other languages are
# CLDR's, through Babel).
LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "id": "Indonesian",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "sw": "Swahili",
    "tr": "Turkish",
    "ur": "Urdu",
    "zh": "Chinese",
}


def _babel_locale(language: str) -> str | None:
    """The CLDR locale for a real language other than English; None: keep English forms."""
    if language == SOURCE_LANGUAGE or language in PSEUDO_LANGUAGES:
        return None
    return language


@dataclass(frozen=True)
class Words:
    """What a capacity output needs to speak `language`."""

    language: str = SOURCE_LANGUAGE
    _t: gettext.NullTranslations = field(init=False, repr=False, compare=False)
    _locale: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_t", translator(self.language))
        object.__setattr__(self, "_locale", _babel_locale(self.language))

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, one: str, many: str, n: int) -> str:
        return self._t.ngettext(one, many, n)

    def status(self, value: RequestStatus | str) -> str:
        return self.gettext(STATUS_WORDS[RequestStatus(value)])

    def date(self, day: dt.date | None) -> str:
        """A day as a letter writes it: 1 June 2026, 1 juin 2026, 2026年6月1日."""
        if day is None:
            return ""
        locale = _babel_locale(self.language)
        if locale is None:
            return day.strftime("%d %B %Y").lstrip("0")
        from babel.dates import format_date

        return format_date(day, format="long", locale=locale)

    def iso_date(self, day: str) -> str:
        """A day written YYYY-MM-DD in a list: kept so in English, the language's long form
        in the others."""
        if _babel_locale(self.language) is None or not day:
            return day
        return self.date(dt.date.fromisoformat(day))

    def day(self, day: dt.date) -> str:
        return self.iso_date(day.isoformat())

    def who(self, state: str | None) -> str:
        """A State's name, or the word for a request shown by its reference only."""
        return self.gettext(WITHHELD) if state is None or state == WITHHELD else state

    def number(self, value: float | None, digits: int = 1) -> str:
        """A level or a score with `digits` decimals, in the language's digits and marks."""
        if value is None:
            return "–"
        locale = self._locale
        if locale is None:
            return f"{value:.{digits}f}"
        from babel.numbers import format_decimal

        pattern = "0." + "0" * digits if digits else "0"
        return format_decimal(round(value, digits), format=pattern, locale=locale)

    def short_number(self, value: float) -> str:
        """A number with no more decimals than it needs (a priority: 10.781, 4.5, 2)."""
        locale = _babel_locale(self.language)
        if locale is None:
            return f"{value:g}"
        from babel.numbers import format_decimal

        return format_decimal(value, format="0.######", locale=locale)

    def count(self, value: int | None) -> str:
        locale = _babel_locale(self.language)
        if value is None:
            return "–"
        if locale is None:
            return str(value)
        from babel.numbers import format_decimal

        return format_decimal(value, locale=locale)

    def language_name(self, code: str) -> str:
        english = LANGUAGES.get(code, code)
        if self.language in PSEUDO_LANGUAGES:
            return pseudo_text(self.language, english)
        locale = _babel_locale(self.language)
        if locale is None:
            return english
        return self._cldr_languages.get(code, english)

    def language_names(self, codes: Iterable[str]) -> str:
        return self.list_of([self.language_name(c) for c in codes])

    def clauses(self, parts: Iterable[str]) -> str:
        if self.language in PSEUDO_LANGUAGES:
            return "; ".join(parts)
        # Translators: what separates the parts of an explanation ("the offer names GP03;
        # kinds of help in common: training"); ； in Chinese
        return self.gettext("; ").join(parts)

    def list_of(self, items: Iterable[str]) -> str:
        if self.language in PSEUDO_LANGUAGES:
            return ", ".join(items)
        # Translators: what separates the items of a list ("English, French"); 、 in Chinese
        return self.gettext(", ").join(items)

    def kinds(self, kinds: Iterable[str], catalogue: Catalogue) -> str:
        """Kinds of assistance by their names in the catalogue (localise it first)."""
        names = catalogue.assistance
        return self.list_of(self._lower(names.get(k, k)) for k in kinds)

    def _lower(self, name: str) -> str:
        # German-style capitals aside, a kind's name reads in lower case within a sentence;
        # a pseudo-language's brackets and accents are left alone
        return name if self.language in PSEUDO_LANGUAGES else name.lower()

    @cached_property
    def _cldr_languages(self) -> dict[str, str]:
        from babel import Locale

        return dict(Locale.parse(self.language).languages)
