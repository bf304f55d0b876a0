"""The one place that decides what each audience may see of a request.

Each request carries the State's consent (`share`: unit, providers, members or public), after
the Memorandum: requests are shared with the other members "unless, of course, a State has
requested confidentiality regarding its request". Three views:

- members: the list the Administrative Unit shares with the other GCTF members: only
  requests shared by name (`members`, `public`); the others are not in it at all.
- donors: what providers see when requests are matched to their offers. A `unit` request is
  not there at all, not even as a reference (and is not matched outside the Unit's view). A
  `providers` request appears only under its opaque reference, with what a donor needs to help
  (practice, target, kinds of help, priority) and nothing that narrows down the State: no
  State, institution, contact, region, languages, level, gap, elements below target, time
  frame, note, assessment date or history note; in a match, no fit, weight or score and no
  language or region in common (the fit would give the region and language away).
- admin: the Administrative Unit's own view, with everything, including who is behind each
  request not shared by name. Only an explicit flag (`--admin`) gives it.

`public` differs from `members` only in the overview across States, whose public audience
counts a request (never by name) when it is `public` or its State opted in to aggregates.

Every renderer asks `show` (or `reference`) and prints only what comes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from gapcheck.models.base import N_
from gapcheck.models.capacity import GapElement, Request, RequestStatus, Share

# Marked for translation here (N_) and translated where shown (render/capacity_words.py);
# data (CSV, JSON, the files) keeps the English words.
WITHHELD = N_("(confidential)")

# What each consent means, in the words of the State's letter ("this request may be seen by")
SHARE_WORDS = {
    # Translators: ends "Who may see this request: ..." in the State's letter
    Share.UNIT: N_("the GCTF Administrative Unit only; it is not shown to providers or members"),
    Share.PROVIDERS: N_(
        "the Administrative Unit and possible providers, under its reference "
        "only, without the name of our State; it is not shared with the other members"
    ),
    Share.MEMBERS: N_(
        "the Administrative Unit, possible providers and the other GCTF members, "
        "with the name of our State"
    ),
    Share.PUBLIC: N_(
        "the Administrative Unit, possible providers and the other GCTF members, "
        "with the name of our State; it may also be counted, without our name, in the public "
        "overview across States"
    ),
}
SHARE_SHORT = {
    # Translators: follows a number of requests ("2 for the Administrative Unit only")
    Share.UNIT: N_("for the Administrative Unit only"),
    Share.PROVIDERS: N_("for providers under a reference"),
    Share.MEMBERS: N_("shared with members by name"),
    Share.PUBLIC: N_("shared with members by name and counted in the public overview"),
}


class View(StrEnum):
    MEMBERS = "members"
    DONORS = "donors"
    ADMIN = "admin"


@dataclass(frozen=True)
class ShownEvent:
    status: RequestStatus
    date: dt.date
    note: str
    offer: str


@dataclass(frozen=True)
class Shown:
    """A request as one audience may see it. Withheld text is None."""

    id: str
    confidential: bool
    share: Share
    practice: str
    level: float | None
    target: float
    gap: float | None
    elements: tuple[GapElement, ...]
    kinds: tuple[str, ...]
    priority: float
    languages: tuple[str, ...]
    status: RequestStatus
    offer: str
    history: tuple[ShownEvent, ...]
    state: str | None
    institution: str | None
    contact: str | None
    assessed: dt.date | None
    region: str | None
    time_frame: str | None
    note: str | None

    @property
    def who(self) -> str:
        return self.state if self.state is not None else WITHHELD


def may_see(request: Request, view: View) -> bool:
    if view is View.ADMIN:
        return True
    if view is View.DONORS:
        return request.share is not Share.UNIT
    return request.share.by_name


def reveals_text(request: Request, view: View) -> bool:
    """Free text and identity are shown for requests shared by name, and to the Unit for all."""
    return view is View.ADMIN or request.share.by_name


def reference(request: Request, view: View) -> str | None:
    """How to name a request to this audience; None when it must not be mentioned at all.
    A request not shared by name has its opaque reference as its id (loading checks it)."""
    return request.id if may_see(request, view) else None


def show(request: Request, view: View) -> Shown | None:
    if not may_see(request, view):
        return None
    full = reveals_text(request, view)

    def text(value: str) -> str | None:
        return value if full else None

    # levels, elements and languages narrow down the State behind a reference: a donor
    # reading several matches could tell who it is

    return Shown(
        id=request.id,
        confidential=request.confidential,
        share=request.share,
        practice=request.practice,
        level=request.level if full else None,
        target=request.target,
        gap=request.gap if full else None,
        elements=tuple(request.elements) if full else (),
        kinds=tuple(request.kinds),
        priority=request.priority,
        languages=tuple(request.languages) if full else (),
        status=request.status,
        offer=request.offer,
        history=tuple(
            ShownEvent(e.status, e.date, e.note if full else "", e.offer) for e in request.history
        ),
        state=text(request.state),
        institution=text(request.institution),
        contact=text(request.contact),
        assessed=request.assessed if full else None,
        region=text(request.region),
        time_frame=text(request.time_frame),
        note=text(request.note),
    )


T = TypeVar("T")


def visible(
    items: Iterable[T], view: View, request: Callable[[T], Request]
) -> Iterator[tuple[T, Shown]]:
    """Each item (a match, a shortlist...) whose request this audience may see, with what it
    may see of it; the others are left out, not even mentioned."""
    for item in items:
        s = show(request(item), view)
        if s is not None:
            yield item, s


def shown_all(requests: list[Request], view: View) -> list[Shown]:
    """What this audience may see, highest priority first (ties by id)."""
    out = [s for r in requests if (s := show(r, view)) is not None]
    return sorted(out, key=lambda s: (-s.priority, s.id))
