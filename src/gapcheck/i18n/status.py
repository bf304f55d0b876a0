"""Whether each field is translated, stale or missing in one language.

Stale: the entry's `source` is not the hash of the English text as it is now, so the
English changed after the translation was made. A stale translation is reported (a warning
from `gapcheck validate`, a count in `gapcheck translations`) and never shown: outputs fall
back to the English text for that field until the translator updates it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from gapcheck.errors import Problem, shorten
from gapcheck.i18n.fields import Field, all_fields

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.i18n.overlays import Overlay, Translations
    from gapcheck.models.translation import Entry


class State(Enum):
    TRANSLATED = "translated"
    STALE = "stale"
    MISSING = "missing"


class _HasState(Protocol):
    @property
    def state(self) -> State: ...


_S = TypeVar("_S", bound=_HasState)


@dataclass(frozen=True)
class Tally(Generic[_S]):
    """One language's fields (or pages) by state, and those left to translate or update."""

    translated: int
    stale: int
    missing: int
    todo: tuple[_S, ...]


def tally(found: Sequence[_S]) -> Tally[_S]:
    count = Counter(s.state for s in found)
    todo = tuple(s for s in found if s.state is not State.TRANSLATED)
    return Tally(count[State.TRANSLATED], count[State.STALE], count[State.MISSING], todo)


@dataclass(frozen=True)
class FieldStatus:
    """One field in one language: its entry (if any) and what state it is in."""

    language: str
    field: Field
    path: Path  # the overlay file it is, or would be, in
    overlay: Overlay | None
    entry: Entry | None

    @property
    def state(self) -> State:
        if self.entry is None or not self.entry.text:
            return State.MISSING
        if self.entry.source != self.field.source:
            return State.STALE
        return State.TRANSLATED

    @property
    def text(self) -> str:
        """What an output shows: the translation when fresh, else the English."""
        if self.state is State.TRANSLATED and self.entry is not None:
            return self.entry.text
        return self.field.english

    def problem(self) -> Problem:
        """Where the entry is (or would go) and what to do about it."""
        position = None
        if self.overlay is not None:
            # a stale entry at its source hash; a missing one at the nearest part there is
            stale = self.state is State.STALE
            position = self.overlay.position(
                (*self.field.loc, "source") if stale else self.field.loc
            )
        line, col = position or (None, None)
        english = shorten(" ".join(self.field.english.split()), 70)
        label = self.field.label
        if self.state is State.STALE:
            assert self.entry is not None
            message = (
                f"{label}: stale translation: the English text changed since it was "
                f"translated (source {self.entry.source}, now {self.field.source}); update the "
                f'text to match "{english}" and set source: {self.field.source}'
            )
        else:
            message = (
                f'{label}: not translated yet: "{english}"; add {{source: {self.field.source}, '
                "text: ...}"
            )
        return Problem(str(self.path), line, col, message)


def statuses(catalogue: Catalogue, translations: Translations, language: str) -> list[FieldStatus]:
    """Every translatable field's status in `language`, file by file in catalogue order."""
    overlays = translations.overlays(language)
    out: list[FieldStatus] = []
    for key, fields in all_fields(catalogue).items():
        overlay = overlays.get(key)
        path = translations.path_of(language, key)
        for f in fields:
            entry = overlay.entry(f.loc) if overlay is not None else None
            out.append(FieldStatus(language, f, path, overlay, entry))
    return out


def stale_warnings(catalogue: Catalogue, translations: Translations) -> list[Problem]:
    """One positioned warning per stale entry, in every language present."""
    return [
        s.problem()
        for language in sorted(translations.by_language)
        for s in statuses(catalogue, translations, language)
        if s.state is State.STALE
    ]
