"""Regions as groups: a region's name is shown only when enough States share it.

A region named by fewer than k States outside the Administrative Unit's view is folded into
"other regions" (global recoding, in statistics offices' words): a region's name typed by
one State could otherwise point at that State, and the folded group is often large enough
to be shown where its parts would not be.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from gapcheck.models.base import N_
from gapcheck.overview.disclosure import Policy

OTHER = N_("other regions")
NOT_GIVEN = N_("region not given")
# the group of every State, beside the regions
ALL_STATES = N_("all States")


def region_names(entries: Iterable[tuple[str, str, str]], policy: Policy) -> dict[str, str]:
    """Normalised region -> the group shown; entries are (State key, region, label)."""
    states: dict[str, set[str]] = {}
    labels: dict[str, Counter[str]] = {}
    for key, region, label in entries:
        states.setdefault(region, set()).add(key)
        labels.setdefault(region, Counter())[label] += 1
    names: dict[str, str] = {}
    for region, who in states.items():
        if not region:
            names[region] = NOT_GIVEN if not policy.protects else OTHER
        elif policy.protects and len(who) < policy.min_group:
            names[region] = OTHER
        else:
            # the spelling most States used, then the first in order: stable between runs
            names[region] = min(labels[region].items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return names


def group_order(names: Iterable[str]) -> list[str]:
    """Named regions alphabetically, then the folded and unknown ones."""
    unique = set(names)
    tail = [n for n in (OTHER, NOT_GIVEN) if n in unique]
    return sorted(unique - set(tail), key=str.casefold) + tail
