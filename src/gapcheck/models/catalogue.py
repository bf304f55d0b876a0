"""The knowledge base: shared lists (catalogue.yaml) and one model per practice file."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from gapcheck.errors import Message
from gapcheck.models.base import PracticeId, Slug, Strict, Text


class Source(Strict):
    title: Text
    publisher: Text
    short: Text


class Section(Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z]$")]
    title: Text


class Named(Strict):
    id: Slug
    name: Text
    description: str = ""


class CatalogueFile(Strict):
    """practices/catalogue.yaml: the lists every practice refers to."""

    version: Text
    source: Source
    sections: list[Section] = Field(min_length=1)
    actors: list[Named] = Field(min_length=1)
    assistance: list[Named] = Field(min_length=1)
    instruments: list[Named] = Field(min_length=1)
    safeguards: list[Named] = Field(min_length=1)


class Element(Strict):
    """One assessable key element of a practice, answered on the 0-4 scale."""

    id: Annotated[str, Field(pattern=r"^GP\d{2}\.\d+$")]
    text: Text
    question: Text

    @field_validator("question")
    @classmethod
    def _is_question(cls, v: str) -> str:
        if not v.endswith("?"):
            raise ValueError(Message("a question should end with '?'"))
        return v


class Safeguard(Strict):
    kind: Slug
    text: Text


HOLD_SECURELY = (
    "hold securely: it would expose people if a file leaked; keep it out of shared files"
)


class Indicator(Strict):
    """Evidence that a practice is in place; some evidence names or locates people."""

    text: Text
    hold_securely: bool = False

    def __str__(self) -> str:
        return f"{self.text} ({HOLD_SECURELY})" if self.hold_securely else self.text


def _indicator(value: Any) -> Any:
    """Plain text is the usual indicator; a mapping marks one to hold securely."""
    return {"text": value} if isinstance(value, str) else value


class Dependency(Strict):
    id: PracticeId
    reason: Annotated[str, Field(min_length=20)]


class Practice(Strict):
    """One good practice: its citation, what to assess, and what it builds on."""

    id: PracticeId
    number: Annotated[int, Field(ge=1)]
    section: Annotated[str, Field(pattern=r"^[A-Z]$")]
    title: Annotated[str, Field(min_length=3, max_length=60)]
    statement: Text
    source: Text
    summary: Text
    elements: list[Element] = Field(min_length=3, max_length=9)
    indicators: list[Annotated[Indicator, BeforeValidator(_indicator)]] = Field(min_length=1)
    actors: list[Slug] = Field(min_length=1)
    assistance: list[Slug] = Field(min_length=1)
    safeguards: list[Safeguard] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    depends_on: list[Dependency] = Field(default_factory=list)

    @property
    def element_ids(self) -> list[str]:
        return [e.id for e in self.elements]
