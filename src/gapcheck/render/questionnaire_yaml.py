"""Write a questionnaire back out as the commented YAML a person fills in.

One template serves both the blank questionnaire and a filled one (for example imported from a
workbook), so the two can never drift apart: an empty answer renders exactly as the blank file.

The comments are in the questionnaire's language (its `language`, or the one asked for), with
the knowledge base's texts from `localise`; the keys and values stay as they are in every
language, since they are data.
"""

from __future__ import annotations

import datetime as dt
import re

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import SOURCE_LANGUAGE, output_language
from gapcheck.models.questionnaire import NA, Answer, PracticeAnswers, Questionnaire
from gapcheck.models.values import OUTPUT_LANGUAGES
from gapcheck.questionnaire import new_questionnaire
from gapcheck.render.environment import render_template
from gapcheck.render.text import yaml_str

# Words YAML 1.1 reads as true/false/null when unquoted (e.g. "no", the code for Norwegian).
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_PLAIN_WORD = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EMPTY = PracticeAnswers()


def _word(value: str) -> str:
    if _PLAIN_WORD.match(value) and value not in _SPECIAL:
        return value
    return yaml_str(value)


def flow_list(values: list[str]) -> str:
    """Items of a flow list: plain where YAML cannot misread them, quoted otherwise."""
    return ", ".join(_word(v) for v in values)


def number(value: float) -> str:
    """3.0 as 3, 2.5 as 2.5: how a person writes a level."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def answer(a: Answer | None) -> str:
    """What follows `GP03.1:`: nothing, a level, or a flow mapping when there is more to say."""
    if a is None or (not a.answered and not a.reason and not a.comment):
        return ""
    if not a.na and not a.reason and not a.comment:
        return f" {a.level}"
    parts = []
    if a.na:
        parts.append(f"level: {NA}")
    elif a.level is not None:
        parts.append(f"level: {a.level}")
    if a.reason:
        parts.append(f"reason: {yaml_str(a.reason)}")
    if a.comment:
        parts.append(f"comment: {yaml_str(a.comment)}")
    return " {" + ", ".join(parts) + "}"


def render_questionnaire(
    catalogue: Catalogue, q: Questionnaire, language: str | None = None
) -> str:
    """The questionnaire as commented YAML in catalogue order, answers filled in, its
    comments in `language` (default: the questionnaire's own, else English).

    Only practices and elements of `catalogue` are written; `q` is expected to have been
    checked against it (as `load_questionnaire_file` does).
    """
    language = output_language(language, q.language)

    def practice_answers(pid: str) -> PracticeAnswers:
        return q.practices.get(pid, _EMPTY)

    return render_template(
        "questionnaire.yaml.j2",
        language=language,
        catalogue=localise(catalogue, language),
        english=catalogue,
        official=language != SOURCE_LANGUAGE,
        q=q,
        practice_answers=practice_answers,
        flow_list=flow_list,
        number=number,
        answer=answer,
    )


def blank_in(
    catalogue: Catalogue, state: str, date: dt.date | None = None, language: str | None = None
) -> Questionnaire:
    """An empty questionnaire to be written in `language`: its `language` set to it, and its
    working language too (English for a pseudo-language, which is no language of its own)."""
    code = language if language in OUTPUT_LANGUAGES else None
    q = new_questionnaire(catalogue, state, date, code or SOURCE_LANGUAGE)
    return q.model_copy(update={"language": code}) if code else q


def blank_questionnaire(
    catalogue: Catalogue, state: str, date: dt.date | None = None, language: str | None = None
) -> str:
    """A YAML questionnaire with every question as a comment, ready to fill by hand, in
    `language` (default: English)."""
    q = blank_in(catalogue, state, date, language)
    return render_questionnaire(catalogue, q, language)
