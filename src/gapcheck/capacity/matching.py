"""Match open requests to offers exactly, and explain every match and every miss.

Only requests still `requested` are matched; the others are listed as already under way.
The fit of a pair is defined in `gapcheck.capacity.fit`; the solvers in
`gapcheck.capacity.solvers`; the admissible pairs in `gapcheck.capacity.pairs` (numpy over
requests and offers at once; see docs/capacity.md for the times).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from gapcheck.capacity.fit import (
    assess_fit,
    is_open,
    normal_region,
)

# Defined without numpy, for the commands that only show an outcome (`request status`);
# re-exported here, where the rest of gapcheck has always found them.
from gapcheck.capacity.outcome import Match as Match  # noqa: PLC0414
from gapcheck.capacity.outcome import MatchOutcome as MatchOutcome  # noqa: PLC0414
from gapcheck.capacity.outcome import Reason as Reason  # noqa: PLC0414
from gapcheck.capacity.outcome import Unmatched as Unmatched  # noqa: PLC0414

# Re-exported by name: the bench swaps them for the previous solver in the same run.
from gapcheck.capacity.pairs import build_instance as build_instance  # noqa: PLC0414
from gapcheck.capacity.solvers import NAME, Instance, IntArray
from gapcheck.capacity.solvers import solve as solve  # noqa: PLC0414
from gapcheck.catalogue import Catalogue
from gapcheck.collector import paused
from gapcheck.models.capacity import Offer, Request, RequestStatus

BoolArray = npt.NDArray[np.bool_]


@dataclass
class _Offers:
    """The offers' attributes as arrays, each computed once per distinct request value."""

    offers: Sequence[Offer]
    on: dt.date | None
    _cache: dict[tuple[str, object], BoolArray | IntArray] = field(default_factory=dict)

    @cached_property
    def open(self) -> BoolArray:
        return np.array([is_open(o, self.on) for o in self.offers], dtype=bool)

    def named(self, pid: str) -> BoolArray:
        key = ("named", pid)
        if key not in self._cache:
            self._cache[key] = np.array([pid in o.practices for o in self.offers], dtype=bool)
        return self._cache[key]  # type: ignore[return-value]

    def covered(self, pid: str, section: str) -> BoolArray:
        key = ("covered", pid)
        if key not in self._cache:
            by_section = np.array([section in o.sections for o in self.offers], dtype=bool)
            self._cache[key] = self.named(pid) | by_section
        return self._cache[key]  # type: ignore[return-value]

    def kinds(self, kinds: frozenset[str]) -> IntArray:
        key = ("kinds", kinds)
        if key not in self._cache:
            self._cache[key] = np.array(
                [len(kinds.intersection(o.kinds)) for o in self.offers], dtype=np.int64
            )
        return self._cache[key]  # type: ignore[return-value]

    def language(self, languages: frozenset[str]) -> BoolArray:
        key = ("language", languages)
        if key not in self._cache:
            self._cache[key] = np.array(
                [not languages.isdisjoint(o.languages) for o in self.offers], dtype=bool
            )
        return self._cache[key]  # type: ignore[return-value]

    @cached_property
    def regions(self) -> list[frozenset[str]]:
        # once per offer, not once per offer and region asked about: requests may name
        # thousands of regions
        return [frozenset(normal_region(r) for r in o.regions) for o in self.offers]

    def region(self, region: str) -> BoolArray:
        key = ("region", region)
        if key not in self._cache:
            self._cache[key] = np.array(
                [bool(region) and region in names for names in self.regions], dtype=bool
            )
        return self._cache[key]  # type: ignore[return-value]


def match(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    catalogue: Catalogue,
    *,
    on: dt.date | None = None,
) -> MatchOutcome:
    """The assignment with the largest total score, each match and miss explained."""
    with paused():  # a Match and a Fit per request: see gapcheck.collector
        return _match(requests, offers, catalogue, on)


def _match(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    catalogue: Catalogue,
    on: dt.date | None,
) -> MatchOutcome:
    for kind, items in (("request", requests), ("offer", offers)):
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{kind} ids must be unique (the loaders check this for files)")
    sections = {p.id: p.section for p in catalogue}
    open_requests = sorted((r for r in requests if r.status is RequestStatus.REQUESTED), key=_id)
    not_open = tuple(
        sorted((r for r in requests if r.status is not RequestStatus.REQUESTED), key=_id)
    )
    ordered = sorted(offers, key=_id)
    inst = build_instance(open_requests, ordered, sections, on)
    chosen = solve(inst)
    points, ties = inst.total(chosen)

    assigned: dict[int, int] = dict(
        zip(inst.rows[chosen].tolist(), inst.cols[chosen].tolist(), strict=True)
    )
    holders = _Holders(inst, chosen, [r.id for r in open_requests], ordered)
    matches: list[Match] = []
    unmatched: list[Unmatched] = []
    table = _Offers(ordered, on)
    for i, r in enumerate(open_requests):
        if i in assigned:
            offer = ordered[assigned[i]]
            fit = assess_fit(r, offer, sections[r.practice], on)
            assert fit is not None, "the solver only picks admissible pairs"
            matches.append(Match(r, offer, fit))
        else:
            unmatched.append(_why(r, i, ordered, table, sections, holders))
    by_priority = lambda m: (-m.request.priority, m.request.id)  # noqa: E731
    return MatchOutcome(
        matches=tuple(sorted(matches, key=by_priority)),
        unmatched=tuple(sorted(unmatched, key=by_priority)),
        not_open=not_open,
        offers=tuple(ordered),
        points=points,
        ties=ties,
        solver=NAME,
        on=on,
        pairs=inst.n_edges,
    )


class _Holders:
    """Who holds each offer's places, and each request's admissible offers, as arrays made
    once: thousands of requests are left out at 20,000, each with hundreds of full offers
    and thousands of holders between them."""

    def __init__(
        self, inst: Instance, chosen: IntArray, ids: list[str], offers: Sequence[Offer]
    ) -> None:
        rows, cols = inst.rows[chosen], inst.cols[chosen]
        order = np.lexsort((rows, cols))
        self.rows = rows[order]
        self.starts = np.searchsorted(cols[order], np.arange(inst.n_offers + 1))
        self.edges = np.searchsorted(inst.rows, np.arange(inst.n_requests + 1))
        self.cols = inst.cols
        # ids in object arrays: picking thousands of them is one indexing, not a loop
        self.ids = np.array(ids, dtype=object)
        self.seen = np.zeros(len(ids), dtype=bool)
        self.offer_ids = np.array([o.id for o in offers], dtype=object)

    def offers(self, i: int) -> IntArray:
        cols: IntArray = self.cols[self.edges[i] : self.edges[i + 1]].astype(np.int64)
        return cols

    def named(self, cols: IntArray) -> tuple[str, ...]:
        return tuple(self.offer_ids[cols].tolist())

    def of(self, cols: IntArray) -> tuple[str, ...]:
        """The requests holding places in these offers, in id order (the requests' order)."""
        counts = self.starts[cols + 1] - self.starts[cols]
        ends = np.cumsum(counts)
        index = np.repeat(self.starts[cols] - (ends - counts), counts) + np.arange(int(ends[-1]))
        # marked in one array over the requests, read back in order and cleared: a pass over
        # 20,000 booleans costs less than np.unique's hashing and sorting of the thousands of
        # holders (with repeats) of a request's hundreds of offers
        held = self.rows[index]
        self.seen[held] = True
        found = np.flatnonzero(self.seen)
        self.seen[found] = False
        return tuple(self.ids[found].tolist())


def _why(
    r: Request,
    i: int,
    offers: Sequence[Offer],
    table: _Offers,
    sections: dict[str, str],
    holders: _Holders,
) -> Unmatched:
    cols = holders.offers(i)
    if len(cols):
        # admissible offers exist, so all of them must be full (or the optimum would use one)
        return Unmatched(r, Reason.FULL, holders.named(cols), (), holders.of(cols))
    mask = table.covered(r.practice, sections[r.practice])
    covering = [int(c) for c in np.flatnonzero(mask)]
    if not covering:
        return Unmatched(r, Reason.NO_OFFER)
    with_kind = [int(c) for c in np.flatnonzero(mask & (table.kinds(frozenset(r.kinds)) > 0))]
    if not with_kind:
        kinds = sorted({k for c in covering for k in offers[c].kinds})
        return Unmatched(r, Reason.NO_KIND, tuple(offers[c].id for c in covering), tuple(kinds))
    return Unmatched(r, Reason.CLOSED, tuple(offers[c].id for c in with_kind))


def _id(item: Request | Offer) -> str:
    return item.id
