"""Load the knowledge base (practices/) and check it as a whole."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck.errors import InputError, Listed, Message, Problem, Problems, shorten
from gapcheck.graph import build_graph
from gapcheck.migration import Migration, fingerprint_of, load_migrations
from gapcheck.models.catalogue import CatalogueFile, Element, Practice
from gapcheck.resources import shipped
from gapcheck.yamlio import Document, load_yaml, validate_document

if TYPE_CHECKING:
    from gapcheck.graph import Digraph

CATALOGUE_FILE = "catalogue.yaml"


def default_practices_dir() -> Path:
    """$GAPCHECK_PRACTICES, else the practices/ shipped with gapcheck."""
    env = os.environ.get("GAPCHECK_PRACTICES")
    if env:
        return Path(env)
    return shipped("practices")


@dataclass(frozen=True)
class Catalogue:
    """The validated knowledge base: shared lists plus the practices in order."""

    root: Path
    meta: CatalogueFile
    practices: tuple[Practice, ...]
    by_id: dict[str, Practice] = field(repr=False)
    migrations: tuple[Migration, ...] = field(default=(), repr=False)

    def __iter__(self) -> Iterator[Practice]:
        return iter(self.practices)

    def __len__(self) -> int:
        return len(self.practices)

    def practice(self, pid: str) -> Practice:
        """Look a practice up by id, forgiving case and a missing zero (gp3 -> GP03)."""
        m = re.fullmatch(r"(?i)\s*(?:gp)?\s*0*(\d{1,2})\s*", pid)
        key = f"GP{int(m.group(1)):02d}" if m else pid
        if key not in self.by_id:
            raise KeyError(pid)
        return self.by_id[key]

    @cached_property
    def graph(self) -> Digraph:
        """The dependency graph, made once per catalogue (closures included)."""
        return build_graph(self)

    @cached_property
    def elements(self) -> dict[str, tuple[Practice, Element]]:
        return {e.id: (p, e) for p in self.practices for e in p.elements}

    @cached_property
    def sections(self) -> dict[str, str]:
        return {s.id: s.title for s in self.meta.sections}

    @cached_property
    def actors(self) -> dict[str, str]:
        return {a.id: a.name for a in self.meta.actors}

    @cached_property
    def assistance(self) -> dict[str, str]:
        return {a.id: a.name for a in self.meta.assistance}

    @cached_property
    def instruments(self) -> dict[str, str]:
        return {a.id: a.name for a in self.meta.instruments}

    @cached_property
    def safeguards(self) -> dict[str, str]:
        return {a.id: a.name for a in self.meta.safeguards}

    def in_section(self, section: str) -> list[Practice]:
        return [p for p in self.practices if p.section == section]

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever the set of practices or elements changes."""
        return fingerprint_of(e for p in self.practices for e in p.element_ids)

    @property
    def version(self) -> str:
        return self.meta.version


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and cross-check practices/; raise InputError listing every problem found."""
    root = Path(path) if path is not None else default_practices_dir()
    if not root.is_dir():
        raise InputError.at(
            root, Message("not a folder; give the practices/ folder of the knowledge base")
        )
    problems = Problems()
    meta_doc = problems.attempt(load_yaml, root / CATALOGUE_FILE)
    meta = (
        None if meta_doc is None else problems.attempt(validate_document, meta_doc, CatalogueFile)
    )
    loaded: list[tuple[Practice, Document]] = []
    broken: set[str] = set()  # files with their own errors: not reported again as missing
    for file in sorted(root.glob("*.yaml")):
        if file.name == CATALOGUE_FILE:
            continue
        doc = problems.attempt(load_yaml, file)
        practice = None if doc is None else problems.attempt(validate_document, doc, Practice)
        if doc is None or practice is None:
            broken.add(file.stem)
        else:
            loaded.append((practice, doc))
    if meta is not None and meta_doc is not None:
        problems.add(*_cross_check(meta, meta_doc, loaded, broken))
    problems.raise_any()
    assert meta is not None
    practices = tuple(sorted((p for p, _ in loaded), key=lambda p: p.number))
    # The migration maps are checked against sound practices only: until those load, what
    # a map should say about them is unknown.
    ids = [e for p in practices for e in p.element_ids]
    migrations, wrong = load_migrations(root, meta.version, ids)
    problems.add(*wrong)
    problems.raise_any()
    return Catalogue(root, meta, practices, {p.id: p for p in practices}, migrations)


def _cross_check(
    meta: CatalogueFile,
    meta_doc: Document,
    loaded: list[tuple[Practice, Document]],
    broken: set[str],
) -> list[Problem]:
    problems: list[Problem] = []
    known = {
        "section": {s.id for s in meta.sections},
        "actors": {a.id for a in meta.actors},
        "assistance": {a.id for a in meta.assistance},
        "related": {a.id for a in meta.instruments},
        "safeguards": {a.id for a in meta.safeguards},
    }
    for listname in ("sections", "actors", "assistance", "instruments", "safeguards"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(meta, listname)):
            if item.id in seen:
                problems.append(
                    meta_doc.problem(
                        (listname, i, "id"), Message("duplicate id '%(id)s'", id=item.id)
                    )
                )
            seen.add(item.id)
    if not loaded and not broken:
        problems.append(
            Problem(str(Path(meta_doc.path).parent), None, None, Message("no practice files"))
        )
        return problems

    by_id: dict[str, tuple[Practice, Document]] = {}
    for p, doc in loaded:
        stem = Path(doc.path).stem
        if p.id != stem:
            problems.append(
                doc.problem(
                    ("id",),
                    Message("id %(id)s does not match the file name %(stem)s", id=p.id, stem=stem),
                )
            )
        if p.id != f"GP{p.number:02d}":
            problems.append(
                doc.problem(
                    ("number",),
                    Message("number %(number)s does not match id %(id)s", number=p.number, id=p.id),
                )
            )
        if p.id in by_id:
            other = by_id[p.id][1].path
            problems.append(
                doc.problem(
                    ("id",),
                    Message("duplicate id %(id)s (also in %(other)s)", id=p.id, other=other),
                )
            )
            continue
        by_id[p.id] = (p, doc)
        problems.extend(_check_practice(p, doc, known))

    numbers = sorted({p.number for p, _ in by_id.values()} | _numbers(broken))
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        missing = sorted(set(expected) - set(numbers))
        problems.append(
            Problem(
                str(Path(meta_doc.path).parent),
                None,
                None,
                Message(
                    "practice numbers must run 1..%(count)s without gaps; missing %(missing)s",
                    count=len(numbers),
                    missing=", ".join(f"GP{n:02d}" for n in missing),
                ),
            )
        )

    for p, doc in by_id.values():
        for i, dep in enumerate(p.depends_on):
            if dep.id not in by_id and dep.id not in broken:
                problems.append(
                    doc.problem(
                        ("depends_on", i, "id"),
                        Message("depends on %(id)s, which does not exist", id=dep.id),
                    )
                )
            elif dep.id == p.id:
                problems.append(
                    doc.problem(
                        ("depends_on", i, "id"), Message("a practice cannot depend on itself")
                    )
                )

    edges = {p.id: [d.id for d in p.depends_on if d.id in by_id] for p, _ in by_id.values()}
    cycle = find_cycle(edges)
    if cycle:
        p, doc = by_id[cycle[0]]
        idx = next(i for i, d in enumerate(p.depends_on) if d.id == cycle[1])
        # each link said in the reader's language: GP01 depends on GP02 depends on GP01
        links = Listed(
            [
                cycle[0],
                *(Message("depends on %(id)s", id=pid) for pid in [*cycle[1:], cycle[0]]),
            ],
            separator=" ",
        )
        problems.append(
            doc.problem(
                ("depends_on", idx, "id"),
                Message("dependency cycle: %(path)s; remove one of these edges", path=links),
            )
        )

    if broken:
        return problems  # links to broken files are unknown until those are fixed
    linked = {d for deps in edges.values() for d in deps} | {k for k, v in edges.items() if v}
    for pid, (_, doc) in by_id.items():
        if pid not in linked:
            problems.append(
                doc.problem(
                    ("depends_on",),
                    Message(
                        "%(id)s is not linked to any other practice; add depends_on with a reason",
                        id=pid,
                    ),
                )
            )
    return problems


def _numbers(stems: set[str]) -> set[int]:
    return {int(m.group(1)) for s in stems if (m := re.fullmatch(r"GP(\d{2})", s))}


def _check_practice(p: Practice, doc: Document, known: dict[str, set[str]]) -> list[Problem]:
    out: list[Problem] = []
    if p.section not in known["section"]:
        out.append(
            doc.problem(("section",), _unknown(Message("section"), p.section, known["section"]))
        )
    # Ids are not renumbered when elements change: a split element's id is retired and its
    # parts get new numbers (see migrations/), so an id only has to belong here, once.
    seen_ids: set[str] = set()
    for i, el in enumerate(p.elements):
        if not el.id.startswith(f"{p.id}."):
            out.append(
                doc.problem(
                    ("elements", i, "id"),
                    Message(
                        "element %(n)s has id %(id)s; ids of %(practice)s's elements start with "
                        "%(practice)s. (e.g. %(practice)s.%(n)s)",
                        n=i + 1,
                        id=el.id,
                        practice=p.id,
                    ),
                )
            )
        elif el.id in seen_ids:
            out.append(
                doc.problem(
                    ("elements", i, "id"),
                    Message("element id %(id)s is used twice; give it a new number", id=el.id),
                )
            )
        seen_ids.add(el.id)
    for listname in ("actors", "assistance", "related"):
        for i, value in enumerate(getattr(p, listname)):
            if value not in known[listname]:
                what = {
                    "actors": Message("actor"),
                    "assistance": Message("kind of assistance"),
                }.get(listname, Message("instrument"))
                out.append(doc.problem((listname, i), _unknown(what, value, known[listname])))
    for i, sg in enumerate(p.safeguards):
        if sg.kind not in known["safeguards"]:
            out.append(
                doc.problem(
                    ("safeguards", i, "kind"),
                    _unknown(Message("safeguard"), sg.kind, known["safeguards"]),
                )
            )
    seen: set[str] = set()
    for i, dep in enumerate(p.depends_on):
        if dep.id in seen:
            out.append(
                doc.problem(("depends_on", i, "id"), Message("%(id)s is listed twice", id=dep.id))
            )
        seen.add(dep.id)
    return out


def _unknown(what: str, value: str, allowed: set[str]) -> str:
    return Message(
        "unknown %(what)s '%(value)s'; use one of: %(allowed)s (see catalogue.yaml)",
        what=what,
        value=shorten(value),
        allowed=", ".join(sorted(allowed)),
    )


def find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle in `node -> prerequisites` as a list of nodes, or None (iterative DFS)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges.get(start, []))))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    names = [n for n, _ in stack]
                    return names[names.index(child) :]
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(sorted(edges.get(child, [])))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return None
