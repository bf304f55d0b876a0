"""A State's filled questionnaire: one answer per element on the 0-4 scale."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator

from gapcheck.errors import describe_character, plain_type, shorten, shown
from gapcheck.models.base import Strict, at_most
from gapcheck.models.capacity import KindId
from gapcheck.models.values import Language, Name, OptionalDate

SCALE: dict[int, str] = {
    0: "not in place",
    1: "planned",
    2: "partly in place",
    3: "in place",
    4: "in place and reviewed",
}
NA = "n/a"
_NA_WORDS = {"n/a", "na", "n.a.", "n.a", "not applicable", "n / a"}
_WORDS = {v: k for k, v in SCALE.items()}
_SCALE_HINT = "use 0-4 (" + ", ".join(f"{k} {v}" for k, v in SCALE.items()) + ") or n/a"
DEFAULT_TARGET = 3


class Answer(Strict):
    """An element's answer: a level, n/a with a reason, or nothing yet."""

    level: int | None = None
    na: bool = False
    reason: str = ""
    comment: str = ""

    @property
    def answered(self) -> bool:
        return self.na or self.level is not None


def parse_level(value: Any) -> int | str | None:
    """Read a level the way a person would write it: 3, "3", "in place", "N/A".

    Digits are the ASCII 0-4 only: a superscript, full-width or other script's digit is
    refused with its character code rather than read as a number, because a footnote mark
    (`3¹`) or a stray keystroke must not silently become a level that sets priorities.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"level must be a number, not yes/no; {_SCALE_HINT}")
    if isinstance(value, float):
        return _level_number(value, shorten(f"{value:g}"))
    if isinstance(value, int):
        return _level_number(value, shorten(value))
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", value.strip().lower())
        if text == "":
            return None
        if text in _NA_WORDS:
            return NA
        if re.fullmatch(r"[0-9]+(\.[0-9]*)?", text):
            return _level_number(float(text) if "." in text else int(text), shorten(text))
        if text in _WORDS:
            return _WORDS[text]
        shown = shorten(value.strip(), 40)
        odd = next((c for c in text if not c.isascii() and unicodedata.digit(c, -1) >= 0), None)
        if odd is not None:
            raise ValueError(
                f"'{shown}' is not a level: it holds {describe_character(odd)}, not the digit "
                f"{unicodedata.digit(odd)}; type levels with the ordinary digits: {_SCALE_HINT}"
            )
        close = difflib.get_close_matches(text, [*_WORDS, NA], n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ValueError(f"'{shown}' is not a level; {hint}{_SCALE_HINT}")
    raise ValueError(f"level must be 0-4 or n/a, not a {plain_type(value)}; {_SCALE_HINT}")


def _level_number(number: float, shown: str) -> int:
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{shown}' is not a level; {_SCALE_HINT}")
    if not float(number).is_integer():
        low = int(number // 1)
        if 0 <= low < 4:
            raise ValueError(
                f"level {shown} is not on the scale: levels are whole numbers; choose "
                f"{low} ({SCALE[low]}) or {low + 1} ({SCALE[low + 1]})"
            )
        raise ValueError(f"level {shown} is out of range; {_SCALE_HINT}")
    if 0 <= number <= 4:
        return int(number)
    raise ValueError(f"level {shown} is out of range; {_SCALE_HINT}")


def _answer(value: Any) -> Any:
    if isinstance(value, Answer):
        return value
    if isinstance(value, dict):
        extra = set(value) - {"level", "reason", "comment"}
        if extra:
            raise ValueError(
                f"unknown key '{sorted(extra)[0]}' in an answer; use level, reason and comment"
            )
        level = parse_level(value.get("level"))
        reason = _text(value.get("reason"), "reason")
        comment = _text(value.get("comment"), "comment")
    else:
        level, reason, comment = parse_level(value), "", ""
    if level == NA:
        if not reason:
            raise ValueError(
                "n/a needs a reason; write it as {level: n/a, reason: why it does not apply}"
            )
        return Answer(na=True, reason=reason, comment=comment)
    return Answer(level=level if isinstance(level, int) else None, reason=reason, comment=comment)


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise ValueError(f"{name} must be text")


_ANSWER_SCHEMA = {
    "description": "0 not in place, 1 planned, 2 partly in place, 3 in place, "
    "4 in place and reviewed; {level: n/a, reason: ...}; or empty",
    "anyOf": [
        {"type": "null"},
        {"type": "integer", "minimum": 0, "maximum": 4},
        {
            "type": "object",
            "properties": {
                "level": {
                    "anyOf": [
                        {"type": "integer", "minimum": 0, "maximum": 4},
                        {"type": "string", "enum": ["n/a"]},
                        {"type": "null"},
                    ]
                },
                "reason": {"type": "string"},
                "comment": {"type": "string"},
            },
            "additionalProperties": False,
        },
    ],
}
AnswerField = Annotated[Answer, BeforeValidator(_answer), WithJsonSchema(_ANSWER_SCHEMA)]


def _none_as_empty(value: Any) -> Any:
    """An emptied field in a hand-edited file means "nothing here", not an error."""
    return "" if value is None else value


FreeText = Annotated[str, BeforeValidator(_none_as_empty)]


def _target(value: Any) -> Any:
    """A target as people write it: 3, 2.5, "3"; anything else gets a plain explanation."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = -1.0
    if not 0 <= number <= 4:
        raise ValueError(f"target must be a number from 0 to 4 (e.g. 3), not {shown(value)}")
    return number


Target = Annotated[float | None, BeforeValidator(_target)]


class AssistanceWish(Strict):
    """Whether the State wants help with a practice, and what kind."""

    wanted: bool = False
    kinds: Annotated[
        list[KindId],
        BeforeValidator(lambda v: [] if v is None else v),
        at_most("kinds of assistance"),
    ] = Field(default_factory=list)
    note: FreeText = ""
    time_frame: FreeText = ""


class PracticeAnswers(Strict):
    target: Target = None
    not_applicable: FreeText = ""
    elements: Annotated[
        dict[str, AnswerField], BeforeValidator(lambda v: {} if v is None else v)
    ] = Field(default_factory=dict)
    evidence: FreeText = ""
    notes: FreeText = ""
    assistance: Annotated[
        AssistanceWish, BeforeValidator(lambda v: AssistanceWish() if v is None else v)
    ] = Field(default_factory=AssistanceWish)


class Questionnaire(Strict):
    """The whole questionnaire file."""

    catalogue_version: str = ""
    state: Annotated[Name, Field(min_length=1, max_length=200)]
    institution: FreeText = ""
    respondent: FreeText = ""
    date: OptionalDate = None
    confidential: bool = False
    languages: Annotated[list[Language], at_most("languages")] = Field(
        default_factory=lambda: ["en"]
    )
    region: FreeText = ""
    # Opt-ins for the picture across States (docs/overview.md); both default to no, so a
    # workbook or form that does not ask keeps the State out of the names and, when it is
    # confidential, out of every aggregate.
    share_in_aggregates: bool = False
    list_in_overview: bool = False
    default_target: Annotated[
        float, BeforeValidator(lambda v: DEFAULT_TARGET if _target(v) is None else _target(v))
    ] = DEFAULT_TARGET
    practices: Annotated[
        dict[str, PracticeAnswers], BeforeValidator(lambda v: {} if v is None else v)
    ] = Field(default_factory=dict)

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [s for s in re.split(r"[,\s]+", v) if s]
        return v

    def target_for(self, pid: str) -> float:
        answers = self.practices.get(pid)
        if answers is not None and answers.target is not None:
            return answers.target
        return self.default_target
