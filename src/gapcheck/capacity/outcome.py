"""What matching found: the matches, the requests left unmatched and why.

Apart from `gapcheck.capacity.matching`, which imports numpy (about 0.1 s, python -X
importtime), so that a command that only shows or records an outcome does not load it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from gapcheck.capacity.fit import POINTS, Fit
from gapcheck.models.capacity import Offer, Request


class Reason(StrEnum):
    NO_OFFER = "no-offer"
    NO_KIND = "no-kind"
    CLOSED = "window-closed"
    FULL = "full"


@dataclass(frozen=True)
class Match:
    request: Request
    offer: Offer
    fit: Fit


@dataclass(frozen=True)
class Unmatched:
    """Why a request has no offer: the reason, the offers concerned, who holds their places."""

    request: Request
    reason: Reason
    offers: tuple[str, ...] = ()
    kinds_offered: tuple[str, ...] = ()
    taken_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchOutcome:
    matches: tuple[Match, ...]
    unmatched: tuple[Unmatched, ...]
    not_open: tuple[Request, ...]
    offers: tuple[Offer, ...]
    points: int
    ties: int
    solver: str
    on: dt.date | None
    pairs: int

    @property
    def score(self) -> float:
        return self.points / POINTS

    @cached_property
    def taken(self) -> dict[str, list[Match]]:
        out: dict[str, list[Match]] = {o.id: [] for o in self.offers}
        for m in self.matches:
            out[m.offer.id].append(m)
        return out
