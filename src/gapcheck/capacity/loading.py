"""Read offers and requests files, and check every id they use against the catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, overload

from gapcheck.capacity.ahead import documents
from gapcheck.catalogue import Catalogue
from gapcheck.collector import paused
from gapcheck.errors import InputError, Message, Problem, Problems, at_most, shorten, unknown
from gapcheck.filekind import content_kind
from gapcheck.models.capacity import (
    Offer,
    OffersFile,
    Request,
    RequestsFile,
    as_list,
    normalise_practice,
    normalise_section,
    normalise_slug,
)
from gapcheck.yamlio import Document, load_yaml, validate_document

Kind = Literal["offers", "requests"]

# The largest instance measured in bench/ (bench/RESULTS.md: under a minute of CPU and under
# 1 GB to match); beyond it time and memory are unknown, so more is refused rather than left
# to exhaust the machine.
# Real programmes have tens of requests. See docs/limits.md.
MAX_REQUESTS = 20_000
MAX_OFFERS = 5_000


@overload
def parse_capacity_file(
    doc: Document, kind: Literal["offers"], catalogue: Catalogue
) -> OffersFile: ...
@overload
def parse_capacity_file(
    doc: Document, kind: Literal["requests"], catalogue: Catalogue
) -> RequestsFile: ...
@overload
def parse_capacity_file(
    doc: Document, kind: str, catalogue: Catalogue
) -> OffersFile | RequestsFile: ...
def parse_capacity_file(
    doc: Document, kind: str, catalogue: Catalogue
) -> OffersFile | RequestsFile:
    """Validate one offers or requests document; raise InputError with every problem.

    Unknown ids are looked for in the raw data, so they are reported together with wrong
    values elsewhere in the file, not only once those are fixed.
    """
    if kind not in ("offers", "requests"):
        raise ValueError(f"not a capacity file kind: {kind}")
    ids = at_most(_offer_ids(doc, catalogue) if kind == "offers" else _request_ids(doc, catalogue))
    model = OffersFile if kind == "offers" else RequestsFile
    try:
        parsed: OffersFile | RequestsFile = validate_document(doc, model)
    except InputError as e:
        raise InputError(at_most([*e.problems, *ids])) from None
    if isinstance(parsed, OffersFile):
        rest = _offer_problems(parsed, doc)
    else:
        rest = _duplicates(
            ((r.id, doc, ("requests", i, "id")) for i, r in enumerate(parsed.requests)), "request"
        ) + _named_but_confidential(parsed, doc)
    problems = at_most([*ids, *rest])
    if problems:
        raise InputError(problems)
    return parsed


def load_offers(paths: Sequence[str | Path], catalogue: Catalogue) -> list[Offer]:
    """Every offer of every file, each carrying its provider; ids unique across files."""

    def offers(parsed: OffersFile) -> list[Offer]:
        return [
            o if o.provider is not None else o.model_copy(update={"provider": parsed.provider})
            for o in parsed.offers
        ]

    return _load_all(paths, "offers", catalogue, offers, MAX_OFFERS)


def load_requests(paths: Sequence[str | Path], catalogue: Catalogue) -> list[Request]:
    """Every request of every file; ids unique across files."""
    return _load_all(paths, "requests", catalogue, lambda parsed: parsed.requests, MAX_REQUESTS)


def _load_all(
    paths: Sequence[str | Path],
    kind: Kind,
    catalogue: Catalogue,
    items: Callable[[Any], Sequence[Any]],
    limit: int,
) -> list[Any]:
    """Read every file of one kind; every problem of every file, then ids unique across them."""
    problems = Problems()
    found: list[tuple[Any, Located, int]] = []
    for path, ahead in zip(paths, documents(paths, kind), strict=True):
        with paused():  # thousands of requests: see gapcheck.collector
            parsed = _read_fast(path, kind, catalogue, ahead)
            if parsed is None:
                # something is wrong: read it again with positions, to say where
                doc = problems.attempt(_load, path, kind)
                if doc is None:
                    continue
                parsed = problems.attempt(parse_capacity_file, doc, kind, catalogue)
                del doc
        if parsed is not None:
            # the positions of a good file are not kept: at 20,000 requests they would take
            # hundreds of MB; a problem across files finds them again
            later = _Positions(str(path), kind)
            found.extend((item, later, i) for i, item in enumerate(items(parsed)))
    what = kind.removesuffix("s")
    problems.add(*_duplicates(((x.id, d, (kind, i, "id")) for x, d, i in found), what))
    problems.add(*_too_many(found, limit, kind))
    problems.raise_any()
    return [x for x, _, _ in found]


def _read_fast(
    path: str | Path, kind: Kind, catalogue: Catalogue, doc: Document | None = None
) -> Any:
    """The file parsed (unless `doc` is it, parsed ahead: gapcheck.capacity.ahead) and
    checked without positions (yamlio's fast path); None when it has a problem, which only a
    reading with positions can place."""
    try:
        return parse_capacity_file(doc or _load(path, kind, positions=False), kind, catalogue)
    except InputError:
        return None


class _Positions:
    """Where things are in a file read before, found again (by reading it again) only when a
    problem is reported there."""

    def __init__(self, path: str, kind: Kind) -> None:
        self.path = path
        self.kind = kind
        self._doc: Document | None = None

    def _document(self) -> Document:
        if self._doc is None:
            self._doc = _load(self.path, self.kind)
        return self._doc

    def position(self, loc: Sequence[str | int], at_key: bool = False) -> tuple[int, int] | None:
        return self._document().position(loc, at_key)

    def problem(self, loc: Sequence[str | int], message: str, at_key: bool = False) -> Problem:
        return self._document().problem(loc, message, at_key)


Located = Document | _Positions


def _too_many(found: Sequence[tuple[object, Located, int]], limit: int, what: str) -> list[Problem]:
    """One problem, at the first item over the limit (counted across every file given)."""
    if len(found) <= limit:
        return []
    _, doc, i = found[limit]
    said = _TOO_MANY_OFFERS if what == "offers" else _TOO_MANY_REQUESTS
    return [doc.problem((what, i), Message(said, limit=format(limit, ",")))]


# One sentence per kind of file, so that each language can say "offers" and "requests" its way
_TOO_MANY_OFFERS = Message(
    "more than %(limit)s offers in all; gapcheck reads at most %(limit)s at once: "
    "split them into smaller runs"
)
_TOO_MANY_REQUESTS = Message(
    "more than %(limit)s requests in all; gapcheck reads at most %(limit)s at once: "
    "split them into smaller runs"
)


def load_requests_file(path: str | Path, catalogue: Catalogue) -> tuple[RequestsFile, Document]:
    """One requests file with its document (for commands that write it back)."""
    doc = _load(path, "requests")
    return parse_capacity_file(doc, "requests", catalogue), doc


def sort_by_kind(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Split files into (offers, requests) by what they hold."""
    offers: list[str] = []
    requests: list[str] = []
    problems = Problems()
    for path in paths:
        doc = problems.attempt(load_yaml, path)
        if doc is None:
            continue
        kind = content_kind(doc.data)
        if kind == "offers":
            offers.append(str(path))
        elif kind == "requests":
            requests.append(str(path))
        else:
            problems.add(
                doc.problem(
                    (),
                    Message("neither an offers file (offers:) nor a requests file (requests:)"),
                )
            )
    problems.raise_any()
    return offers, requests


def _load(path: str | Path, kind: Kind, positions: bool = True) -> Document:
    doc = load_yaml(path, positions)
    if kind in doc.data:
        return doc
    hint: str = ""
    if "offers" in doc.data or "requests" in doc.data:
        if kind == "requests":
            hint = Message("; this looks like an offers file")
        else:
            hint = Message("; this looks like an requests file")
    elif "practices" in doc.data and "state" in doc.data:
        hint = Message(
            "; this is a questionnaire: make requests from it with `gapcheck request new`"
        )
    if kind == "offers":
        message = Message("not an offers file: there is no 'offers:' list%(hint)s", hint=hint)
    else:
        message = Message("not a requests file: there is no 'requests:' list%(hint)s", hint=hint)
    raise InputError([doc.problem((), message)])


def _items(doc: Document, key: str) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    items = doc.data.get(key)
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict):
            yield (key, i), item


def _listed(item: dict[str, Any], key: str) -> list[tuple[int, str]]:
    values = as_list(item.get(key))
    return [(j, v) for j, v in enumerate(values if isinstance(values, list) else ())]


def _practice_problem(
    doc: Document, loc: tuple[str | int, ...], value: object, cat: Catalogue
) -> Problem | None:
    pid = normalise_practice(value)
    if isinstance(pid, str) and pid not in cat.by_id:
        ids = list(cat.by_id)
        return doc.problem(
            loc,
            Message(
                "unknown practice '%(value)s'; the practices run from %(first)s to %(last)s",
                value=shorten(value),
                first=ids[0],
                last=ids[-1],
            ),
        )
    return None


def _kind_problems(
    doc: Document, at: tuple[str | int, ...], item: dict[str, Any], cat: Catalogue
) -> Iterator[Problem]:
    kinds = list(cat.assistance)
    for j, raw in _listed(item, "kinds"):
        kind = normalise_slug(raw)
        if isinstance(kind, str) and kind not in cat.assistance:
            yield doc.problem(
                (*at, "kinds", j), unknown(Message("kind of assistance"), kind, kinds)
            )


def _offer_ids(doc: Document, cat: Catalogue) -> Iterator[Problem]:
    sections = list(cat.sections)
    for at, offer in _items(doc, "offers"):
        for j, raw in _listed(offer, "practices"):
            problem = _practice_problem(doc, (*at, "practices", j), raw, cat)
            if problem is not None:
                yield problem
        for j, raw in _listed(offer, "sections"):
            sid = normalise_section(raw)
            if isinstance(sid, str) and sid not in cat.sections:
                yield doc.problem(
                    (*at, "sections", j),
                    Message(
                        "unknown section '%(value)s'; use one of %(sections)s",
                        value=shorten(raw),
                        sections=", ".join(sections),
                    ),
                )
        yield from _kind_problems(doc, at, offer, cat)


def _request_ids(doc: Document, cat: Catalogue) -> Iterator[Problem]:
    for at, request in _items(doc, "requests"):
        problem = _practice_problem(doc, (*at, "practice"), request.get("practice"), cat)
        if problem is not None:
            yield problem
        practice = cat.by_id.get(str(normalise_practice(request.get("practice"))))
        elements = request.get("elements")
        for j, element in enumerate(elements if isinstance(elements, list) else ()):
            eid = element.get("id") if isinstance(element, dict) else None
            if practice is not None and isinstance(eid, str) and eid not in practice.element_ids:
                yield doc.problem(
                    (*at, "elements", j, "id"),
                    Message(
                        "%(practice)s has no element '%(value)s'; its elements are "
                        "%(first)s to %(last)s",
                        practice=practice.id,
                        value=shorten(eid),
                        first=practice.element_ids[0],
                        last=practice.element_ids[-1],
                    ),
                )
        yield from _kind_problems(doc, at, request, cat)


def _offer_problems(offers: OffersFile, doc: Document) -> list[Problem]:
    out = [
        doc.problem(
            ("offers", i),
            Message(
                "offers[%(i)s]: no provider; add 'provider: {name: ..., contact: ...}' at "
                "the top of the file (or in this offer)",
                i=i,
            ),
        )
        for i, offer in enumerate(offers.offers)
        if offer.provider is None and offers.provider is None
    ]
    return out + _duplicates(
        ((o.id, doc, ("offers", i, "id")) for i, o in enumerate(offers.offers)), "offer"
    )


OPAQUE = re.compile(r"c-[a-z2-7]{12}")


def _named_but_confidential(requests: RequestsFile, doc: Document) -> list[Problem]:
    """A confidential request must be known by its opaque reference only: an id naming the
    State (`confidential: true` typed into a shared request) would reach the donors."""
    return [
        doc.problem(
            ("requests", i, "id"),
            Message(
                "'%(id)s' is not shared by name (share: %(share)s) but its id is not an "
                "opaque reference (c- and 12 letters or digits) and may name the State; make "
                "the requests again with `gapcheck request new --share %(share)s`",
                id=shorten(r.id),
                share=str(r.share),
            ),
        )
        for i, r in enumerate(requests.requests)
        if r.confidential and not OPAQUE.fullmatch(r.id)
    ]


def _duplicates(
    items: Iterable[tuple[str, Located, tuple[str | int, ...]]], what: str
) -> list[Problem]:
    first: dict[str, tuple[Located, tuple[str | int, ...]]] = {}
    out: list[Problem] = []
    for key, doc, loc in items:
        if key not in first:
            first[key] = (doc, loc)
            continue
        other_doc, other_loc = first[key]
        line = (other_doc.position(other_loc) or (None, None))[0]
        where = other_doc.path if other_doc is not doc else Message("this file")
        said = _TWICE_OFFER if what == "offer" else _TWICE_REQUEST
        out.append(doc.problem(loc, Message(said, id=shorten(key), where=where, line=str(line))))
    return out


# One sentence per kind of item, so that each language can say "offer" and "request" its way
_TWICE_OFFER = Message(
    "offer id '%(id)s' is used twice (first in %(where)s, line %(line)s); "
    "give each offer its own id"
)
_TWICE_REQUEST = Message(
    "request id '%(id)s' is used twice (first in %(where)s, line %(line)s); "
    "give each request its own id"
)
