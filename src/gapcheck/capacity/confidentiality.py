"""The one place that decides what each audience may see of a request.

Three views, after the Memorandum: requests are shared with the other members "unless, of
course, a State has requested confidentiality regarding its request".

- members: the list the Administrative Unit shares with the other GCTF members. Confidential
  requests are not in it at all.
- donors: what providers see when requests are matched to their offers. A confidential
  request appears only under its opaque reference, with what a donor needs to help
  (practice, target, kinds of help, priority) and nothing that narrows down the State: no
  State, institution, contact, region, languages, level, gap, elements below target, time
  frame, note, assessment date or history note; in a match, no fit, weight or score and no
  language or region in common (the fit would give the region and language away).
- admin: the Administrative Unit's own view, with everything, including who is behind each
  confidential request. Only an explicit flag (`--admin`) gives it.

Every renderer asks `show` (or `reference`) and prints only what comes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gapcheck.models.capacity import GapElement, Request, RequestStatus

WITHHELD = "(confidential)"


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
    return view is not View.MEMBERS or not request.confidential


def reveals_text(request: Request, view: View) -> bool:
    """Free text and identity are shown for shared requests, and to the Unit for all."""
    return view is View.ADMIN or not request.confidential


def reference(request: Request, view: View) -> str | None:
    """How to name a request to this audience; None when it must not be mentioned at all.
    A confidential request's id is already its opaque reference."""
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


def shown_all(requests: list[Request], view: View) -> list[Shown]:
    """What this audience may see, highest priority first (ties by id)."""
    out = [s for r in requests if (s := show(r, view)) is not None]
    return sorted(out, key=lambda s: (-s.priority, s.id))
