"""Capacity building: donors' offers of assistance and States' requests for it.

Offers file (written by hand by a provider, one file per provider):

    provider: {name: Kingdom of Norland Prison Service, type: state, contact: ...}
    offers:
      - id: norland-intake-training
        practices: [GP03, GP04]        # and/or
        sections: [B]                  # every practice of the section
        kinds: [training, study-visits]
        languages: [en, fr]
        regions: [Northern Europe]
        capacity: 3                    # how many requests it can take on
        window: {from: 2026-01-01, to: 2026-12-31}
        note: ...

Requests file: written by `gapcheck request new`, read back by `match` and `status`, changed
only by `gapcheck request update`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema, model_validator

from gapcheck.errors import Message, shown
from gapcheck.models.base import MAX_NAME, PracticeId, Slug, Strict, Text, at_most
from gapcheck.models.values import (
    Date,
    FreeText,
    LanguageList,
    Name,
    OptionalDate,
    parse_yes_no,
    visible,
)


def _as_list(value: Any) -> Any:
    """A single value or a comma-separated line where a list is expected is forgiven."""
    if value is None:
        return []
    if isinstance(value, str):
        return [s for s in (p.strip() for p in value.split(",")) if s]
    return value


def _practice_id(value: Any) -> Any:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        m = re.fullmatch(r"(?i)\s*(?:gp)?\s*0*(\d{1,2})\s*", str(value))
        if m:
            return f"GP{int(m.group(1)):02d}"
    return value


def _checked_slug(value: Any) -> Any:
    """An id as written, refused if it holds a character that cannot be seen."""
    if isinstance(value, str):
        value = visible(value, Message("id"))
    return _slug(value)


def _slug(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"[\s_]+", "-", value.strip().lower())
    return value


MAX_CAPACITY = 10_000


def _capacity(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CAPACITY:
        raise ValueError(
            Message(
                "capacity is how many requests the offer can take on: a whole number from 1 to "
                "%(most)s, not %(value)s",
                most=MAX_CAPACITY,
                value=shown(value),
            )
        )
    return value


def _no_blanks(value: Any) -> Any:
    value = _as_list(value)
    if isinstance(value, list):
        return [v for v in value if not (v is None or (isinstance(v, str) and not v.strip()))]
    return value


def _mapping(wrong: str, empty: dict[str, Any] | None = None) -> Any:
    """A clear word (`wrong`) when a mapping is expected and something else was written;
    `empty` is what an emptied value means, when it may be left empty."""

    def check(value: Any) -> Any:
        if value is None and empty is not None:
            return empty
        if not isinstance(value, (dict, BaseModel)):
            raise ValueError(wrong)
        return value

    return BeforeValidator(check)


def _items(wrong: str, empty: str | None = None) -> Any:
    """`wrong` when something else than a list is written; `empty`, when given, when nothing
    is (the list is required)."""

    def check(value: Any) -> Any:
        if value is None and empty is not None:
            raise ValueError(empty)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError(wrong)
        return value

    return BeforeValidator(check)


def _provider(value: Any) -> Any:
    """A provider may be given by its name alone."""
    if isinstance(value, str) and value.strip():
        return {"name": value}
    return value


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


# The forgiving readings, shared with the id checks in gapcheck.capacity.loading.
as_list = _as_list
normalise_practice = _practice_id
normalise_slug = _slug
normalise_section = _upper

KindId = Annotated[Slug, BeforeValidator(_checked_slug)]
SectionId = Annotated[str, BeforeValidator(_upper), Field(pattern=r"^[A-Z]$")]
Practice = Annotated[PracticeId, BeforeValidator(_practice_id)]


def _request_id(value: Any) -> Any:
    if isinstance(value, str):
        value = visible(value, Message("request id"))
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value.strip()):
        raise ValueError(
            Message(
                "'%(value)s' is not a request id: lower-case letters, digits and hyphens, "
                "as `gapcheck request new` writes them (e.g. norland-2026-03-15-gp03)",
                value=value.strip()[:40],
            )
        )
    return value.strip() if isinstance(value, str) else value


# the highest priority the roadmap can give: a gap of 4 x (1 + the 24 other practices) / 4
MAX_PRIORITY = 25.0


def _priority(value: Any) -> Any:
    """A number from 0 to MAX_PRIORITY; .inf, .nan and huge numbers would overflow the
    matcher's integer scores (and write Infinity into matches.json)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value  # pydantic says what is wrong with text
    if not (0 <= value <= MAX_PRIORITY):  # also false for nan
        raise ValueError(
            Message(
                "priority is the roadmap's, a number from 0 to %(most)s, not "
                "%(value)s; make the requests again with `gapcheck request new` rather "
                "than editing it",
                most=format(MAX_PRIORITY, "g"),
                value=shown(value),
            )
        )
    return value


RequestId = Annotated[
    str,
    BeforeValidator(_request_id),
    WithJsonSchema({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}),
]


PracticeList = Annotated[list[Practice], BeforeValidator(_as_list), at_most(Message("practices"))]
SectionList = Annotated[list[SectionId], BeforeValidator(_as_list), at_most(Message("sections"))]
KindList = Annotated[
    list[KindId], BeforeValidator(_as_list), at_most(Message("kinds of assistance"))
]
RegionList = Annotated[
    list[Text], BeforeValidator(_no_blanks), at_most(Message("regions"), name=MAX_NAME)
]


# ---------------------------------------------------------------------------- offers


class Provider(Strict):
    """Who offers the help: a State (its ministry or agency) or an organisation."""

    name: Annotated[Name, Field(min_length=1, max_length=200)]
    type: Literal["state", "organisation"] = "organisation"
    contact: FreeText = ""


class Window(Strict):
    """When the provider can deliver; either end may be left open."""

    from_: OptionalDate = Field(default=None, alias="from")
    to: OptionalDate = None

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(
                Message(
                    "the window ends (%(end)s) before it starts (%(start)s); swap the dates",
                    end=str(self.to),
                    start=str(self.from_),
                )
            )
        return self


class Offer(Strict):
    """One offer of assistance: what it helps with, in which languages, for how many."""

    id: Annotated[Slug, BeforeValidator(_checked_slug)]
    provider: Annotated[Provider | None, BeforeValidator(_provider)] = None
    practices: PracticeList = Field(default_factory=list)
    sections: SectionList = Field(default_factory=list)
    kinds: KindList = Field(min_length=1)
    languages: LanguageList = Field(default_factory=lambda: ["en"])
    regions: RegionList = Field(default_factory=list)
    capacity: Annotated[
        int,
        BeforeValidator(_capacity),
        WithJsonSchema({"type": "integer", "minimum": 1, "default": 1}),
    ] = 1
    window: Annotated[
        Window,
        _mapping(
            Message("the window should be written as {from: 2026-01-01, to: 2026-12-31}"),
            empty={},
        ),
    ] = Field(default_factory=Window)
    note: FreeText = ""

    @model_validator(mode="after")
    def _covers_something(self) -> Offer:
        if not self.practices and not self.sections:
            raise ValueError(
                Message(
                    "an offer needs 'practices' (e.g. [GP03]) or 'sections' (e.g. [B]), or both"
                )
            )
        return self


class OffersFile(Strict):
    """A provider's offers: `provider` at the top, or one per offer."""

    provider: Annotated[Provider | None, BeforeValidator(_provider)] = None
    offers: Annotated[
        list[
            Annotated[
                Offer,
                _mapping(
                    Message("each offer should be written as '- id: ...' followed by its keys")
                ),
            ]
        ],
        _items(
            Message("list each offer on its own line, starting with '- id: '"),
            empty=Message("no offers yet: list each offer on its own line, starting with '- id: '"),
        ),
    ] = Field(min_length=1)


# -------------------------------------------------------------------------- requests


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    MATCHED = "matched"
    AGREED = "agreed"
    DELIVERED = "delivered"
    FOLLOWED_UP = "followed-up"


ORDER: tuple[RequestStatus, ...] = tuple(RequestStatus)


def next_steps(current: RequestStatus) -> tuple[RequestStatus, ...]:
    """Forward one step at a time (a delivery is agreed before it happens, and followed up
    after); back to `requested` only while nothing is delivered (a match or an agreement
    can fall through, a delivery cannot be undone)."""
    i = ORDER.index(current)
    forward = ORDER[i + 1 : i + 2]
    if current in (RequestStatus.MATCHED, RequestStatus.AGREED):
        return (*forward, RequestStatus.REQUESTED)
    return forward


def can_move(current: RequestStatus, new: RequestStatus) -> bool:
    return new in next_steps(current)


class Event(Strict):
    """One step of a request's life, as recorded by gapcheck."""

    status: RequestStatus
    date: Date
    note: FreeText = ""
    offer: FreeText = ""
    # who reports the step: the provider reports what it delivered, the State or the Unit
    # the rest; empty when not said
    by: Literal["", "state", "provider", "unit"] = ""


class Share(StrEnum):
    """Who may see a request: the State's consent, per request (docs/capacity.md)."""

    UNIT = "unit"  # the Administrative Unit only
    PROVIDERS = "providers"  # providers too, under an opaque reference
    MEMBERS = "members"  # members by name
    PUBLIC = "public"  # members by name, and counted in the public overview

    @property
    def by_name(self) -> bool:
        return self in (Share.MEMBERS, Share.PUBLIC)


def share_from_confidential(confidential: bool) -> Share:
    """How the old one switch reads: confidential is `providers`, shared is `members`."""
    return Share.PROVIDERS if confidential else Share.MEMBERS


SHARE_WORDS = "unit, providers, members or public"
# How a value that is not one of them is refused (the form page ships it to say the same)
SHARE_PROBLEM = Message("write who may see the request: %(words)s", words=SHARE_WORDS)


def _share(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # left empty: the default (a request's own consent is then refused)
    if isinstance(value, str) and value.strip().lower() in tuple(Share):
        return value.strip().lower()
    if isinstance(value, Share):
        return value
    raise ValueError(
        Message("%(problem)s; not %(value)s", problem=SHARE_PROBLEM, value=shown(value))
    )


ShareField = Annotated[
    Share,
    BeforeValidator(_share),
    WithJsonSchema({"type": "string", "enum": [str(s) for s in Share]}),
]
# Left empty means "the default": the empty check runs before the union, so "" is None here.
OptionalShare = Annotated[
    Share | None,
    BeforeValidator(_share),
    WithJsonSchema({"type": ["string", "null"], "enum": [*(str(s) for s in Share), None]}),
]


def _legacy_confidential(data: Any) -> Any:
    """`confidential: true/false` from files written before consent per request: read as
    `share: providers/members`; both keys at once must agree."""
    if not isinstance(data, dict) or "confidential" not in data:
        return data
    data = dict(data)
    flag = parse_yes_no(data.pop("confidential"))
    if flag is None:  # confidentiality is never assumed off
        raise ValueError(
            Message("'confidential' is empty; write 'share:' with %(words)s", words=SHARE_WORDS)
        )
    old = share_from_confidential(flag)
    if "share" not in data or data["share"] is None:
        data["share"] = old
    elif Share(_share(data["share"])).by_name != old.by_name:
        raise ValueError(
            Message(
                "'confidential' and 'share: %(share)s' disagree; keep only 'share' (%(words)s)",
                share=str(data["share"]),
                words=SHARE_WORDS,
            )
        )
    return data


class GapElement(Strict):
    """An element of the practice below the State's target (level None: not answered)."""

    id: Annotated[str, Field(pattern=r"^GP\d{2}\.\d+$")]
    level: Annotated[int, Field(ge=0, le=4)] | None = None
    target: Annotated[float, Field(ge=0, le=4)]


class Request(Strict):
    """A State's request for help with one practice."""

    id: RequestId
    state: Annotated[Name, Field(min_length=1, max_length=200)]
    institution: FreeText = ""
    contact: FreeText = ""
    assessed: OptionalDate = None
    practice: Practice
    level: Annotated[float, Field(ge=0, le=4)] | None = None
    target: Annotated[float, Field(ge=0, le=4)]
    gap: Annotated[float, Field(ge=0, le=4)] | None = None
    elements: Annotated[list[GapElement], at_most(Message("elements"), 10)] = Field(
        default_factory=list
    )
    kinds: KindList = Field(min_length=1)
    priority: Annotated[
        float,
        BeforeValidator(_priority),
        Field(ge=0, le=MAX_PRIORITY, allow_inf_nan=False),
    ] = 0.0
    languages: LanguageList = Field(default_factory=lambda: ["en"])
    region: FreeText = ""
    time_frame: FreeText = ""
    note: FreeText = ""
    share: ShareField = Share.MEMBERS
    status: RequestStatus = RequestStatus.REQUESTED
    history: list[Event] = Field(min_length=1)

    _legacy = model_validator(mode="before")(_legacy_confidential)

    @property
    def confidential(self) -> bool:
        """Not shared by name: members never see it, providers only by its reference."""
        return not self.share.by_name

    @model_validator(mode="after")
    def _history_fits_status(self) -> Request:
        if self.history[-1].status is not self.status:
            raise ValueError(
                Message(
                    "status is '%(status)s' but the last step in history is "
                    "'%(last)s'; change status with `gapcheck request update`",
                    status=str(self.status),
                    last=str(self.history[-1].status),
                )
            )
        for before, after in zip(self.history, self.history[1:], strict=False):
            if after.date < before.date:
                raise ValueError(
                    Message(
                        "history goes back in time (%(after)s after %(before)s); "
                        "keep the steps in date order",
                        after=str(after.date),
                        before=str(before.date),
                    )
                )
            if not can_move(before.status, after.status):
                raise ValueError(
                    Message(
                        "history moves from '%(before)s' to '%(after)s', which is not "
                        "a step a request can take",
                        before=str(before.status),
                        after=str(after.status),
                    )
                )
        return self

    @property
    def offer(self) -> str:
        """The offer this request was last matched with, if any."""
        for event in reversed(self.history):
            if event.status is RequestStatus.REQUESTED:
                return ""
            if event.offer:
                return event.offer
        return ""


class RequestsFile(Strict):
    """Requests for assistance, as written by `gapcheck request new`."""

    catalogue_version: str = ""
    requests: Annotated[
        list[
            Annotated[
                Request,
                _mapping(
                    Message("each request should be written as '- id: ...' followed by its keys")
                ),
            ]
        ],
        _items(Message("list each request on its own line, starting with '- id: '")),
    ] = Field(default_factory=list)
