"""Numbers and dates written the way a language writes them, for outputs shown to people.

English keeps the formats of render/text.py exactly (reports in English do not change);
every other language of CHOICES gets Babel's conventions for its decimal mark, percent sign
and long dates, always in Latin digits (0-9), as the UN's documents in every language write
them. The pseudo-languages keep English numbers. Babel is imported inside the functions, so
that the CLI's start-up stays light.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from gapcheck.i18n.messages import SOURCE_LANGUAGE
from gapcheck.models.values import OUTPUT_LANGUAGES

NONE = "–"  # as render/text.py writes a missing number


def whole_percent_down(value: float) -> int:
    """A percentage rounded down to a whole number: 99.6% must never read as a complete 100%
    (the tiny allowance keeps 57.99999999 from float arithmetic at 58)."""
    return math.floor(value + 1e-9)


def share_down(part: int, whole: int) -> float:
    """`part` of `whole` in percent, rounded down to a tenth: 100.0 only when nothing is left
    (and when there is nothing to count)."""
    if not whole:
        return 100.0
    return math.floor(1000 * part / whole) / 10


def uses_babel(language: str) -> bool:
    return language in OUTPUT_LANGUAGES and language != SOURCE_LANGUAGE


def decimal(value: float, digits: int, language: str) -> str:
    """`value` with exactly `digits` decimals, in the language's convention (2,50 in French)."""
    if not uses_babel(language):
        return f"{value:.{digits}f}"
    from babel.numbers import format_decimal

    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=language, numbering_system="latn")


def long_date(value: str | dt.date | None, language: str) -> str:
    """A day as the language writes it in full ("4 mars 2026"); English keeps YYYY-MM-DD."""
    if value is None or value == "":
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if not uses_babel(language):
        return day.isoformat()
    from babel.dates import format_date

    return format_date(day, format="long", locale=language)


def number_filters(language: str) -> dict[str, Callable[..., Any]]:
    """The number filters of render/text.py (same names, same rounding) for `language`."""
    if not uses_babel(language):
        return {"day": lambda value: long_date(value, language)}

    def percent_sign(value: float) -> str:
        from babel.numbers import format_percent

        return format_percent(value / 100, locale=language, numbering_system="latn")

    def level(value: float | None, digits: int = 1) -> str:
        return NONE if value is None else decimal(value, digits, language)

    def percent(value: float | None) -> str:
        return NONE if value is None else percent_sign(round(value))

    def coverage(value: float | None) -> str:
        return NONE if value is None else percent_sign(whole_percent_down(value))

    def target(value: float | None) -> str:
        if value is None:
            return NONE
        digits = len(f"{value:.2f}".rstrip("0").rstrip(".").partition(".")[2])
        return decimal(value, digits, language)

    def signed(value: float | None, digits: int = 2) -> str:
        if value is None:
            return NONE
        if abs(value) < 0.5 * 10**-digits:
            return decimal(0, digits, language)
        return ("+" if value > 0 else "-") + decimal(abs(value), digits, language)

    return {
        "level": level,
        "percent": percent,
        "coverage": coverage,
        "target": target,
        "signed": signed,
        "day": lambda value: long_date(value, language),
    }
