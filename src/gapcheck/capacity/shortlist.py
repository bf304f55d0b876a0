"""What the requesting State chooses from: the best offers for each request, and coalitions.

Besides the one optimal assignment, `match --shortlist K` lists for each open request its K
best possible offers (highest score first, ties by offer id), each with its fit, whether or
not the assignment gave it that offer; and a coalition: providers whose offers together give
every kind of help the request asks for (the GFCE's "friends of" meetings bring several
providers around one request). The coalition is found greedily (the offer that adds most of
the kinds still missing, then the better fit, then the id): short, not always the shortest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gapcheck.capacity.fit import Fit, assess_fit
from gapcheck.capacity.pairs import build_instance
from gapcheck.catalogue import Catalogue
from gapcheck.models.capacity import Offer, Request, RequestStatus

MAX_SHORTLIST = 20


@dataclass(frozen=True)
class Option:
    offer: Offer
    fit: Fit


@dataclass(frozen=True)
class Shortlist:
    request: Request
    options: tuple[Option, ...]
    coalition: tuple[Option, ...]  # offers that together give the most of the kinds asked
    missing: tuple[str, ...]  # kinds no possible offer gives


def shortlists(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    catalogue: Catalogue,
    k: int,
    on: dt.date | None = None,
) -> list[Shortlist]:
    """For each open request (in id order), its k best offers and a coalition."""
    if not 1 <= k <= MAX_SHORTLIST:
        raise ValueError(f"a shortlist holds 1 to {MAX_SHORTLIST} offers, not {k}")
    sections = {p.id: p.section for p in catalogue}
    open_requests = sorted((r for r in requests if r.status is RequestStatus.REQUESTED), key=_id)
    ordered = sorted(offers, key=_id)
    inst = build_instance(open_requests, ordered, sections, on)
    out = []
    bounds = np.searchsorted(inst.rows, np.arange(len(open_requests) + 1))
    for i, r in enumerate(open_requests):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        cols = inst.cols[lo:hi]
        # best points first; among equal, the first offer in id order
        order = np.lexsort((cols, -inst.points[lo:hi]))
        possible = [_option(r, ordered[int(cols[j])], sections, on) for j in order]
        coalition, missing = _coalition(r, possible)
        out.append(Shortlist(r, tuple(possible[:k]), coalition, missing))
    return out


def _option(r: Request, offer: Offer, sections: dict[str, str], on: dt.date | None) -> Option:
    fit = assess_fit(r, offer, sections[r.practice], on)
    assert fit is not None, "only possible pairs are shortlisted"
    return Option(offer, fit)


def _coalition(r: Request, possible: list[Option]) -> tuple[tuple[Option, ...], tuple[str, ...]]:
    wanted = list(dict.fromkeys(r.kinds))
    left = set(wanted)
    chosen: list[Option] = []
    while left:
        # `possible` is best first: max() keeps the first of equal gains
        best = max(possible, key=lambda o: len(left & set(o.offer.kinds)), default=None)
        if best is None or not left & set(best.offer.kinds):
            break
        chosen.append(best)
        left -= set(best.offer.kinds)
    return tuple(chosen), tuple(k for k in wanted if k in left)


def _id(item: Request | Offer) -> str:
    return item.id
