"""Values as people write them in every file and cell: dates, names and ids, yes and no,
targets, languages and free text.

One reading for questionnaires, offers, requests and workbooks alike, so that a date or a name
accepted in one file is never refused (or read differently) in another.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from gapcheck.errors import Message, describe_character, plain_type, shorten, shown
from gapcheck.models.base import N_, at_most

_ASK = Message("write it as YYYY-MM-DD, e.g. 2026-11-30")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_WORDY = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%B %d, %Y", "%b %d, %Y")
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def parse_date(value: Any) -> dt.date | None:
    """A date written YYYY-MM-DD (or a spreadsheet's date cell), or one no reader can misread.

    `02/12/2026` is 2 December in most of the world and 12 February in the United States:
    such a date is refused with both readings rather than guessed. Numbers are refused too:
    YAML reads `20260316` as a number, and a parser would take it as seconds since 1970.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        return _not_a_date(value)
    text = " ".join(value.split())
    if not text:
        return None
    m = _ISO.fullmatch(text)
    if m:
        return _checked(text, int(m[1]), int(m[2]), int(m[3]))
    m = _NUMERIC.fullmatch(text)
    if m:
        first, sep, second, year = int(m[1]), m[2], int(m[3]), int(m[4])
        if sep == "." or first > 12 or first == second:
            return _checked(text, year, second, first)  # dotted dates are day first everywhere
        if second > 12:
            return _checked(text, year, first, second)
        raise ValueError(
            Message(
                "'%(text)s' could be %(first)s %(second_month)s or %(second)s %(first_month)s "
                "%(year)s; write it as YYYY-MM-DD (%(one)s or %(other)s)",
                text=text,
                first=first,
                second_month=Message(_MONTHS[second - 1]),
                second=second,
                first_month=Message(_MONTHS[first - 1]),
                year=year,
                one=f"{year}-{second:02d}-{first:02d}",
                other=f"{year}-{first:02d}-{second:02d}",
            )
        )
    for fmt in _WORDY:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(Message("'%(text)s' is not a date; %(ask)s", text=shorten(text, 40), ask=_ASK))


def _checked(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(
            Message(
                "'%(text)s' is not a date: there is no month %(month)s; %(ask)s",
                text=text,
                month=month,
                ask=_ASK,
            )
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            Message(
                "'%(text)s' is not a date: %(month)s has no day %(day)s; %(ask)s",
                text=text,
                month=Message(_MONTHS[month - 1]),
                day=day,
                ask=_ASK,
            )
        ) from None


def _not_a_date(value: Any) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        hint: str = ""
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", str(value))
        if m:
            with contextlib.suppress(ValueError):
                meant = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
                hint = Message("did you mean %(date)s? ", date=meant)
        raise ValueError(
            Message(
                "%(value)s is a number, not a date; %(suggestion)s%(ask)s",
                value=shorten(value, 40),
                suggestion=hint,
                ask=_ASK,
            )
        )
    raise ValueError(
        Message(
            "write the date as YYYY-MM-DD, e.g. 2026-11-30, not a %(kind)s", kind=plain_type(value)
        )
    )


_DATE_SCHEMA = WithJsonSchema({"type": "string", "format": "date"})
Date = Annotated[dt.date, BeforeValidator(parse_date), _DATE_SCHEMA]
OptionalDate = Annotated[dt.date | None, BeforeValidator(parse_date), _DATE_SCHEMA]


# ------------------------------------------------------------------ names and ids

# Characters that show nothing, or reorder what is shown: in a State's name or an id they make
# one State pass for another (`Arcadia` and `Arcadia` + a zero-width space look the same in
# the members' list) and give it the real State's request ids.
# Format characters (Cf: zero-width, bidirectional and other controls, soft hyphen, BOM),
# control characters and line or paragraph separators. Unassigned and private-use characters
# show as a box, so they are left alone.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zl", "Zp"}


def unseen(text: str) -> tuple[int, str] | None:
    """The 1-based position and the first invisible or bidirectional control character in
    `text`, or None."""
    for i, char in enumerate(text, 1):
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES and char not in "\t\n":
            return i, char
    return None


def invisible(text: str, what: str) -> str | None:
    """What is wrong with `text` if it holds a character that cannot be seen, else None."""
    found = unseen(text)
    if found is None:
        return None
    position, char = found
    return Message(
        "the %(what)s holds an invisible character, %(char)s, at character "
        "%(position)s; delete it (retype the %(what)s if you cannot find it): such characters "
        "make one name look like another",
        what=what,
        char=describe_character(char),
        position=position,
    )


def visible(text: str, what: str) -> str:
    """`text` in NFC, refused if it holds a character that cannot be seen."""
    text = unicodedata.normalize("NFC", text)
    problem = invisible(text, what)
    if problem is not None:
        raise ValueError(problem)
    return text


def _visible_name(value: str) -> str:
    return visible(value, Message("name"))


Name = Annotated[str, AfterValidator(_visible_name)]


# ------------------------------------------------------------------------ languages

# Language names people write instead of codes: the UN's six and the Memorandum's other
# common working languages, in English and in their own words.
_LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "arabic": "ar",
    "العربية": "ar",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "russian": "ru",
    "русский": "ru",
    "chinese": "zh",
    "中文": "zh",
    "german": "de",
    "deutsch": "de",
    "italian": "it",
    "italiano": "it",
    "portuguese": "pt",
    "português": "pt",
    "dutch": "nl",
    "turkish": "tr",
    "türkçe": "tr",
    "urdu": "ur",
    "indonesian": "id",
    "malay": "ms",
    "swahili": "sw",
    "hindi": "hi",
    "bengali": "bn",
    "persian": "fa",
    "farsi": "fa",
}
_CODE = re.compile(r"[a-z]{2,3}")


def parse_language(value: Any) -> Any:
    """A language code as people write it (`EN`, ` fr `); a language's name gets its code."""
    if not isinstance(value, str):
        return value
    code = value.strip().lower()
    if _CODE.fullmatch(code):
        return code
    meant = _LANGUAGE_NAMES.get(code)
    hint = (
        Message("write %(code)s", code=meant)
        if meant
        else Message("use two-letter codes such as en, fr, ar, es, ru")
    )
    raise ValueError(
        Message(
            "'%(value)s' is not a language code; %(hint)s",
            value=shorten(value.strip(), 40),
            hint=hint,
        )
    )


def split_languages(value: Any) -> Any:
    """Languages written in one text (`en, fr`, `en; fr`, `en fr`) as a list, none as an
    empty one; a list as it is."""
    if value is None:
        return []
    if isinstance(value, str):
        return [code for code in re.split(r"[,;\s]+", value) if code]
    return value


Language = Annotated[
    str,
    BeforeValidator(parse_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}$"}),
]
LanguageList = Annotated[
    list[Language], BeforeValidator(split_languages), at_most(Message("languages"))
]

# The languages gapcheck writes its outputs in: the six of the UN.
OUTPUT_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


def _output_language(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # left empty: English, or the --lang asked for
    named = _LANGUAGE_NAMES.get(value.strip().lower()) if isinstance(value, str) else None
    code = named or parse_language(value)
    if code not in OUTPUT_LANGUAGES:
        raise ValueError(
            Message(
                "gapcheck writes its reports in %(languages)s; not %(value)s",
                languages=", ".join(OUTPUT_LANGUAGES),
                value=shown(value),
            )
        )
    return code


OptionalOutputLanguage = Annotated[
    str | None,
    BeforeValidator(_output_language),
    WithJsonSchema({"type": ["string", "null"], "enum": [*OUTPUT_LANGUAGES, None]}),
]


# --------------------------------------------------------------------------- yes and no

# What a person or a spreadsheet writes for yes and no (an "x" in a box, a 1 in a cell).
# An empty value is neither: it is left to the model, which refuses it where a silent "no"
# would be wrong (confidentiality is never assumed off).
# With the yes and no of the workbook's drop-downs in the six languages (the catalogues'
# pgettext("answer", ...); tests/test_error_languages.py checks they agree), so that a YAML file
# and a workbook accept the same words, and "write yes or no" can be said in any of them.
_YES = frozenset({"yes", "y", "true", "t", "on", "x", "1", "oui", "sí", "si", "نعم", "да", "是"})
_NO = frozenset({"no", "n", "false", "f", "off", "0", "non", "لا", "нет", "否"})


def parse_yes_no(value: Any) -> Any:
    """yes or no as people write it: Yes, n, x, 1, true; None is left as it is."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (str, int)):
        text = " ".join(str(value).split()).lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
    raise ValueError(Message("write yes or no, not %(value)s", value=shown(value)))


YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]


# ------------------------------------------------------------------------------ targets

MAX_LEVEL = 4


def parse_target(value: Any) -> float | None:
    """A target as people write it: 3, 2.5, "3", "2,5" (a decimal comma); empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = -1.0
    if not 0 <= number <= MAX_LEVEL:
        raise ValueError(
            Message(
                "target must be a number from 0 to %(max)s (e.g. 3), not %(value)s; "
                "leave it empty to use the default",
                max=MAX_LEVEL,
                value=shown(value),
            )
        )
    return number


Target = Annotated[float | None, BeforeValidator(parse_target)]


# ---------------------------------------------------------------------------- free text


def _none_as_empty(value: Any) -> Any:
    """An emptied field in a hand-edited file means "nothing here", not an error."""
    return "" if value is None else value


FreeText = Annotated[str, BeforeValidator(_none_as_empty)]
