"""One overview for one audience, as plain JSON-ready data (documented in docs/overview.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gapcheck import __version__
from gapcheck.catalogue import Catalogue
from gapcheck.models.base import N_
from gapcheck.models.capacity import Offer, Request
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.demand import supply_demand
from gapcheck.overview.disclosure import Audience, Policy
from gapcheck.overview.groups import group_order, region_names
from gapcheck.overview.levels import level_rows
from gapcheck.overview.population import Participant, population
from gapcheck.overview.trend import trend_rows

SCHEMA_VERSION = 1

RULES = (
    N_(
        "A figure is shown for a group of States only when at least {k} States stand behind "
        "it; smaller groups are marked 'not shown', with the reason."
    ),
    N_(
        "When a group is not shown, enough other groups (or the total) are not shown either, "
        "so that it cannot be worked out from the total and the groups that are shown."
    ),
    N_(
        "A group whose States all sit at the same level (or all moved the same way) is not "
        "shown as a distribution, since that would tell each of them."
    ),
    N_(
        "Confidential questionnaires and requests count only when the questionnaire says "
        "share_in_aggregates: true. No notes, evidence or other free text enter an overview."
    ),
    N_(
        "Levels: the median and quartiles of the States' levels (0 to 4), and how many States "
        "fall in each band of the scale; a practice counts for a State only when assessed."
    ),
    N_("Regions named by fewer than {k} States are counted together as 'other regions'."),
)
UNIT_RULES = (
    N_(
        "This file is for the GCTF Administrative Unit: every figure is shown and States are "
        "named, confidential ones included. Nothing here is suppressed."
    ),
    N_(
        "Levels: the median and quartiles of the States' levels (0 to 4), and how many States "
        "fall in each band of the scale; a practice counts for a State only when assessed."
    ),
)


def build_overview(
    questionnaires: Sequence[Questionnaire],
    catalogue: Catalogue,
    policy: Policy,
    requests: Sequence[Request] | None = None,
    offers: Sequence[Offer] | None = None,
) -> dict[str, Any]:
    people = population(questionnaires, catalogue)

    def counts(p: Participant) -> bool:
        return p.eligible or not policy.protects

    latest = [p for p in people.latest if counts(p)]
    names = region_names(((p.key, p.region, p.region_label) for p in latest), policy)
    groups = group_order(names.values())

    def group_of(p: Participant) -> str:
        return names[p.region]

    sections = list(catalogue.sections.items())
    practices = [(p.id, p.title) for p in catalogue]
    k = policy.min_group
    members = policy.audience is Audience.MEMBERS
    participants: dict[str, Any] = {
        "states": len(latest) if not policy.protects or len(latest) >= k else None,
        "groups": groups,
    }
    if policy.names_states:
        participants["names"] = sorted((p.state for p in latest), key=str.casefold)
        participants["confidential"] = sum(p.confidential for p in latest)
    else:
        participants["listed"] = sorted(
            (p.state for p in latest if p.listed and not p.confidential and members),
            key=str.casefold,
        )
    trend = None
    if any(p.key in people.earlier for p in latest):
        trend = trend_rows(sections, people, counts, group_of, groups, policy)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": "gapcheck-overview",
        "generated_by": f"gapcheck {__version__}",
        "audience": str(policy.audience),
        "min_group": k,
        "notice": policy.notice,
        "rules": [r.format(k=k) for r in (RULES if policy.protects else UNIT_RULES)],
        "catalogue": {"version": catalogue.version, "source": catalogue.meta.source.title},
        "participants": participants,
        "sections": level_rows(sections, latest, lambda p: p.sections, group_of, groups, policy),
        "practices": level_rows(practices, latest, lambda p: p.practices, group_of, groups, policy),
        "trend": trend,
        "supply_demand": None,
    }
    if requests is not None or offers is not None:
        data["supply_demand"] = supply_demand(
            requests or [], offers or [], people, catalogue, policy
        )
    return data
