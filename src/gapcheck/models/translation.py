"""Translation overlays: practices/i18n/<lang>/GPxx.yaml and practices/i18n/<lang>/catalogue.yaml.

Every translatable field is an entry `{source: HASH, text: TRANSLATION}`: HASH names the
English text the translation was made from (gapcheck.i18n.hashing), so that a change to the
English makes the translation stale instead of silently wrong. A missing entry, or one whose
text is empty, is simply not translated yet. Ids and the shape of the lists follow the
English files; whether each id exists is checked against the knowledge base when loading
(gapcheck.i18n.overlays), since a model alone does not know it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

from gapcheck.models.base import PracticeId, Strict, Text

# The five other UN languages; English is the source, never an overlay.
LANGUAGES = ("ar", "es", "fr", "ru", "zh")
Language = Literal["ar", "es", "fr", "ru", "zh"]
# What content can be shown in: the English source, then the overlays' languages.
CONTENT_LANGUAGES = ("en", *LANGUAGES)


def _hash_as_written(value: Any) -> Any:
    """An unquoted hash of decimal digits reaches us as a number: give back its digits.

    YAML reads `source: 123456789012` as an integer and `source: 012345670123` (only the
    digits 0-7 after a 0) as an octal one; both are written unquoted by the skeletons, so
    both are turned back into the twelve digits the file shows.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return value
    decimal = str(value)
    if len(decimal) == 12:
        return decimal
    octal = format(value, "o").zfill(12)
    return octal if len(octal) == 12 else value


SourceHash = Annotated[
    str,
    BeforeValidator(_hash_as_written),
    StringConstraints(pattern=r"^[0-9a-f]{12}$"),
    # editors see what gapcheck accepts: the digits-only hashes YAML reads as numbers too
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": "^[0-9a-f]{12}$"}, {"type": "integer"}]}
    ),
]


class Entry(Strict):
    """One translated field and the hash of the English text it translates."""

    source: SourceHash
    text: str = ""


class Review(Strict):
    """A native-speaking practitioner's review of the file."""

    name: Text
    role: Text
    date: dt.date


class ElementTranslation(Strict):
    text: Entry | None = None
    question: Entry | None = None


class NamedTranslation(Strict):
    name: Entry | None = None
    description: Entry | None = None


class _Header(Strict):
    language: Language
    status: Literal["unofficial"] = "unofficial"
    reviewed_by: list[Review] = Field(default_factory=list)


class PracticeTranslation(_Header):
    """practices/i18n/<lang>/GPxx.yaml: one practice's texts in one language."""

    practice: PracticeId
    title: Entry | None = None
    # an unofficial translation: the English statement stays the official text everywhere
    statement: Entry | None = None
    summary: Entry | None = None
    elements: dict[str, ElementTranslation] = Field(default_factory=dict)
    # in the English order; null (or an entry with empty text) where not translated yet
    indicators: list[Entry | None] = Field(default_factory=list)
    safeguards: list[Entry | None] = Field(default_factory=list)
    # keyed by the id of the practice depended on: the reason
    depends_on: dict[str, Entry] = Field(default_factory=dict)


class CatalogueTranslation(_Header):
    """practices/i18n/<lang>/catalogue.yaml: the catalogue's shared lists in one language."""

    sections: dict[str, Entry] = Field(default_factory=dict)
    actors: dict[str, NamedTranslation] = Field(default_factory=dict)
    assistance: dict[str, NamedTranslation] = Field(default_factory=dict)
    instruments: dict[str, NamedTranslation] = Field(default_factory=dict)
    safeguards: dict[str, NamedTranslation] = Field(default_factory=dict)
