"""The matcher against brute force and the previous solvers: optimal totals, the tie-break,
capacities, admissibility, determinism."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.capacity.fit import assess_fit, covers, fit_value, weight
from gapcheck.capacity.matching import Reason, build_instance, match
from gapcheck.capacity.solvers import Instance, solve
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.models.capacity import Event, Offer, Provider, Request, RequestStatus, Window

from .conftest import PRACTICES as PRACTICES_DIR
from .oracles import ORACLES, build_instance_by_request

# a few practices of two sections, few kinds: small instances where many pairs compete
PRACTICES = ["GP02", "GP03", "GP05", "GP13"]
SECTIONS = ["B", "C"]
KINDS = ["training", "funding", "study-visits"]
LANGUAGES = ["en", "fr", "ar"]
REGIONS = ["", "Sahel", "Western Balkans"]
DAY = dt.date(2026, 6, 1)
PROVIDER = Provider(name="Institute for Testing")


def make_request(
    rid: str, practice: str, kinds: list[str], priority: float, **kw: object
) -> Request:
    return Request(
        id=rid,
        state="Republic of Testland",
        practice=practice,
        target=3,
        kinds=kinds,
        priority=priority,
        history=[Event(status=RequestStatus.REQUESTED, date=DAY)],
        **kw,
    )


def make_offer(oid: str, kinds: list[str], capacity: int = 1, **kw: object) -> Offer:
    return Offer(id=oid, provider=PROVIDER, kinds=kinds, capacity=capacity, **kw)


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Request], list[Offer]]:
    n_requests = draw(st.integers(1, 6))
    n_offers = draw(st.integers(1, 3))
    kinds = st.lists(st.sampled_from(KINDS), min_size=1, max_size=3, unique=True)
    requests = [
        make_request(
            f"r{i}",
            draw(st.sampled_from(PRACTICES)),
            draw(kinds),
            # few distinct priorities, so that ties really happen
            draw(st.sampled_from([0.0, 0.5, 1.0, 2.25])),
            languages=draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True)),
            region=draw(st.sampled_from(REGIONS)),
        )
        for i in range(n_requests)
    ]
    offers = []
    for j in range(n_offers):
        practices = draw(st.lists(st.sampled_from(PRACTICES), max_size=2, unique=True))
        sections = draw(st.lists(st.sampled_from(SECTIONS), max_size=1))
        if not practices and not sections:
            practices = [draw(st.sampled_from(PRACTICES))]
        offers.append(
            make_offer(
                f"o{j}",
                draw(kinds),
                draw(st.integers(1, 3)),
                practices=practices,
                sections=sections,
                languages=draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True)),
                regions=[r for r in draw(st.lists(st.sampled_from(REGIONS[1:]), unique=True))],
            )
        )
    return requests, offers


@cache
def shipped() -> Catalogue:
    """For hypothesis tests: a fixture's repr would fill every failure report."""
    return load_catalogue(PRACTICES_DIR)


def brute_force(inst: Instance) -> tuple[tuple[int, int], list[list[int]]]:
    """The best (points, ties) over every assignment, by enumeration, and every assignment
    (its edges, sorted) that reaches it."""
    options: list[list[int | None]] = [[None] for _ in range(inst.n_requests)]
    for e in range(inst.n_edges):
        options[int(inst.rows[e])].append(e)
    best = (0, 0)
    reaching: list[list[int]] = [[]]
    for choice in product(*options):
        edges = sorted(e for e in choice if e is not None)
        used = np.bincount(inst.cols[edges], minlength=inst.n_offers) if edges else 0
        if np.any(used > inst.capacity):
            continue
        total = inst.total(np.array(edges, dtype=np.int64))
        if total > best:
            best, reaching = total, [edges]
        elif total == best:
            reaching.append(edges)
    return best, reaching


def sections_of(catalogue: Catalogue) -> dict[str, str]:
    return {p.id: p.section for p in catalogue}


def assignment(
    requests: list[Request], offers: list[Offer], catalogue: Catalogue
) -> dict[str, str]:
    outcome = match(requests, offers, catalogue, on=DAY)
    return {m.request.id: m.offer.id for m in outcome.matches}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_solver_and_every_oracle_reach_the_brute_force_optimum(
    data: tuple[list[Request], list[Offer]],
) -> None:
    catalogue = shipped()
    requests, offers = data
    ordered = sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id)
    inst = build_instance(*ordered, sections_of(catalogue), DAY)
    best, reaching = brute_force(inst)
    outcome = match(requests, offers, catalogue, on=DAY)
    # the total score is the optimum, and so is the tie-break among optimal assignments
    assert (outcome.points, outcome.ties) == best
    chosen = solve(inst)
    assert chosen.tolist() in reaching
    for name, oracle in ORACLES.items():
        theirs = oracle(inst)
        assert inst.total(theirs) == best, name
        if len(reaching) == 1:
            # the tie-break leaves one best assignment: the previous solvers find it too
            assert theirs.tolist() == chosen.tolist(), name


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**32))
def test_assignments_respect_capacity_and_admissibility_and_ignore_order(
    data: tuple[list[Request], list[Offer]], seed: int
) -> None:
    catalogue = shipped()
    requests, offers = data
    sections = sections_of(catalogue)
    outcome = match(requests, offers, catalogue, on=DAY)
    for offer in offers:
        assert len(outcome.taken[offer.id]) <= offer.capacity
    assert len({m.request.id for m in outcome.matches}) == len(outcome.matches)
    for m in outcome.matches:
        assert covers(m.offer, m.request.practice, sections[m.request.practice])
        assert set(m.request.kinds) & set(m.offer.kinds)
    # an unmatched request never has a fitting offer with a free place: that would be better
    for u in outcome.unmatched:
        for offer in offers:
            if assess_fit(u.request, offer, sections[u.request.practice], DAY):
                assert len(outcome.taken[offer.id]) == offer.capacity
                assert u.reason is Reason.FULL
    # the same input in another order gives the same assignment
    rnd = random.Random(seed)
    shuffled_r, shuffled_o = list(requests), list(offers)
    rnd.shuffle(shuffled_r)
    rnd.shuffle(shuffled_o)
    assert assignment(shuffled_r, shuffled_o, catalogue) == assignment(requests, offers, catalogue)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_vectorised_points_equal_the_documented_formula(
    data: tuple[list[Request], list[Offer]],
) -> None:
    catalogue = shipped()
    requests, offers = data
    sections = sections_of(catalogue)
    ordered = sorted(requests, key=lambda r: r.id)
    inst = build_instance(ordered, offers, sections, DAY)
    pairs = {
        (int(r), int(c)): int(p) for r, c, p in zip(inst.rows, inst.cols, inst.points, strict=True)
    }
    for i, r in enumerate(ordered):
        for j, o in enumerate(offers):
            fit = assess_fit(r, o, sections[r.practice], DAY)
            assert (fit.points if fit else None) == pairs.get((i, j))


@settings(max_examples=100, deadline=None)
@given(instances())
def test_pairs_built_over_requests_equal_those_built_one_request_at_a_time(
    data: tuple[list[Request], list[Offer]],
) -> None:
    sections = sections_of(shipped())
    requests, offers = data
    ordered = sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id)
    ours, before = (
        build_instance(*ordered, sections, DAY),
        build_instance_by_request(*ordered, sections, DAY),
    )
    for field in ("rows", "cols", "points", "capacity"):
        assert getattr(ours, field).tolist() == getattr(before, field).tolist(), field


def test_fit_formula_by_hand(catalogue: Catalogue) -> None:
    r = make_request("r", "GP03", ["training", "funding"], 2.0, languages=["fr"], region="Sahel")
    o = make_offer("o", ["training"], practices=["GP03"], languages=["fr"], regions=["sahel"])
    fit = assess_fit(r, o, "B")
    assert fit is not None
    # 1 + half the kinds + named + language + region (case and spaces do not matter)
    assert fit.fit == 1 + 0.5 + 0.5 + 1 + 0.5 == fit_value(0.5, True, True, True)
    assert fit.weight == weight(r) == 2.1
    assert fit.points == round(2.1 * 3.5 * 1000)
    by_section = assess_fit(r, make_offer("s", ["funding"], sections=["B"]), "B")
    assert by_section is not None and not by_section.named and by_section.fit == 1.5
    assert assess_fit(r, make_offer("k", ["equipment"], practices=["GP03"]), "B") is None
    assert assess_fit(r, make_offer("p", ["training"], practices=["GP05"]), "B") is None


def test_equal_requests_for_the_last_place_go_by_id(catalogue: Catalogue) -> None:
    requests = [make_request(rid, "GP03", ["training"], 1.0) for rid in ("b-req", "a-req", "c-req")]
    offers = [make_offer("only", ["training"], capacity=2, practices=["GP03"])]
    outcome = match(requests, offers, catalogue)
    assert sorted(m.request.id for m in outcome.matches) == ["a-req", "b-req"]
    [left] = outcome.unmatched
    assert left.request.id == "c-req" and left.reason is Reason.FULL
    assert left.taken_by == ("a-req", "b-req") and left.offers == ("only",)


def test_equal_requests_and_offers_all_match_whatever_the_input_order(
    catalogue: Catalogue,
) -> None:
    # every pairing ties on points and on ranks: the solver's fixed order of work decides,
    # and it sees ids, never the input order
    requests = [make_request(rid, "GP03", ["training"], 1.0) for rid in ("r2", "r0", "r1")]
    offers = [make_offer(oid, ["training"], practices=["GP03"]) for oid in ("o1", "o2", "o0")]
    first = assignment(requests, offers, catalogue)
    assert sorted(first) == ["r0", "r1", "r2"] and sorted(first.values()) == ["o0", "o1", "o2"]
    assert assignment(requests[::-1], offers[::-1], catalogue) == first


def test_equal_offers_go_by_id(catalogue: Catalogue) -> None:
    requests = [make_request("r", "GP03", ["training"], 1.0)]
    offers = [make_offer(oid, ["training"], practices=["GP03"]) for oid in ("z-offer", "m-offer")]
    assert assignment(requests, offers, catalogue) == {"r": "m-offer"}


def test_a_better_fit_beats_the_id_order(catalogue: Catalogue) -> None:
    requests = [make_request("r", "GP03", ["training"], 1.0, languages=["fr"])]
    offers = [
        make_offer("a-offer", ["training"], practices=["GP03"], languages=["en"]),
        make_offer("b-offer", ["training"], practices=["GP03"], languages=["fr"]),
    ]
    assert assignment(requests, offers, catalogue) == {"r": "b-offer"}


def test_priority_decides_who_gets_a_scarce_place(catalogue: Catalogue) -> None:
    requests = [
        make_request("a-low", "GP03", ["training"], 0.2),
        make_request("z-high", "GP03", ["training"], 3.0),
    ]
    offers = [make_offer("only", ["training"], practices=["GP03"])]
    assert assignment(requests, offers, catalogue) == {"z-high": "only"}


def test_the_optimum_is_not_the_greedy_choice(catalogue: Catalogue) -> None:
    # greedy gives the best pair (big on o1) first and leaves small without an offer
    requests = [
        make_request("big", "GP03", ["training"], 2.0),
        make_request("small", "GP05", ["training"], 1.9),
    ]
    offers = [
        make_offer("o1", ["training"], sections=["B"], languages=["en"]),
        make_offer("o2", ["training"], practices=["GP03"], languages=["fr"]),
    ]
    assert assignment(requests, offers, catalogue) == {"big": "o2", "small": "o1"}


def test_every_miss_is_explained(catalogue: Catalogue) -> None:
    requests = [
        make_request("no-offer", "GP25", ["training"], 1.0),
        make_request("no-kind", "GP13", ["funding"], 1.0),
        make_request("closed", "GP02", ["funding"], 1.0),
        make_request("first", "GP03", ["training"], 2.0),
        make_request("second", "GP03", ["training"], 1.0),
    ]
    offers = [
        make_offer("mentors", ["training", "study-visits"], practices=["GP13"]),
        make_offer(
            "old-fund", ["funding"], practices=["GP02"], window=Window(to=dt.date(2026, 1, 1))
        ),
        make_offer("course", ["training"], practices=["GP03"]),
    ]
    outcome = match(requests, offers, catalogue, on=DAY)
    why = {u.request.id: u for u in outcome.unmatched}
    assert why["no-offer"].reason is Reason.NO_OFFER
    assert why["no-kind"].reason is Reason.NO_KIND
    assert why["no-kind"].offers == ("mentors",)
    assert why["no-kind"].kinds_offered == ("study-visits", "training")
    assert why["closed"].reason is Reason.CLOSED and why["closed"].offers == ("old-fund",)
    assert why["second"].reason is Reason.FULL and why["second"].taken_by == ("first",)
    # without a date, the closed offer is open again
    assert "closed" in {m.request.id for m in match(requests, offers, catalogue).matches}


def test_requests_under_way_are_not_matched_again(catalogue: Catalogue) -> None:
    done = make_request("done", "GP03", ["training"], 5.0).model_copy(
        update={
            "status": RequestStatus.AGREED,
            "history": [
                Event(status=RequestStatus.REQUESTED, date=DAY),
                Event(status=RequestStatus.AGREED, date=DAY, offer="course"),
            ],
        }
    )
    waiting = make_request("waiting", "GP03", ["training"], 1.0)
    outcome = match(
        [done, waiting], [make_offer("course", ["training"], practices=["GP03"])], catalogue
    )
    assert [m.request.id for m in outcome.matches] == ["waiting"]
    assert [r.id for r in outcome.not_open] == ["done"]


def test_nothing_to_match(catalogue: Catalogue) -> None:
    outcome = match([], [make_offer("o", ["training"], practices=["GP03"])], catalogue)
    assert outcome.matches == () and outcome.points == 0
    outcome = match([make_request("r", "GP03", ["training"], 1.0)], [], catalogue)
    assert outcome.unmatched[0].reason is Reason.NO_OFFER


def test_duplicate_ids_are_refused(catalogue: Catalogue) -> None:
    twice = [make_offer("same", ["training"], practices=["GP03"])] * 2
    with pytest.raises(ValueError, match="offer ids must be unique"):
        match([], twice, catalogue)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_regions_looked_up_in_a_table_or_by_search_give_the_same_pairs(
    data: tuple[list[Request], list[Offer]],
) -> None:
    from unittest import mock

    from gapcheck.capacity import pairs

    sections = sections_of(shipped())
    requests, offers = data
    ordered = sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id)
    table = build_instance(*ordered, sections, DAY)
    with mock.patch.object(pairs, "REGION_TABLE", 0):
        searched = build_instance(*ordered, sections, DAY)
    for field in ("rows", "cols", "points"):
        assert getattr(table, field).tolist() == getattr(searched, field).tolist(), field
