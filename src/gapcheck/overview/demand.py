"""Supply and demand across States: what is asked, what is offered, what is left after matching.

Demand is counted in States (how many States ask), so that a group's size is what the
threshold rule looks at; supply in places (an offer's capacity), which are the providers' own
figures. Outside the Administrative Unit, only requests that may enter an aggregate count, and
matching runs on those alone, so that what is left over reflects nothing hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gapcheck.capacity.fit import covers, is_open, normal_region
from gapcheck.capacity.matching import match
from gapcheck.catalogue import Catalogue
from gapcheck.models.base import N_
from gapcheck.models.capacity import Offer, Request, RequestStatus, Share
from gapcheck.overview.disclosure import Audience, Cell, Policy, Reason, protect, reason_text
from gapcheck.overview.groups import group_order, region_names
from gapcheck.overview.population import Population, state_key

Row = dict[str, Any]


def eligible_requests(
    requests: Sequence[Request], people: Population, policy: Policy
) -> list[Request]:
    """Open requests that may count, by the State's consent for each: outside the unit,
    never a `unit` one; for members, one shared with them (`members`, `public`); for the
    public, a `public` one; any other only when its State's questionnaire opts in to
    aggregates (share_in_aggregates)."""
    sharing = {p.key for p in people.latest if p.share}
    return [
        r for r in requests if r.status is RequestStatus.REQUESTED and may_count(r, policy, sharing)
    ]


def may_count(request: Request, policy: Policy, sharing: set[str]) -> bool:
    if not policy.protects:
        return True
    if request.share is Share.UNIT:
        return False
    consented = Share.PUBLIC if policy.audience is Audience.PUBLIC else Share.MEMBERS
    ranks = (Share.PROVIDERS, Share.MEMBERS, Share.PUBLIC)
    return (
        ranks.index(request.share) >= ranks.index(consented) or state_key(request.state) in sharing
    )


def _count(who: frozenset[str], reason: Reason | None, policy: Policy) -> Row:
    if reason is not None:
        return {"states": None, "published": False, "reason": reason_text(reason, policy.min_group)}
    return {"states": len(who), "published": True, "reason": None}


def supply_demand(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    people: Population,
    catalogue: Catalogue,
    policy: Policy,
) -> Row:
    asked = eligible_requests(requests, people, policy)
    kinds = list(catalogue.assistance)
    outcome = match(asked, offers, catalogue) if asked and offers else None
    unmet_states: dict[str, set[str]] = {}
    used: dict[str, int] = {o.id: 0 for o in offers}
    if outcome is not None:
        for u in outcome.unmatched:
            unmet_states.setdefault(u.request.practice, set()).add(state_key(u.request.state))
        for m in outcome.matches:
            used[m.offer.id] += 1
    else:
        for r in asked:
            unmet_states.setdefault(r.practice, set()).add(state_key(r.state))
    open_offers = [o for o in offers if is_open(o, None)]
    practices: list[Row] = []
    for p in catalogue:
        mine = [r for r in asked if r.practice == p.id]
        total = Cell(frozenset(state_key(r.state) for r in mine))
        per_kind = [
            Cell(frozenset(state_key(r.state) for r in mine if kind in r.kinds)) for kind in kinds
        ]
        top, parts = protect(total, per_kind, policy)
        covering = [o for o in open_offers if covers(o, p.id, p.section)]
        unmet = Cell(frozenset(unmet_states.get(p.id, set())))
        unmet_top, _ = protect(unmet, [], policy)
        practices.append(
            {
                "id": p.id,
                "title": p.title,
                "asking": _count(total.contributors, top, policy),
                "asking_by_kind": {
                    kind: _count(c.contributors, r, policy)
                    for kind, c, r in zip(kinds, per_kind, parts, strict=True)
                },
                "places_offered": sum(o.capacity for o in covering),
                "places_by_kind": {
                    kind: sum(o.capacity for o in covering if kind in o.kinds) for kind in kinds
                },
                "unmet": _count(unmet.contributors, unmet_top, policy),
                "places_left": sum(o.capacity - used[o.id] for o in covering),
                "idle_offers": sum(1 for o in covering if used[o.id] == 0),
            }
        )
    return {
        "kinds": [{"id": k, "name": catalogue.assistance[k]} for k in kinds],
        "matched": outcome is not None,
        "practices": practices,
        "providers": _providers(offers, used, policy),
        "regions": _regions(asked, catalogue, policy),
    }


PROVIDER_GROUPS = {
    "state": N_("all state providers"),
    "organisation": N_("all organisation providers"),
}


def _providers(offers: Sequence[Offer], used: dict[str, int], policy: Policy) -> list[Row]:
    """Per provider for the unit; outside it, per kind of provider (no State is named)."""
    rows: dict[tuple[str, str], Row] = {}
    for o in offers:
        kind = o.provider.type if o.provider else "organisation"
        name = o.provider.name if o.provider and policy.names_states else ""
        row = rows.setdefault(
            (kind, name),
            {
                "provider": name or PROVIDER_GROUPS[kind],
                "type": kind,
                "offers": 0,
                "places": 0,
                "places_left": 0,
            },
        )
        row["offers"] += 1
        row["places"] += o.capacity
        row["places_left"] += o.capacity - used[o.id]
    return [rows[key] for key in sorted(rows, key=lambda kn: (kn[0], kn[1].casefold()))]


def _regions(asked: Sequence[Request], catalogue: Catalogue, policy: Policy) -> list[Row]:
    """Per region, how many States ask for help in each section."""
    names = region_names(
        ((state_key(r.state), normal_region(r.region), " ".join(r.region.split())) for r in asked),
        policy,
    )
    sections = {p.id: p.section for p in catalogue}
    rows: list[Row] = []
    for group in group_order(names.values()):
        mine = [r for r in asked if names[normal_region(r.region)] == group]
        total = Cell(frozenset(state_key(r.state) for r in mine))
        cells = [
            Cell(frozenset(state_key(r.state) for r in mine if sections[r.practice] == sid))
            for sid in catalogue.sections
        ]
        top, parts = protect(total, cells, policy)
        rows.append(
            {
                "region": group,
                "asking": _count(total.contributors, top, policy),
                "by_section": {
                    sid: _count(c.contributors, r, policy)
                    for sid, c, r in zip(catalogue.sections, cells, parts, strict=True)
                },
            }
        )
    return rows
