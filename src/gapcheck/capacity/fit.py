"""How well one offer fits one request: the formula the matcher maximises.

A pair is admissible only when the offer covers the request's practice (by naming it, or
through its section), has at least one kind of assistance in common with the request, and
its window has not closed before the matching date.

    fit    = 1 + kinds + named + language + region           (between 1.17 and 4)
      kinds    = share of the requested kinds the offer gives (1/3 when one of three)
      named    = 0.5 when the offer names the practice, 0 when it covers it by section
      language = 1 when request and offer share a language
      region   = 0.5 when the request's region is one of the offer's regions
    weight = 0.1 + priority                                   (so every request counts)
    score  = weight x fit

The matcher maximises the total score, on integer points (score x 1000, rounded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gapcheck.models.capacity import Offer, Request

BASE = 1.0
NAMED = 0.5
LANGUAGE = 1.0
REGION = 0.5
MIN_WEIGHT = 0.1
POINTS = 1000  # score points per unit: scores are compared to 1/1000


@dataclass(frozen=True)
class Fit:
    """Why an offer suits a request, part by part."""

    named: bool
    section: str
    kinds: tuple[str, ...]
    kind_share: float
    languages: tuple[str, ...]
    region: bool
    weight: float
    fit: float

    @property
    def score(self) -> float:
        return self.weight * self.fit

    @property
    def points(self) -> int:
        return points(self.weight, self.fit)


def weight(request: Request) -> float:
    return MIN_WEIGHT + request.priority


def points(weight_: float, fit_: float) -> int:
    return max(1, round(weight_ * fit_ * POINTS))


def fit_value(kind_share: float, named: bool, language: bool, region: bool) -> float:
    return (
        BASE
        + kind_share
        + (NAMED if named else 0.0)
        + (LANGUAGE if language else 0.0)
        + (REGION if region else 0.0)
    )


def normal_region(text: str) -> str:
    return " ".join(text.casefold().split())


def covers(offer: Offer, practice: str, section: str) -> bool:
    return practice in offer.practices or section in offer.sections


def is_open(offer: Offer, on: dt.date | None) -> bool:
    return on is None or offer.window.to is None or offer.window.to >= on


def assess_fit(
    request: Request, offer: Offer, section: str, on: dt.date | None = None
) -> Fit | None:
    """The fit of an admissible pair, or None when the offer cannot take the request."""
    if not covers(offer, request.practice, section) or not is_open(offer, on):
        return None
    kinds = tuple(k for k in dict.fromkeys(request.kinds) if k in offer.kinds)
    if not kinds:
        return None
    share = len(kinds) / len(set(request.kinds))
    named = request.practice in offer.practices
    languages = tuple(sorted(set(request.languages) & set(offer.languages)))
    region = bool(request.region) and normal_region(request.region) in {
        normal_region(r) for r in offer.regions
    }
    value = fit_value(share, named, bool(languages), region)
    return Fit(named, section, kinds, share, languages, region, weight(request), value)
