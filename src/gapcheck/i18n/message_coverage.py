"""How much of gapcheck's own words (the message catalogues) each language has."""

from __future__ import annotations

import io
from dataclasses import dataclass

from gapcheck.i18n.formats import share_down
from gapcheck.i18n.messages import catalogue_files


@dataclass(frozen=True)
class MessageCoverage:
    language: str
    strings: int
    translated: int
    # "area: English" of each string left empty or marked fuzzy (shown in English)
    untranslated: tuple[str, ...]

    @property
    def percent(self) -> float:
        """Translated share, rounded down to a tenth like the other coverage tables."""
        return share_down(self.translated, self.strings)


def message_coverage(language: str, files: list[tuple[str, str]] | None = None) -> MessageCoverage:
    """The strings of every area's catalogue of `language` (`files`: (area, .po text), by
    default the shipped catalogues) and which of them are translated."""
    from babel.messages.pofile import read_po

    strings = 0
    left: list[str] = []
    for area, text in catalogue_files(language) if files is None else files:
        for m in read_po(io.StringIO(text), locale=language):
            if not m.id:
                continue
            strings += 1
            found = (m.string,) if isinstance(m.string, str) else tuple(m.string or ())
            if m.fuzzy or not found or not all(found):
                english = m.id if isinstance(m.id, str) else m.id[0]
                left.append(f"{area}: {english}")
    return MessageCoverage(language, strings, strings - len(left), tuple(left))
