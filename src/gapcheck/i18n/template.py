"""Translation skeletons: the overlay files of one language, ready to fill in.

The format is fixed (translators fill it in parallel): a `$schema` line, a header
(language, practice, status: unofficial, reviewed_by), then one `{source: HASH, text: ...}`
entry per translatable field, each under a `# en:` comment holding the English text. Given
the files that exist already, their translated text, hashes and reviews are kept (a stale
entry stays stale until someone updates it) and only what is missing is added.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

import yaml

from gapcheck.i18n.fields import CATALOGUE_KEY, GROUPS, Field, all_fields
from gapcheck.models.translation import Entry, Review

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.i18n.overlays import Overlay

SCHEMA_LINE = "# yaml-language-server: $schema=../../../.schemas/{kind}-translation.json"
_WRAP = 96

Fill = Callable[[str], str]


def template_files(
    catalogue: Catalogue,
    language: str,
    existing: dict[str, Overlay] | None = None,
    fill: Fill | None = None,
) -> dict[str, str]:
    """{file name: content} for every overlay file of `language`.

    `existing`: overlays already written, by key, whose entries and reviews are kept.
    `fill`: makes a text for each entry left empty (a pseudo-locale, in tests).
    """
    existing = existing or {}
    out: dict[str, str] = {}
    for key, fields in all_fields(catalogue).items():
        writer = _Writer(language, key, existing.get(key), fill)
        out[f"{key}.yaml"] = writer.file(fields)
    return out


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar on one line, escapes included."""
    dumped = yaml.dump(
        text, Dumper=yaml.SafeDumper, allow_unicode=True, default_style='"', width=1 << 30
    )
    return dumped.removesuffix("\n...\n").rstrip("\n")


class _Writer:
    def __init__(self, language: str, key: str, overlay: Overlay | None, fill: Fill | None) -> None:
        self.language = language
        self.key = key
        self.overlay = overlay
        self.fill = fill
        self.lines: list[str] = []

    def file(self, fields: list[Field]) -> str:
        practice = self.key != CATALOGUE_KEY
        kind = "practice" if practice else "catalogue"
        what = self.key if practice else "the catalogue's lists"
        self.lines = [
            SCHEMA_LINE.format(kind=kind),
            f"# Unofficial {self.language} translation of {what}; the English text is "
            "authoritative.",
            f"language: {self.language}",
        ]
        if practice:
            self.lines.append(f"practice: {self.key}")
        self.lines.append("status: unofficial")
        self._reviews()
        by_loc = {f.loc: f for f in fields}
        if practice:
            self._practice(fields, by_loc)
        else:
            self._catalogue(fields)
        return "\n".join(self.lines) + "\n"

    def _reviews(self) -> None:
        reviews: list[Review] = list(self.overlay.model.reviewed_by) if self.overlay else []
        if not reviews:
            self.lines.append(
                "reviewed_by: []  # add {name, role, date} when a native-speaking "
                "practitioner has reviewed it"
            )
            return
        self.lines.append("reviewed_by:")
        for r in reviews:
            self.lines.append(
                f"  - {{name: {quoted(r.name)}, role: {quoted(r.role)}, "
                f"date: {r.date.isoformat()}}}"
            )

    def _entry(self, f: Field) -> str:
        kept: Entry | None = self.overlay.entry(f.loc) if self.overlay is not None else None
        if kept is not None and kept.text:
            source, text = kept.source, kept.text
        else:
            source, text = f.source, self.fill(f.english) if self.fill else ""
        return f'{{source: "{source}", text: {quoted(text)}}}'

    def _comment(self, indent: int, english: str) -> None:
        for part in textwrap.wrap(english, _WRAP) or [""]:
            self.lines.append(f"{' ' * indent}# en: {part}")

    def _keyed(self, indent: int, key: str, f: Field) -> None:
        self._comment(indent, f.english)
        self.lines.append(f"{' ' * indent}{key}: {self._entry(f)}")

    def _item(self, f: Field) -> None:
        self._comment(2, f.english)
        self.lines.append(f"  - {self._entry(f)}")

    def _practice(self, fields: list[Field], by_loc: dict[tuple[str | int, ...], Field]) -> None:
        for name in ("title", "statement", "summary"):
            self._keyed(0, name, by_loc[(name,)])
        self.lines.append("elements:")
        for f in fields:
            if f.loc[0] == "elements" and f.loc[2] == "text":
                eid = str(f.loc[1])
                self.lines.append(f"  {eid}:")
                self._keyed(4, "text", f)
                self._keyed(4, "question", by_loc[("elements", eid, "question")])
        for listname in ("indicators", "safeguards"):
            items = [f for f in fields if f.loc[0] == listname]
            if items or listname == "indicators":
                self.lines.append(f"{listname}:")
                for f in items:
                    self._item(f)
        deps = [f for f in fields if f.loc[0] == "depends_on"]
        if deps:
            self.lines.append("depends_on:")
            for f in deps:
                self._keyed(2, str(f.loc[1]), f)

    def _catalogue(self, fields: list[Field]) -> None:
        self.lines.append("sections:")
        for f in fields:
            if f.loc[0] == "sections":
                self._keyed(2, str(f.loc[1]), f)
        for group in GROUPS:
            self.lines.append(f"{group}:")
            for f in fields:
                if f.loc[0] == group:
                    if f.loc[2] == "name":
                        self.lines.append(f"  {f.loc[1]}:")
                    self._keyed(4, str(f.loc[2]), f)
