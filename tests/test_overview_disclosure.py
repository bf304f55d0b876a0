"""Disclosure control: no published figure, alone or with the others, reveals a small group.

Populations of fictional States are drawn in groups around the threshold; every table of
the overview is then audited against the truth worked out here from the population itself:
each shown figure is right and stands for at least k States that are not all at one level,
and the hidden figures cannot be solved for from the total and the shown groups (a single
hidden group under a shown total is the textbook case; several hidden ones must again make
a safe group together).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.models.capacity import Request, RequestsFile
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.build import build_overview
from gapcheck.overview.disclosure import Audience, Cell, Policy, protect
from tests.overview_support import questionnaire, request, state_name

PRACTICES = ("GP01", "GP03", "GP12")
KINDS = ("training", "funding", "expert-deployment")
REGIONS = ("North", "South", "East", "West")


def band(level: float) -> int:
    return min(4, math.floor(level + 1e-9))


def bands_of(levels: Sequence[float]) -> list[int]:
    out = [0] * 5
    for level in levels:
        out[band(level)] += 1
    return out


# ---------------------------------------------------------------------------- the engine


@given(
    sizes=st.lists(st.integers(0, 8), min_size=1, max_size=6),
    k=st.integers(3, 6),
    data=st.data(),
)
def test_protect_leaves_no_hidden_group_solvable(sizes: list[int], k: int, data: Any) -> None:
    who, cells, levels = 0, [], []
    for size in sizes:
        mine = data.draw(st.lists(st.integers(0, 4), min_size=size, max_size=size))
        cells.append(Cell(frozenset(f"s{who + i}" for i in range(size)), tuple(bands_of(mine))))
        levels.append(mine)
        who += size
    every = [v for group in levels for v in group]
    total = Cell(frozenset(f"s{i}" for i in range(who)), tuple(bands_of(every)))
    top, parts = protect(total, cells, Policy(Audience.PUBLIC, k))
    for cell, reason in zip(cells, parts, strict=True):
        if reason is None:
            assert cell.size == 0 or (cell.size >= k and max(cell.bands or ()) < cell.size)
    if top is None:
        assert total.size == 0 or (total.size >= k and max(bands_of(every)) < total.size)
        hidden = [group for group, r in zip(levels, parts, strict=True) if r is not None]
        solvable = [v for group in hidden for v in group]
        # total minus the shown groups gives exactly the hidden groups taken together
        assert not hidden or (len(solvable) >= k and max(bands_of(solvable)) < len(solvable))
        assert len([g for g in hidden if g]) != 1


def test_a_lone_small_group_takes_a_second_one_with_it() -> None:
    def cell(prefix: str, levels: list[int]) -> Cell:
        return Cell(frozenset(f"{prefix}{i}" for i in range(len(levels))), tuple(bands_of(levels)))

    groups = [cell("a", [0, 1, 2, 3, 4]), cell("b", [1, 2, 3, 1, 2, 3]), cell("c", [2, 3])]
    total = cell("t", [0, 1, 2, 3, 4, 1, 2, 3, 1, 2, 3, 2, 3])
    top, parts = protect(total, groups, Policy(Audience.MEMBERS, 5))
    assert top is None
    assert [r is not None for r in parts] == [True, False, True]  # c small, a (smaller) with it


def test_the_unit_sees_every_group() -> None:
    small = Cell(frozenset({"a"}), (1, 0, 0, 0, 0))
    top, parts = protect(small, [small], Policy(Audience.UNIT, 5))
    assert top is None and parts == [None]


def test_minimum_group_is_never_below_three() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        Policy(Audience.PUBLIC, 2)


# ---------------------------------------------------------------------------- whole overviews


@st.composite
def populations(draw: Any) -> list[dict[str, Any]]:
    """States in a few regions of sizes around the threshold, some confidential."""
    people: list[dict[str, Any]] = []
    for region in REGIONS[: draw(st.integers(1, len(REGIONS)))]:
        for _ in range(draw(st.integers(0, 7))):
            levels = {
                pid: draw(st.integers(0, 4))
                for pid in PRACTICES
                if draw(st.booleans()) or pid == "GP01"
            }
            people.append(
                {
                    "region": region,
                    "levels": levels,
                    "confidential": draw(st.booleans()) and draw(st.booleans()),
                    "share": draw(st.booleans()),
                    "asks": draw(st.lists(st.sampled_from(KINDS), max_size=2, unique=True)),
                }
            )
    return people


def _build(
    catalogue: Catalogue, people: list[dict[str, Any]], k: int, audience: Audience
) -> tuple[dict[str, Any], list[Questionnaire], list[Request]]:
    qs = [
        Questionnaire.model_validate(
            questionnaire(
                catalogue,
                state_name(i),
                p["levels"],
                region=p["region"],
                confidential=p["confidential"],
                share=p["share"],
            )
        )
        for i, p in enumerate(people)
    ]
    raw = [
        request(
            state_name(i),
            "GP01",
            p["asks"],
            n=i,
            region=p["region"],
            confidential=p["confidential"],
        )
        for i, p in enumerate(people)
        if p["asks"]
    ]
    requests = RequestsFile.model_validate({"requests": raw}).requests if raw else []
    return build_overview(qs, catalogue, Policy(audience, k), requests, []), qs, requests


def _truth_groups(people: list[dict[str, Any]], k: int) -> dict[str, list[int]]:
    """Which States (by index) make each group shown: regions of fewer than k counting
    States are folded into 'other regions' (the documented rule)."""
    counting = [i for i, p in enumerate(people) if not p["confidential"] or p["share"]]
    by_region: dict[str, list[int]] = {}
    for i in counting:
        by_region.setdefault(people[i]["region"], []).append(i)
    groups: dict[str, list[int]] = {}
    for region, members in by_region.items():
        groups.setdefault(region if len(members) >= k else "other regions", []).extend(members)
    return groups


def _audit_levels(
    row: dict[str, Any], truth: dict[str, list[float]], every: list[float], k: int
) -> None:
    cells = {c["group"]: c for c in row["groups"]}
    assert set(cells) == set(truth)
    for c, levels in [(row["total"], every), *((cells[g], truth[g]) for g in truth)]:
        if c["published"]:
            assert c["states"] == len(levels)
            assert c["bands"] == bands_of(levels)
            if levels:
                assert len(levels) >= k, f"{c['group']}: {len(levels)} States shown"
                assert max(c["bands"]) < len(levels), f"{c['group']}: all at one level"
        else:
            assert c["states"] is None and c["bands"] is None and c["median"] is None
    if row["total"]["published"]:
        hidden = [truth[g] for g in truth if not cells[g]["published"] and truth[g]]
        assert len(hidden) != 1, "one hidden group = total minus the shown ones"
        solved = [v for levels in hidden for v in levels]
        if hidden:
            assert len(solved) >= k and max(bands_of(solved)) < len(solved)
        shown = [c["bands"] for c in cells.values() if c["published"]]
        # what anyone can work out: the total minus the shown groups
        left = [t - sum(s[b] for s in shown) for b, t in enumerate(row["total"]["bands"])]
        assert left == bands_of(solved)


@settings(max_examples=60)
@given(people=populations(), k=st.integers(3, 6), audience=st.sampled_from(["public", "members"]))
def test_no_published_figure_reveals_a_small_group(
    catalogue: Catalogue, people: list[dict[str, Any]], k: int, audience: str
) -> None:
    data, _, _ = _build(catalogue, people, k, Audience(audience))
    groups = _truth_groups(people, k)
    for row in data["practices"]:
        if row["id"] not in PRACTICES:
            continue
        truth = {
            g: [
                float(people[i]["levels"][row["id"]])
                for i in who
                if row["id"] in people[i]["levels"]
            ]
            for g, who in groups.items()
        }
        _audit_levels(row, truth, [v for vs in truth.values() for v in vs], k)
        for c in (row["total"], *row["groups"]):
            assert "names" not in c
            if audience == "public" and c["published"] and c["median"] is not None:
                assert c["median"] * 2 == int(c["median"] * 2), "public levels are to 0.5"
    # demand for GP01: total and per kind, in States
    asking = data["supply_demand"]["practices"][0]
    counting = [
        i for i, p in enumerate(people) if p["asks"] and (not p["confidential"] or p["share"])
    ]
    total = asking["asking"]
    if total["published"]:
        assert total["states"] == len(counting) and (not counting or len(counting) >= k)
        hidden = [kind for kind in KINDS if not asking["asking_by_kind"][kind]["published"]]
        askers = [{i for i in counting if kind in people[i]["asks"]} for kind in hidden]
        assert len([a for a in askers if a]) != 1
        assert not askers or len(set().union(*askers)) >= k
    for kind in KINDS:
        c = asking["asking_by_kind"][kind]
        truth_n = sum(kind in people[i]["asks"] for i in counting)
        if c["published"]:
            assert c["states"] == truth_n and (truth_n == 0 or truth_n >= k)


@settings(max_examples=25)
@given(people=populations(), k=st.integers(3, 5))
def test_trend_hides_the_same_groups_at_both_dates_and_never_a_small_one(
    catalogue: Catalogue, people: list[dict[str, Any]], k: int
) -> None:
    qs = []
    for i, p in enumerate(people):
        for date, shift in (("2026-01-10", 0), ("2028-01-10", i % 3 - 1)):
            levels = {pid: max(0, min(4, v + shift)) for pid, v in p["levels"].items()}
            qs.append(
                Questionnaire.model_validate(
                    questionnaire(
                        catalogue,
                        state_name(i),
                        levels,
                        region=p["region"],
                        date=date,
                        confidential=p["confidential"],
                        share=p["share"],
                    )
                )
            )
    data = build_overview(qs, catalogue, Policy(Audience.PUBLIC, k))
    # Only States that count in aggregates make a trend (a confidential one must opt in).
    counted = [p for p in people if not p["confidential"] or p["share"]]
    assert data["trend"] is not None or not counted
    for row in data["trend"] or []:
        for c in (row["total"], *row["groups"]):
            if c["published"] and c["states"]:
                assert c["states"] >= k
                assert max(c["up"], c["same"], c["down"]) < c["states"]
        if row["total"]["published"]:
            hidden = [c for c in row["groups"] if not c["published"]]
            assert len(hidden) != 1 or row["total"]["states"] == sum(
                c["states"] for c in row["groups"] if c["published"]
            )
