"""A State's filled questionnaire: one answer per element on the 0-4 scale."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from gapcheck.errors import Listed, Message, describe_character, did_you_mean, plain_type, shorten
from gapcheck.models.base import N_, Strict, at_most
from gapcheck.models.capacity import KindId, OptionalShare, Share, share_from_confidential
from gapcheck.models.values import (
    FreeText,
    LanguageList,
    Name,
    OptionalDate,
    OptionalOutputLanguage,
    Target,
    YesNo,
    parse_target,
)

SCALE: dict[int, str] = {
    0: N_("not in place"),
    1: N_("planned"),
    2: N_("partly in place"),
    3: N_("in place"),
    4: N_("in place and reviewed"),
}
# The scale's one wording: the report, the charts, the form, the workbook and every message
# take the names from here.
SCALE_LINE = ", ".join(f"{k} {v}" for k, v in SCALE.items())  # "0 not in place, 1 planned, ..."
NA = N_("n/a")
# The words read as n/a, lower case with runs of spaces made one; the form takes them from here.
NA_WORDS: tuple[str, ...] = ("n/a", "na", "n.a.", "n.a", "not applicable", "n / a")
_WORDS = {v: k for k, v in SCALE.items()}
# The scale, in the words of the reader of a message (errors.Message)
_SCALE_HINT = Message(
    "use 0-4 (%(scale)s) or n/a",
    scale=Listed(Listed((str(k), Message(v)), " ") for k, v in SCALE.items()),
)
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
        raise ValueError(Message("level must be a number, not yes/no; %(hint)s", hint=_SCALE_HINT))
    if isinstance(value, float):
        return _level_number(value, shorten(f"{value:g}"))
    if isinstance(value, int):
        return _level_number(value, shorten(value))
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", value.strip().lower())
        if text == "":
            return None
        if text in NA_WORDS:
            return NA
        if re.fullmatch(r"[0-9]+(\.[0-9]*)?", text):
            return _level_number(float(text) if "." in text else int(text), shorten(text))
        if text in _WORDS:
            return _WORDS[text]
        shown = shorten(value.strip(), 40)
        odd = next((c for c in text if not c.isascii() and unicodedata.digit(c, -1) >= 0), None)
        if odd is not None:
            raise ValueError(
                Message(
                    "'%(shown)s' is not a level: it holds %(char)s, not the digit %(digit)s; "
                    "type levels with the ordinary digits: %(hint)s",
                    shown=shown,
                    char=describe_character(odd),
                    digit=unicodedata.digit(odd),
                    hint=_SCALE_HINT,
                )
            )
        hint = did_you_mean(text, [*_WORDS, NA], cutoff=0.75)
        raise ValueError(
            Message(
                "'%(shown)s' is not a level; %(suggestion)s%(hint)s",
                shown=shown,
                suggestion=hint,
                hint=_SCALE_HINT,
            )
        )
    raise ValueError(
        Message(
            "level must be 0-4 or n/a, not a %(kind)s; %(hint)s",
            kind=plain_type(value),
            hint=_SCALE_HINT,
        )
    )


def _level_number(number: float, shown: str) -> int:
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(
            Message(
                "'%(shown)s' is not a level; %(suggestion)s%(hint)s",
                shown=shown,
                suggestion="",
                hint=_SCALE_HINT,
            )
        )
    if not float(number).is_integer():
        low = int(number // 1)
        if 0 <= low < 4:
            raise ValueError(
                Message(
                    "level %(shown)s is not on the scale: levels are whole numbers; choose "
                    "%(low)s (%(low_words)s) or %(high)s (%(high_words)s)",
                    shown=shown,
                    low=low,
                    low_words=Message(SCALE[low]),
                    high=low + 1,
                    high_words=Message(SCALE[low + 1]),
                )
            )
        raise ValueError(_out_of_range(shown))
    if 0 <= number <= 4:
        return int(number)
    raise ValueError(_out_of_range(shown))


def _out_of_range(shown: str) -> Message:
    return Message("level %(shown)s is out of range; %(hint)s", shown=shown, hint=_SCALE_HINT)


def _answer(value: Any) -> Any:
    if isinstance(value, Answer):
        return value
    if isinstance(value, dict):
        extra = set(value) - {"level", "reason", "comment"}
        if extra:
            raise ValueError(
                Message(
                    "unknown key '%(key)s' in an answer; use level, reason and comment",
                    key=sorted(extra)[0],
                )
            )
        level = parse_level(value.get("level"))
        reason = _text(value.get("reason"), "reason")
        comment = _text(value.get("comment"), "comment")
    else:
        level, reason, comment = parse_level(value), "", ""
    if level == NA:
        if not reason:
            raise ValueError(
                Message(
                    "n/a needs a reason; write it as {level: n/a, reason: why it does not apply}"
                )
            )
        return Answer(na=True, reason=reason, comment=comment)
    return Answer(level=level if isinstance(level, int) else None, reason=reason, comment=comment)


def _text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise ValueError(Message("%(name)s must be text", name=name))


_ANSWER_SCHEMA = {
    "description": f"{SCALE_LINE}; {{level: n/a, reason: ...}}; or empty",
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


class AssistanceWish(Strict):
    """Whether the State wants help with a practice, and what kind."""

    wanted: YesNo = False
    kinds: Annotated[
        list[KindId],
        BeforeValidator(lambda v: [] if v is None else v),
        at_most(Message("kinds of assistance")),
    ] = Field(default_factory=list)
    note: FreeText = ""
    time_frame: FreeText = ""
    # who may see this practice's request; empty: the questionnaire's share_requests
    share: OptionalShare = None


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
    """The whole questionnaire file.

    Each field's title and description are the words every form of the questionnaire shows
    beside it (the workbook's Cover sheet, the online form, the schema editors read).
    """

    catalogue_version: str = ""
    state: Annotated[
        Name, Field(min_length=1, max_length=200, title=N_("State"), description=N_("required"))
    ]
    institution: FreeText = Field("", title=N_("Institution filling in the questionnaire"))
    respondent: FreeText = Field(
        "", title=N_("Respondent"), description=N_("name and role of the person answering")
    )
    date: OptionalDate = Field(
        None, title=N_("Date of the assessment"), description=N_("YYYY-MM-DD")
    )
    confidential: YesNo = Field(
        False,
        title=N_("Keep our requests for assistance confidential"),
        description=N_(
            "yes or no; confidential requests are never shared with other States by name"
        ),
    )
    # The default consent for every request (docs/capacity.md); empty: from `confidential`
    # (true: providers, false: members), so questionnaires written before it keep working.
    share_requests: OptionalShare = Field(
        None,
        title=N_("Who may see our requests for assistance"),
        description=N_(
            "unit, providers, members or public; a practice's assistance block may say otherwise"
        ),
    )
    languages: LanguageList = Field(
        default_factory=lambda: ["en"],
        title=N_("Working languages"),
        description=N_("codes such as en, fr, ar, separated by commas"),
    )
    language: OptionalOutputLanguage = Field(
        None,
        title=N_("Language of the reports"),
        description=N_("ar, en, es, fr, ru or zh; empty means English"),
    )
    region: FreeText = Field("", title=N_("Region"))
    # Opt-ins for the picture across States (docs/overview.md); both default to no, so a
    # workbook or form that does not ask keeps the State out of the names and, when it is
    # confidential, out of every aggregate.
    share_in_aggregates: YesNo = Field(
        False,
        title=N_("Count in overviews across States"),
        description=N_("yes or no; a confidential assessment counts in overviews, never by name"),
    )
    list_in_overview: YesNo = Field(
        False,
        title=N_("List us by name in the members' overview"),
        description=N_("yes or no; only for an assessment that is not confidential"),
    )
    default_target: Annotated[
        float, BeforeValidator(lambda v: DEFAULT_TARGET if (t := parse_target(v)) is None else t)
    ] = Field(
        DEFAULT_TARGET,
        title=N_("Default target"),
        # Written out, not formatted, so that Babel finds it; test_messages checks the number.
        description=N_(
            "the level you aim for, 0-4, unless a practice says otherwise; empty means 3"
        ),
    )
    practices: Annotated[
        dict[str, PracticeAnswers], BeforeValidator(lambda v: {} if v is None else v)
    ] = Field(default_factory=dict)

    def request_share(self, pid: str) -> Share:
        """Who may see the request for practice `pid`: its own consent, else the default."""
        answers = self.practices.get(pid)
        if answers is not None and answers.assistance.share is not None:
            return answers.assistance.share
        if self.share_requests is not None:
            return self.share_requests
        return share_from_confidential(self.confidential)

    def target_for(self, pid: str) -> float:
        answers = self.practices.get(pid)
        if answers is not None and answers.target is not None:
            return answers.target
        return self.default_target


# The questionnaire's own fields, in the order of the file, each with its words.
QUESTIONNAIRE_FIELDS = (
    "state",
    "institution",
    "respondent",
    "date",
    "confidential",
    "share_requests",
    "languages",
    "language",
    "region",
    "share_in_aggregates",
    "list_in_overview",
    "default_target",
)
# Asked by the online form, not (yet) by the workbook, whose cover keeps their default: no.
OVERVIEW_OPT_INS = ("share_in_aggregates", "list_in_overview")


def field_words(key: str) -> tuple[str, str]:
    """A questionnaire field's (title, description), as the model states them."""
    info = Questionnaire.model_fields[key]
    return info.title or key, info.description or ""
