"""The questionnaire as data for the site's online form.

The form page embeds `form_json(catalogue)`; the script in
site-overrides/assets/javascripts/gapcheck-form.js builds every field from it. Nothing about
practices, elements, the scale or the kinds of assistance is written into the script, so a
change to practices/ reaches the form with the next build and nothing else.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gapcheck.models.questionnaire import DEFAULT_TARGET, NA, SCALE

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue

# Raised whenever the shape below changes, so the script can refuse data it does not know.
FORM_FORMAT = 1

# The questionnaire's own fields, in the order of the YAML file, with the words the form shows.
# `kind` tells the script how to show the field and how to write it back as YAML.
METADATA: tuple[dict[str, str], ...] = (
    {"key": "state", "kind": "text", "label": "State", "hint": "required"},
    {"key": "institution", "kind": "text", "label": "Institution", "hint": ""},
    {"key": "respondent", "kind": "text", "label": "Respondent", "hint": "name or role"},
    {"key": "date", "kind": "date", "label": "Date of the assessment", "hint": ""},
    {
        "key": "confidential",
        "kind": "bool",
        "label": "Confidential",
        "hint": "requests for assistance are never shared with other States by name",
    },
    {
        "key": "languages",
        "kind": "languages",
        "label": "Working languages",
        "hint": "two-letter codes separated by commas, e.g. en, fr",
    },
    {"key": "region", "kind": "text", "label": "Region", "hint": ""},
    {
        "key": "share_in_aggregates",
        "kind": "bool",
        "label": "Count in overviews across States",
        "hint": "a confidential assessment counts in overviews, never by name",
    },
    {
        "key": "list_in_overview",
        "kind": "bool",
        "label": "List us by name in the members' overview",
        "hint": "only for an assessment that is not confidential",
    },
    {
        "key": "default_target",
        "kind": "number",
        "label": "Default target",
        "hint": f"the level you aim for, 0-4; empty means {DEFAULT_TARGET}",
    },
)


def form_data(catalogue: Catalogue) -> dict[str, Any]:
    """Everything the form shows and writes, taken from the catalogue and the models."""
    return {
        "format": FORM_FORMAT,
        "catalogue_version": catalogue.version,
        "source": catalogue.meta.source.title,
        "metadata": [dict(field) for field in METADATA],
        "scale": [{"level": n, "words": words} for n, words in SCALE.items()],
        "na": NA,
        "default_target": DEFAULT_TARGET,
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
                        "statement": _one_line(p.statement),
                        "suggested": list(p.assistance),
                        "elements": [
                            {
                                "id": e.id,
                                "text": _one_line(e.text),
                                "question": _one_line(e.question),
                            }
                            for e in p.elements
                        ],
                    }
                    for p in catalogue.in_section(section)
                ],
            }
            for section, title in catalogue.sections.items()
        ],
    }


def form_json(catalogue: Catalogue) -> str:
    """`form_data` as one line of JSON that is safe inside an HTML <script> element.

    <, > and & are written as \\u escapes so that no text from the catalogue can close the
    script element or open a comment; JSON.parse reads them back as the same characters.
    """
    text = json.dumps(form_data(catalogue), ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _one_line(value: str) -> str:
    # The script writes questions as YAML comments, which a line break would end.
    return " ".join(value.split())
