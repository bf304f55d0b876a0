"""How much of the knowledge base each language has: translated, stale, missing, reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gapcheck.i18n.formats import share_down
from gapcheck.i18n.status import FieldStatus, statuses, tally

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.i18n.overlays import Translations


@dataclass(frozen=True)
class Coverage:
    """One language's coverage; `todo` lists its stale and missing fields in file order."""

    language: str
    fields: int
    translated: int
    stale: int
    missing: int
    files: int  # overlay files present
    expected_files: int  # one per practice, and the catalogue's
    reviewed_files: int  # files whose reviewed_by names someone
    todo: tuple[FieldStatus, ...]

    @property
    def percent(self) -> float:
        """Translated share, rounded down to a tenth: 100.0 only when nothing is left."""
        return share_down(self.translated, self.fields)

    @property
    def reviewed(self) -> str:
        """`yes` when every file has been reviewed by a native-speaking practitioner."""
        if self.reviewed_files == 0:
            return "no"
        if self.reviewed_files == self.expected_files:
            return "yes"
        return f"{self.reviewed_files} of {self.expected_files} files"


def coverage(
    catalogue: Catalogue, translations: Translations, languages: list[str]
) -> list[Coverage]:
    out = []
    for language in languages:
        found = statuses(catalogue, translations, language)
        t = tally(found)
        overlays = translations.overlays(language)
        out.append(
            Coverage(
                language=language,
                fields=len(found),
                translated=t.translated,
                stale=t.stale,
                missing=t.missing,
                files=len(overlays),
                expected_files=len(catalogue) + 1,
                reviewed_files=sum(1 for o in overlays.values() if o.reviewed),
                todo=t.todo,
            )
        )
    return out
