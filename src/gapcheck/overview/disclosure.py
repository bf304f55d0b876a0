"""Statistical disclosure control for the picture across States.

The rules follow the practice of statistics offices for tables (Eurostat's and national
offices' guidance on tabular data protection):

- threshold rule: a figure is published for a group only when at least `min_group` States
  (k, default 5, never below 3) stand behind it (primary suppression);
- a group whose States all sit in one band (or all moved the same way) is not published as a
  distribution, which would tell each of them (a dominance case of the threshold rule);
- complementary (secondary) suppression: a total is published with its parts, so when parts
  are hidden, the hidden ones together must again be a safe group (at least k States, not
  all in one band); otherwise a further part, or the total itself, is hidden too, so that no
  hidden figure can be worked out as the total minus the published parts;
- the public audience gets levels rounded to 0.5;
- the Administrative Unit (`unit`) sees everything: no suppression, State names included,
  and every page of its files says so.

Every published table here is one total with its parts (groups of one dimension); no table
publishes totals across two dimensions, so the per-table rule above is enough to keep each
hidden figure from being solved for. Medians and quartiles are not sums and are not
recomputable from the other figures; means are never published, because a mean times a
count is a sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from gapcheck.models.base import N_

DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3


class Audience(StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    UNIT = "unit"


# English in the data (JSON, CSV); translated where they are shown (render/overview_words.py).
AUDIENCE_NOTICE = {
    Audience.PUBLIC: N_(
        "Public overview: no State is named; figures for groups of fewer than "
        "{k} States are not shown, and levels are rounded to 0.5."
    ),
    Audience.MEMBERS: N_(
        "Overview for GCTF members: no State's figures are shown; figures for "
        "groups of fewer than {k} States are not shown."
    ),
    Audience.UNIT: N_(
        "For the GCTF Administrative Unit only: this file names States and shows "
        "every figure, confidential ones included, with no suppression. Do not pass it on."
    ),
}


class Reason(StrEnum):
    SMALL = "small-group"
    UNIFORM = "one-level"
    COMPLEMENTARY = "complementary"


REASON_TEXT = {
    Reason.SMALL: N_("not shown: fewer than {k} States"),
    Reason.UNIFORM: N_(
        "not shown: every State in the group is at the same level, so it would tell each"
    ),
    Reason.COMPLEMENTARY: N_(
        "not shown: it could otherwise be worked out from the total and the other groups"
    ),
}


def reason_text(reason: Reason, k: int) -> str:
    return REASON_TEXT[reason].format(k=k)


@dataclass(frozen=True)
class Policy:
    audience: Audience
    min_group: int = DEFAULT_MIN_GROUP

    def __post_init__(self) -> None:
        if self.min_group < MIN_GROUP_FLOOR:
            raise ValueError(
                f"the minimum group size is at least {MIN_GROUP_FLOOR} (a group of two would "
                "tell each of them the other's answer)"
            )

    @property
    def protects(self) -> bool:
        return self.audience is not Audience.UNIT

    @property
    def names_states(self) -> bool:
        return self.audience is Audience.UNIT

    def level(self, value: float) -> float:
        """A level as this audience sees it: to 0.5 for the public, else to 2 decimals."""
        if self.audience is Audience.PUBLIC:
            return round(value * 2) / 2
        return round(value, 2)

    @property
    def notice(self) -> str:
        return AUDIENCE_NOTICE[self.audience].format(k=self.min_group)


@dataclass(frozen=True)
class Cell:
    """A group's figure before protection: who stands behind it and, for levels, how many
    fall in each band (None for a plain count of States)."""

    contributors: frozenset[str]
    bands: tuple[int, ...] | None = None

    @property
    def size(self) -> int:
        return len(self.contributors)


def _uniform(bands: Sequence[int] | None, size: int) -> bool:
    return bands is not None and size > 0 and max(bands) == size


def _primary(cell: Cell, k: int) -> Reason | None:
    if 0 < cell.size < k:
        return Reason.SMALL
    if _uniform(cell.bands, cell.size):
        return Reason.UNIFORM
    return None


def _safe_union(cells: Sequence[Cell], k: int) -> bool:
    who = frozenset().union(*(c.contributors for c in cells))
    if len(who) < k:
        return False
    if cells[0].bands is None:
        return True
    summed = [sum(column) for column in zip(*(c.bands or () for c in cells), strict=True)]
    return not _uniform(summed, sum(summed))


def protect(
    total: Cell, parts: Sequence[Cell], policy: Policy
) -> tuple[Reason | None, list[Reason | None]]:
    """Which of a total and its parts are hidden, and why (None: published)."""
    if not policy.protects:
        return None, [None] * len(parts)
    k = policy.min_group
    hidden: list[Reason | None] = [_primary(c, k) for c in parts]
    top = _primary(total, k)
    if top is not None:
        # with the total hidden, each part stands alone: only its own size counts
        return top, hidden
    while True:
        suppressed = [c for c, r in zip(parts, hidden, strict=True) if r is not None]
        if not suppressed or _safe_union(suppressed, k):
            return None, hidden
        candidates = [
            i for i, (c, r) in enumerate(zip(parts, hidden, strict=True)) if r is None and c.size
        ]
        if not candidates:
            return Reason.COMPLEMENTARY, hidden
        # the smallest group goes first: it hides the least
        pick = min(candidates, key=lambda i: (parts[i].size, i))
        hidden[pick] = Reason.COMPLEMENTARY
