"""Load the translation overlays of a knowledge base (practices/i18n/<lang>/*.yaml) and check
that every id they name exists in the English files; every problem at its position."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gapcheck.errors import InputError, Message, Problem, Problems, shorten, unknown
from gapcheck.i18n.fields import CATALOGUE_KEY, GROUPS, Loc
from gapcheck.i18n.folders import language_folders
from gapcheck.models.translation import (
    LANGUAGES,
    CatalogueTranslation,
    Entry,
    PracticeTranslation,
)
from gapcheck.yamlio import Document, load_yaml, validate_document

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.models.catalogue import Practice

I18N_DIR = "i18n"
_PRACTICE_FILE = re.compile(r"GP\d{2}")


@dataclass(frozen=True)
class Overlay:
    """One loaded translation file."""

    language: str
    key: str  # the practice id, or "catalogue"
    path: Path
    doc: Document = field(repr=False)
    model: PracticeTranslation | CatalogueTranslation = field(repr=False)

    def entry(self, loc: Loc) -> Entry | None:
        """The entry at `loc`, or None when the file has none there."""
        node: Any = self.model
        for part in loc:
            if isinstance(node, BaseModel) and isinstance(part, str):
                node = getattr(node, part, None)
            elif isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int):
                node = node[part] if part < len(node) else None
            else:
                return None
            if node is None:
                return None
        return node if isinstance(node, Entry) else None

    def position(self, loc: Loc) -> tuple[int, int] | None:
        return self.doc.position(loc)

    @property
    def reviewed(self) -> bool:
        return bool(self.model.reviewed_by)


@dataclass(frozen=True)
class Translations:
    """Every overlay of one knowledge base: {language: {file key: overlay}}."""

    root: Path
    by_language: dict[str, dict[str, Overlay]]

    def overlays(self, language: str) -> dict[str, Overlay]:
        return self.by_language.get(language, {})

    def path_of(self, language: str, key: str) -> Path:
        """Where the file for `key` is, or would be."""
        found = self.overlays(language).get(key)
        return found.path if found is not None else self.root / language / f"{key}.yaml"


def i18n_dir(catalogue: Catalogue) -> Path:
    return Path(catalogue.root) / I18N_DIR


def load_translations(catalogue: Catalogue, root: Path | None = None) -> Translations:
    """Every overlay under `root` (default: the knowledge base's i18n/ folder), checked
    against `catalogue`; InputError listing every problem of every file."""
    root = i18n_dir(catalogue) if root is None else root
    problems = Problems()
    found: dict[str, dict[str, Overlay]] = {}
    for folder in language_folders(root, problems, _stray):
        overlays = {}
        for path in sorted(folder.glob("*.yaml")):
            overlay = problems.attempt(load_overlay, path, catalogue, folder.name)
            if overlay is not None:
                overlays[overlay.key] = overlay
        found[folder.name] = overlays
    problems.raise_any()
    return Translations(root, found)


def _stray(folder: Path) -> Problem | None:
    """A file or folder of i18n/ that is not a language folder: a translation file out of
    place, or a folder not named after a language. Other files are left be."""
    if not folder.is_dir():
        return _misplaced(folder) if folder.suffix in (".yaml", ".yml") else None
    return Problem(
        str(folder),
        None,
        None,
        Message(
            "'%(folder)s' is not a language gapcheck translates into; "
            "name the folder %(languages)s (English is the source, "
            "never a translation)",
            folder=shorten(folder.name),
            languages=", ".join(LANGUAGES),
        ),
    )


def _misplaced(path: Path) -> Problem:
    return Problem(
        str(path),
        None,
        None,
        Message(
            "translation files go in a folder named after their language "
            "(%(languages)s), e.g. i18n/fr/%(name)s",
            languages=", ".join(LANGUAGES),
            name=path.name,
        ),
    )


def load_overlay(path: Path, catalogue: Catalogue, language: str | None = None) -> Overlay:
    """One overlay file, checked on its own and against `catalogue`.

    `language`: the folder it is in, which its `language:` must name.
    """
    key = path.stem
    if key != CATALOGUE_KEY and not _PRACTICE_FILE.fullmatch(key):
        raise InputError.at(
            path,
            Message(
                "not a translation file name; name it after its practice (GP01.yaml to "
                "GP%(last)s.yaml) or catalogue.yaml",
                last=format(len(catalogue), "02d"),
            ),
        )
    doc = load_yaml(path)
    model: PracticeTranslation | CatalogueTranslation = validate_document(
        doc, CatalogueTranslation if key == CATALOGUE_KEY else PracticeTranslation
    )
    problems: list[Problem] = []
    if language is not None and model.language != language:
        problems.append(
            doc.problem(
                ("language",),
                Message(
                    "language '%(given)s' in a file of the '%(folder)s' folder; "
                    "write language: %(folder)s, or move the file to the %(given)s folder",
                    given=model.language,
                    folder=language,
                ),
            )
        )
    if isinstance(model, PracticeTranslation):
        problems.extend(_check_practice(model, doc, catalogue, key))
    else:
        problems.extend(_check_catalogue(model, doc, catalogue))
    if problems:
        raise InputError(problems)
    return Overlay(model.language, key, path, doc, model)


def _check_practice(
    model: PracticeTranslation, doc: Document, catalogue: Catalogue, stem: str
) -> Iterator[Problem]:
    if model.practice != stem:
        yield doc.problem(
            ("practice",),
            Message(
                "practice %(practice)s in the file %(stem)s.yaml; a translation file is named "
                "after its practice: correct one of the two",
                practice=model.practice,
                stem=stem,
            ),
        )
        return
    if model.practice not in catalogue.by_id:
        yield doc.problem(
            ("practice",),
            Message(
                "there is no practice %(practice)s in the knowledge base "
                "(GP01 to GP%(last)s); delete this file or correct its name",
                practice=model.practice,
                last=format(len(catalogue), "02d"),
            ),
        )
        return
    p: Practice = catalogue.by_id[model.practice]
    ids = p.element_ids
    for eid in model.elements:
        if eid not in ids:
            yield doc.problem(
                ("elements", eid),
                Message(
                    "%(field)s: %(problem)s",
                    field="elements",
                    problem=unknown(Message("element of %(practice)s", practice=p.id), eid, ids),
                ),
                at_key=True,
            )
    yield from _list_length(doc, "indicators", len(model.indicators), len(p.indicators), p.id)
    yield from _list_length(doc, "safeguards", len(model.safeguards), len(p.safeguards), p.id)
    deps = [d.id for d in p.depends_on]
    for did in model.depends_on:
        if did not in deps:
            allowed = ", ".join(deps) or Message("none")
            yield doc.problem(
                ("depends_on", did),
                Message(
                    "%(practice)s does not depend on '%(id)s' in the English file (it depends "
                    "on: %(allowed)s); delete this entry or correct the id",
                    practice=p.id,
                    id=shorten(did),
                    allowed=allowed,
                ),
                at_key=True,
            )


def _list_length(doc: Document, name: str, given: int, english: int, pid: str) -> Iterator[Problem]:
    if given > english:
        yield doc.problem(
            (name, english),
            Message(
                _TOO_MANY_INDICATORS if name == "indicators" else _TOO_MANY_SAFEGUARDS,
                given=given,
                pid=pid,
                english=english,
            ),
        )


# One sentence per list, so that each language can say "indicators" and "safeguards" its way
_TOO_MANY_INDICATORS = Message(
    "%(given)s indicators but the English %(pid)s has %(english)s; translate them in the "
    "English order, one entry each, and delete the extra ones"
)
_TOO_MANY_SAFEGUARDS = Message(
    "%(given)s safeguards but the English %(pid)s has %(english)s; translate them in the "
    "English order, one entry each, and delete the extra ones"
)


def _check_catalogue(
    model: CatalogueTranslation, doc: Document, catalogue: Catalogue
) -> Iterator[Problem]:
    sections = list(catalogue.sections)
    for sid in model.sections:
        if sid not in sections:
            yield doc.problem(
                ("sections", sid),
                Message(
                    "%(field)s: %(problem)s",
                    field="sections",
                    problem=unknown(Message("section"), sid, sections),
                ),
                at_key=True,
            )
    for group in GROUPS:
        english = {item.id: item for item in getattr(catalogue.meta, group)}
        for item_id, translated in getattr(model, group).items():
            if item_id not in english:
                yield doc.problem(
                    (group, item_id),
                    Message(
                        "%(field)s: %(problem)s",
                        field=group,
                        problem=unknown(Message("id"), item_id, list(english)),
                    ),
                    at_key=True,
                )
            elif translated.description is not None and not english[item_id].description:
                yield doc.problem(
                    (group, item_id, "description"),
                    Message(
                        "%(id)s has no English description to translate; delete this entry",
                        id=item_id,
                    ),
                    at_key=True,
                )
