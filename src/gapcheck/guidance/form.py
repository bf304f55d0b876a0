"""The questionnaire as data for the site's online form.

The form page embeds `form_json(catalogue, language)`; the script in
site-overrides/assets/javascripts/gapcheck-form.js builds every field from it. Nothing about
practices, elements, the scale or the kinds of assistance is written into the script, so a
change to practices/ reaches the form with the next build and nothing else.

The page speaks `language`: the knowledge base's texts come from its translation
(i18n.content.localise; the official statement stays English), gapcheck's words from the
catalogues (i18n.messages), and the words the scripts themselves show (`t("...")`,
`tn("one", "many", n)`) are shipped as `messages` (i18n/script_messages.py). What the page
writes (ids, levels, n/a) is the same in every language.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gapcheck.capacity.confidentiality import SHARE_SHORT
from gapcheck.guidance.script_words import script_messages
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import N_, translator
from gapcheck.models.capacity import SHARE_PROBLEM, Share
from gapcheck.models.questionnaire import (
    DEFAULT_TARGET,
    NA,
    NA_WORDS,
    QUESTIONNAIRE_FIELDS,
    SCALE,
    AssistanceWish,
    PracticeAnswers,
    Questionnaire,
    field_words,
)
from gapcheck.render.text import one_line

if TYPE_CHECKING:
    from pydantic import BaseModel

    from gapcheck.catalogue import Catalogue

# Raised whenever the shape below changes, so the script can refuse data it does not know.
FORM_FORMAT = 3

# The questionnaire's own fields, in the order of the YAML file, with the model's words.
# `kind` tells the script how to show the field and how to write it back as YAML.
_KINDS = {
    "date": "date",
    "confidential": "bool",
    "share_in_aggregates": "bool",
    "list_in_overview": "bool",
    "share_requests": "share",
    "languages": "languages",
    "default_target": "number",
}
METADATA: tuple[dict[str, str], ...] = tuple(
    {"key": key, "kind": _KINDS.get(key, "text"), "label": title, "hint": hint}
    for key, (title, hint) in ((k, field_words(k)) for k in QUESTIONNAIRE_FIELDS)
)


def _keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


# Read as n/a besides gapcheck's own words (NA_WORDS), in the page's language.
NOT_APPLICABLE = N_("not applicable")


def na_words(language: str) -> list[str]:
    """What a loaded file may write for n/a: gapcheck's words, and the page's language's."""
    t = translator(language)
    mine = (t.gettext(NA), t.gettext(NOT_APPLICABLE))
    words = [*NA_WORDS, *(" ".join(w.lower().split()) for w in mine)]
    return list(dict.fromkeys(words))


def form_data(catalogue: Catalogue, language: str = "en") -> dict[str, Any]:
    """Everything the form shows and writes, taken from the catalogue and the models; the
    page speaks `language` (i18n/messages.py)."""
    t = translator(language)
    english = catalogue
    catalogue = localise(catalogue, language)
    return {
        "format": FORM_FORMAT,
        "language": language,
        "catalogue_version": catalogue.version,
        "source": catalogue.meta.source.title,
        # gettext("") would be the catalogue's header: an empty hint stays empty
        "metadata": [
            {**field, **{k: t.gettext(field[k]) for k in ("label", "hint") if field[k]}}
            for field in METADATA
        ],
        # `english`: the words a file may write for a level (gapcheck reads the English ones)
        "scale": [
            {"level": n, "words": t.gettext(words), "english": words} for n, words in SCALE.items()
        ],
        "na": NA,
        "na_words": na_words(language),
        "default_target": DEFAULT_TARGET,
        # who may see a request: the choices, in the model's words, and how gapcheck refuses
        # anything else (share_requests, and each practice's assistance `share`)
        "shares": [{"id": str(s), "words": t.gettext(SHARE_SHORT[s])} for s in Share],
        "share_problem": t.gettext(SHARE_PROBLEM),
        # the keys gapcheck allows, so the page refuses the others as gapcheck does
        "questionnaire_keys": {
            "questionnaire": _keys(Questionnaire),
            "practice": _keys(PracticeAnswers),
            "assistance": _keys(AssistanceWish),
        },
        "assistance": [
            {"id": a.id, "name": a.name, "description": a.description}
            for a in catalogue.meta.assistance
        ],
        "sections": [
            {
                "id": section,
                "title": title,
                "practices": [
                    {
                        "id": p.id,
                        "title": p.title,
                        # one line: the script writes these as YAML comments, ended by a break;
                        # the official statement is the English one, in every language
                        "statement": one_line(english.by_id[p.id].statement),
                        "unofficial_statement": one_line(unofficial) if unofficial else None,
                        "suggested": list(p.assistance),
                        "elements": [
                            {
                                "id": e.id,
                                "text": one_line(e.text),
                                "question": one_line(e.question),
                            }
                            for e in p.elements
                        ],
                    }
                    for p in catalogue.in_section(section)
                    for unofficial in [getattr(p, "unofficial_statement", None)]
                ],
            }
            for section, title in catalogue.sections.items()
        ],
        # the words of the scripts themselves in this language (none for English)
        "messages": script_messages(language),
    }


def form_json(catalogue: Catalogue, language: str = "en") -> str:
    """`form_data` as one line of JSON that is safe inside an HTML <script> element.

    <, > and & are written as \\u escapes so that no text from the catalogue can close the
    script element or open a comment; JSON.parse reads them back as the same characters.
    """
    text = json.dumps(form_data(catalogue, language), ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
