"""A request's life: requested -> matched -> agreed -> delivered -> followed-up.

A request moves forward one step at a time, on a day that has come; a match or an agreement
that falls through goes back to `requested`; a delivery is never undone. Each move is kept
in its history.
A later self-assessment of the same State shows, per delivered request, whether the gap it
targeted closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gapcheck.errors import InputError, Message
from gapcheck.models.capacity import (
    ORDER,
    Event,
    Request,
    RequestsFile,
    RequestStatus,
    can_move,
    next_steps,
)
from gapcheck.scoring import Assessment
from gapcheck.yamlio import Document


def advance(
    file: RequestsFile,
    doc: Document,
    request_id: str,
    status: RequestStatus,
    *,
    on: dt.date,
    today: dt.date,
    note: str = "",
    offer: str = "",
    by: str = "",
) -> RequestsFile:
    """The same file with one request moved to `status` on the day `on`; InputError if it
    cannot move. The id is matched in any case, as references are read aloud and retyped."""
    ids = [r.id for r in file.requests]
    folded = [i.casefold() for i in ids]
    if request_id.casefold() in folded:
        request_id = ids[folded.index(request_id.casefold())]
    if request_id not in ids:
        known = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "")
        raise InputError.at(
            doc.path,
            Message(
                "no request '%(id)s' in this file; its requests are: %(known)s",
                id=request_id,
                known=known,
            ),
        )
    i = ids.index(request_id)
    request = file.requests[i]
    at = ("requests", i, "status")
    if status is request.status:
        already = Message(
            "%(id)s is already '%(status)s'; nothing to do", id=request_id, status=str(status)
        )
        raise InputError([doc.problem(at, already)])
    if not can_move(request.status, status):
        raise InputError([doc.problem(at, _refusal(request, status))])
    last = request.history[-1].date
    if on < last:
        raise InputError(
            [
                doc.problem(
                    at,
                    Message(
                        "the date %(on)s is before the last step (%(last)s); check --date",
                        on=str(on),
                        last=str(last),
                    ),
                )
            ]
        )
    if on > today:
        raise InputError(
            [
                doc.problem(
                    at,
                    Message(
                        "the date %(on)s has not come yet (today is %(today)s); record a step "
                        "once it has happened, and check --date",
                        on=str(on),
                        today=str(today),
                    ),
                )
            ]
        )
    event = Event.model_validate(
        {"status": status, "date": on, "note": note, "offer": offer, "by": by}
    )
    moved = request.model_copy(update={"status": status, "history": [*request.history, event]})
    # validate the moved request as a whole, as if it had been read from the file
    moved = Request.model_validate(moved.model_dump(by_alias=True))
    requests = [*file.requests[:i], moved, *file.requests[i + 1 :]]
    return file.model_copy(update={"requests": requests})


def _refusal(request: Request, status: RequestStatus) -> str:
    steps = " -> ".join(ORDER)
    allowed = next_steps(request.status)
    then: str
    if not allowed:
        then = Message("it has no further step")
    elif len(allowed) == 1:
        then = Message("its next step can only be '%(step)s'", step=str(allowed[0]))
    else:
        then = Message(
            "its next step can only be %(steps)s or '%(last)s'",
            steps=" or ".join(f"'{s}'" for s in allowed[:-1]),
            last=str(allowed[-1]),
        )
    why: str
    if request.status in (RequestStatus.DELIVERED, RequestStatus.FOLLOWED_UP) and ORDER.index(
        status
    ) < ORDER.index(request.status):
        why = Message("a delivery cannot be undone")
    else:
        why = Message(
            "it cannot go from '%(before)s' to '%(after)s'",
            before=str(request.status),
            after=str(status),
        )
    return Message(
        "%(id)s is '%(status)s': %(why)s; %(then)s (the steps are %(steps)s, one at a time)",
        id=request.id,
        status=str(request.status),
        why=why,
        then=then,
        steps=steps,
    )


class FollowUpOutcome(StrEnum):
    CLOSED = "closed"
    NARROWED = "narrowed"
    UNCHANGED = "unchanged"
    WIDENED = "widened"
    FIRST_ASSESSED = "first assessed"
    NOT_ASSESSED = "not assessed"


@dataclass(frozen=True)
class ElementChange:
    id: str
    before: int | None
    after: int | None
    target: float


@dataclass(frozen=True)
class FollowUp:
    """For one delivered request: the practice's level then and now, against its target."""

    request: Request
    before: float | None
    after: float | None
    target: float
    outcome: FollowUpOutcome
    elements: tuple[ElementChange, ...]

    @property
    def delivery(self) -> Event | None:
        """The step that recorded the delivery (the provider's report, when it made it)."""
        return next((e for e in self.request.history if e.status is RequestStatus.DELIVERED), None)


def followup(requests: list[Request], later: Assessment, source: str) -> list[FollowUp]:
    """Per delivered (or followed-up) request of the assessed State: did its gap close?
    `source` names the later questionnaire in the error when it is of another State."""
    mine = [r for r in requests if _same_state(r.state, later.state)]
    if requests and not mine:
        raise InputError.at(
            source,
            Message(
                "this questionnaire is of %(state)s, but none of the requests is; "
                "give a later questionnaire of the State that made them",
                state=later.state,
            ),
        )
    scores = later.by_id
    out = []
    for r in mine:
        if r.status not in (RequestStatus.DELIVERED, RequestStatus.FOLLOWED_UP):
            continue
        now = scores[r.practice]
        levels = {e.id: e.level for e in now.elements}
        elements = tuple(
            ElementChange(e.id, e.level, levels.get(e.id), e.target) for e in r.elements
        )
        out.append(FollowUp(r, r.level, now.level, r.target, _outcome(r, now.level), elements))
    return sorted(out, key=lambda f: (-f.request.priority, f.request.id))


def _outcome(request: Request, after: float | None) -> FollowUpOutcome:
    if after is None:
        return FollowUpOutcome.NOT_ASSESSED
    if after >= request.target:
        return FollowUpOutcome.CLOSED
    before = request.level
    if before is None:
        return FollowUpOutcome.FIRST_ASSESSED
    if after > before:
        return FollowUpOutcome.NARROWED
    if after < before:
        return FollowUpOutcome.WIDENED
    return FollowUpOutcome.UNCHANGED


def _same_state(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
