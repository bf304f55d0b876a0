"""`match --record`: the matches written back into the requests files they came from.

Each matched request moves to `matched` with its offer, as `request update --status matched
--offer ...` would move it, and every file changes or none does: the new texts are made
first (a request that cannot move stops everything, with its position), and the caller
writes them as one set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from gapcheck.capacity.lifecycle import advance
from gapcheck.capacity.outcome import MatchOutcome
from gapcheck.capacity.requests import dump_requests, readable_back
from gapcheck.errors import InputError, Problem
from gapcheck.models.capacity import RequestsFile, RequestStatus
from gapcheck.yamlio import Document

NOTE = "recorded by gapcheck match"


@dataclass(frozen=True)
class Recorded:
    """New text per file, and the (request, offer) pairs recorded in it."""

    texts: dict[str, str]
    changes: dict[str, list[tuple[str, str]]]


def record(
    files: Sequence[tuple[str, RequestsFile, Document]],
    outcome: MatchOutcome,
    *,
    on: dt.date,
    today: dt.date,
) -> Recorded:
    offer_of = {m.request.id: m.offer.id for m in outcome.matches}
    texts: dict[str, str] = {}
    changes: dict[str, list[tuple[str, str]]] = {}
    problems: list[Problem] = []
    for path, file, doc in files:
        moved = file
        done: list[tuple[str, str]] = []
        for request in file.requests:
            offer = offer_of.get(request.id)
            if offer is None:
                continue
            try:
                moved = advance(
                    moved, doc, request.id, RequestStatus.MATCHED, on=on, today=today, note=NOTE,
                    offer=offer,
                )  # fmt: skip
            except InputError as e:
                problems.extend(e.problems)
                continue
            done.append((request.id, offer))
        if done:
            text = dump_requests(list(moved.requests), file.catalogue_version)
            texts[path] = readable_back(text, len(moved.requests), path)
            changes[path] = done
    if problems:
        raise InputError(problems)
    return Recorded(texts, changes)
