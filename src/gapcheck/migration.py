"""Carry a questionnaire from an earlier catalogue version to the one in use.

What changed between two versions is data in the knowledge base (practices/migrations/), not
code: each split, merged, reworded, added or removed element, with a note. An element id that
keeps its meaning keeps its id and its answer; a changed element's id is retired (never used
again) and its parts get new ids, left empty with a comment saying where they came from, so
that nothing is guessed on a State's behalf.

The map is checked against the catalogue: its new ids must exist, its retired ids must not,
and the element list it implies for the earlier version must give that version's fingerprint,
so a change that is not listed is caught.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck.errors import Message, Problem, Problems, shorten
from gapcheck.models.catalogue import Element
from gapcheck.models.migration import ElementChange, MigrationFile
from gapcheck.models.questionnaire import SCALE, Answer, PracticeAnswers, Questionnaire
from gapcheck.yamlio import Document, load_yaml, validate_document

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue

MIGRATIONS_DIR = "migrations"


@dataclass(frozen=True)
class Migration:
    """One step, from_version -> to_version, as read from its file."""

    path: Path
    file: MigrationFile

    @property
    def from_version(self) -> str:
        return self.file.from_version

    @property
    def to_version(self) -> str:
        return self.file.to_version

    @cached_property
    def retired(self) -> dict[str, ElementChange]:
        """Ids of the earlier version that are gone, with the change that retired them."""
        return {i: c for c in self.file.changes if not c.keeps_answers for i in c.old}

    @cached_property
    def introduced(self) -> dict[str, ElementChange]:
        """Ids new in the later version, with the change that made them."""
        return {i: c for c in self.file.changes if not c.keeps_answers for i in c.new}

    @cached_property
    def reworded(self) -> dict[str, ElementChange]:
        return {c.old[0]: c for c in self.file.changes if c.keeps_answers}

    def previous_ids(self, current: Iterable[str]) -> list[str]:
        """The element ids of the earlier version, in catalogue order."""
        ids = (set(current) - set(self.introduced)) | set(self.retired)
        return sorted(ids, key=element_order)


def fingerprint_of(element_ids: Iterable[str]) -> str:
    """What a catalogue's element ids add up to; it lives with the maps that are checked
    against it, below the catalogue that loads them."""
    return hashlib.sha256(",".join(element_ids).encode()).hexdigest()[:12]


def element_order(eid: str) -> tuple[int, int]:
    m = re.fullmatch(r"GP(\d+)\.(\d+)", eid)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def load_migrations(
    root: Path, version: str, current_ids: list[str]
) -> tuple[tuple[Migration, ...], list[Problem]]:
    """Read and check every map in root/migrations/ against the catalogue in use."""
    found: list[Migration] = []
    problems = Problems()
    seen: dict[str, Path] = {}
    for path in sorted((root / MIGRATIONS_DIR).glob("*.yaml")):
        doc = problems.attempt(load_yaml, path)
        parsed = None if doc is None else problems.attempt(validate_document, doc, MigrationFile)
        if doc is None or parsed is None:
            continue
        migration = Migration(path, parsed)
        if migration.from_version in seen:
            problems.add(
                doc.problem(
                    ("from_version",),
                    Message(
                        "%(other)s already leads from version %(version)s; keep one map per "
                        "version",
                        other=seen[migration.from_version].name,
                        version=migration.from_version,
                    ),
                )
            )
            continue
        seen[migration.from_version] = path
        problems.add(*check_migration(migration, doc, version, current_ids))
        found.append(migration)
    return tuple(found), problems.found


def check_migration(
    migration: Migration, doc: Document, version: str, current_ids: list[str]
) -> list[Problem]:
    """Problems of one map against the element ids of the catalogue in use."""
    m = migration.file
    out: list[Problem] = []
    if m.to_version != version:
        out.append(
            doc.problem(
                ("to_version",),
                Message(
                    "this map leads to version %(to)s, but the catalogue is "
                    "version %(version)s; set to_version to %(version)s or remove the map",
                    to=shorten(m.to_version),
                    version=version,
                ),
            )
        )
    if m.from_version == m.to_version:
        out.append(
            doc.problem(("from_version",), Message("a map must lead from one version to another"))
        )
    current = set(current_ids)
    listed: dict[tuple[str, str], int] = {}
    for i, change in enumerate(m.changes):
        for side in ("old", "new"):
            for j, eid in enumerate(getattr(change, side)):
                where = ("changes", i, side, j)
                if (side, eid) in listed:
                    out.append(
                        doc.problem(
                            where,
                            Message(
                                "%(id)s is already listed in change %(n)s; list each element once",
                                id=eid,
                                n=listed[side, eid] + 1,
                            ),
                        )
                    )
                    continue
                listed[side, eid] = i
                if side == "new" and eid not in current:
                    out.append(
                        doc.problem(
                            where,
                            Message(
                                "%(id)s is not an element of catalogue version %(version)s; "
                                "list only ids that are in the practice files",
                                id=eid,
                                version=version,
                            ),
                        )
                    )
                elif side == "old" and not change.keeps_answers and eid in current:
                    out.append(
                        doc.problem(
                            where,
                            Message(
                                "%(id)s is retired by this '%(kind)s' change but is still an "
                                "element of the catalogue; give the changed element a new id (a "
                                "retired id is never used again)",
                                id=eid,
                                kind=str(change.kind),
                            ),
                        )
                    )
    if out:
        return out
    implied = fingerprint_of(migration.previous_ids(current_ids))
    if implied != m.from_fingerprint:
        out.append(
            doc.problem(
                ("from_fingerprint",),
                Message(
                    "the elements this map implies for version %(version)s have fingerprint "
                    "%(implied)s, not %(given)s; an element that changed is not listed "
                    "(every split, merged, added or removed element needs a change)",
                    version=m.from_version,
                    implied=implied,
                    given=m.from_fingerprint,
                ),
            )
        )
    return out


def migration_from(catalogue: Catalogue, version: str) -> Migration | None:
    return next((m for m in catalogue.migrations if m.from_version == version), None)


def upgrade_command(path: str | Path, migration: Migration) -> str:
    """The exact command that carries `path` over, with a suggested name for the result."""
    p = Path(path)
    new = p.with_name(f"{p.stem}-{migration.to_version}{p.suffix}")
    return f"gapcheck questionnaire upgrade {p} -o {new}"


def outdated_message(path: str | Path, migration: Migration) -> str:
    return Message(
        "this questionnaire was made for catalogue version %(from_version)s; "
        "version %(to_version)s split, merged or reworded some of its questions, so "
        "it is not read as it is. Carry your answers over with: %(command)s",
        from_version=migration.from_version,
        to_version=migration.to_version,
        command=upgrade_command(path, migration),
    )


def outdated_problem(doc: Document, catalogue: Catalogue) -> Problem | None:
    """A questionnaire made for an earlier version that a map leads from: say what to run."""
    version = doc.data.get("catalogue_version")
    if not isinstance(version, (str, int, float)) or str(version) == catalogue.version:
        return None
    migration = migration_from(catalogue, str(version))
    if migration is None:
        return None
    return doc.problem(("catalogue_version",), outdated_message(doc.path, migration))


def previous_catalogue(catalogue: Catalogue, migration: Migration) -> Catalogue:
    """The catalogue as the earlier version's files saw it: enough to read them.

    Retired elements have no text left in the knowledge base; the change's note stands in.
    """
    current = {e.id: e for p in catalogue for e in p.elements}
    previous = migration.previous_ids(current)
    practices = []
    for p in catalogue:
        elements = [
            current[i] if i in current else _stand_in(i, migration.retired[i].note)
            for i in previous
            if i.startswith(f"{p.id}.")
        ]
        practices.append(p.model_copy(update={"elements": elements}))
    meta = catalogue.meta.model_copy(update={"version": migration.from_version})
    return dataclasses.replace(
        catalogue,
        meta=meta,
        practices=tuple(practices),
        by_id={p.id: p for p in practices},
        migrations=(),
    )


def _stand_in(eid: str, note: str) -> Element:
    return Element.model_construct(id=eid, text=note, question=note)


@dataclass(frozen=True)
class Upgrade:
    """A questionnaire carried over, and what the person has to look at again."""

    questionnaire: Questionnaire
    kept: tuple[str, ...]
    reworded: tuple[str, ...]  # kept, but the question now reads differently
    to_answer: tuple[tuple[str, str], ...] = field(default=())  # (new id, its comment)


def upgrade(q: Questionnaire, catalogue: Catalogue, migration: Migration) -> Upgrade:
    """Answers of unchanged and reworded elements kept; new ones empty, with a comment."""
    kept: list[str] = []
    to_answer: list[tuple[str, str]] = []
    practices: dict[str, PracticeAnswers] = {}
    for p in catalogue:
        before = q.practices.get(p.id)
        old = before.elements if before else {}
        elements: dict[str, Answer] = {}
        for e in p.elements:
            change = migration.introduced.get(e.id)
            if change is None:
                if e.id in old:
                    elements[e.id] = old[e.id]
                    if old[e.id].answered:
                        kept.append(e.id)
                continue
            comment = _comment(change, old, migration)
            elements[e.id] = Answer(comment=comment)
            to_answer.append((e.id, comment))
        if before is None and not any(e.id in migration.introduced for e in p.elements):
            continue
        practices[p.id] = (before or PracticeAnswers()).model_copy(update={"elements": elements})
    carried = q.model_copy(update={"catalogue_version": catalogue.version, "practices": practices})
    reworded = tuple(i for i in kept if i in migration.reworded)
    return Upgrade(carried, tuple(kept), reworded, tuple(to_answer))


def _comment(change: ElementChange, old: dict[str, Answer], m: Migration) -> str:
    if change.kind == "added":
        origin = f"New in catalogue {m.to_version}: {change.note}"
    else:
        verb = {"split": "split from", "merged": "merged from"}.get(change.kind, "replaces")
        answers = "; ".join(f"{i} {_answered(old.get(i))}" for i in change.old)
        origin = (
            f"New in catalogue {m.to_version}, {verb} {' and '.join(change.old)} "
            f"({change.note}). In version {m.from_version}: {answers}."
        )
    return f"{origin} Answer this question, then delete this comment."


def _answered(a: Answer | None) -> str:
    if a is None or not a.answered:
        text = "was not answered"
    elif a.na:
        text = f"was n/a ({a.reason})"
    else:
        assert a.level is not None
        text = f"was answered {a.level} ({SCALE[a.level]})"
    if a is not None and a.comment:
        text += f', with the comment "{a.comment}"'
    return text
