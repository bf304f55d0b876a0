"""Every translatable field of the knowledge base, with where its entry goes in an overlay."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from gapcheck.i18n.hashing import source_hash

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.models.catalogue import Practice

CATALOGUE_KEY = "catalogue"
GROUPS = ("actors", "assistance", "instruments", "safeguards")

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    """One English text to translate: the overlay file it belongs to (a practice id or
    "catalogue") and the path of its entry inside that file."""

    file: str
    loc: Loc
    english: str

    @cached_property
    def source(self) -> str:
        return source_hash(self.english)

    @property
    def label(self) -> str:
        """The entry's path as the file spells it: elements.GP01.7.text, indicators[2]."""
        text = ""
        for part in self.loc:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


def practice_fields(p: Practice) -> Iterator[Field]:
    yield Field(p.id, ("title",), p.title)
    yield Field(p.id, ("statement",), p.statement)
    yield Field(p.id, ("summary",), p.summary)
    for e in p.elements:
        yield Field(p.id, ("elements", e.id, "text"), e.text)
        yield Field(p.id, ("elements", e.id, "question"), e.question)
    for i, indicator in enumerate(p.indicators):
        yield Field(p.id, ("indicators", i), indicator.text)
    for i, safeguard in enumerate(p.safeguards):
        yield Field(p.id, ("safeguards", i), safeguard.text)
    for d in p.depends_on:
        yield Field(p.id, ("depends_on", d.id), d.reason)


def catalogue_fields(catalogue: Catalogue) -> Iterator[Field]:
    for s in catalogue.meta.sections:
        yield Field(CATALOGUE_KEY, ("sections", s.id), s.title)
    for group in GROUPS:
        for item in getattr(catalogue.meta, group):
            yield Field(CATALOGUE_KEY, (group, item.id, "name"), item.name)
            if item.description:
                yield Field(CATALOGUE_KEY, (group, item.id, "description"), item.description)


def all_fields(catalogue: Catalogue) -> dict[str, list[Field]]:
    """{overlay file key: its fields}, the practices in order, then the catalogue."""
    out = {p.id: list(practice_fields(p)) for p in catalogue}
    out[CATALOGUE_KEY] = list(catalogue_fields(catalogue))
    return out
