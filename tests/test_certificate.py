"""Solving on a few arcs, then proving the answer optimal over all of them, is exact.

gapcheck.capacity.certificate: the solver first gets each request's best arcs; linear
programming duality then proves the answer optimal over every arc or names the arcs to add.
Here the loop runs with one arc per request to start with and one more per round (the
hardest setting: almost every instance needs several rounds), against brute force, the
solve over all arcs and the previous solver (tests/oracles.py).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.capacity import solvers
from gapcheck.capacity.certificate import best_per_request, violations
from gapcheck.capacity.matching import build_instance
from gapcheck.capacity.solvers import Instance, IntArray, solve, solve_checked, solve_on
from gapcheck.catalogue import Catalogue
from gapcheck.models.capacity import Offer, Request

from .matching_instances import generate
from .oracles import solve_scipy
from .test_matching import DAY, brute_force, instances, sections_of, shipped


def _instance(requests: list[Request], offers: list[Offer], catalogue: Catalogue) -> Instance:
    ordered = sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id)
    return build_instance(*ordered, sections_of(catalogue), DAY)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_a_certified_answer_on_few_arcs_is_a_best_assignment(
    data: tuple[list[Request], list[Offer]],
) -> None:
    inst = _instance(*data, shipped())
    if inst.n_edges == 0:
        return
    best, reaching = brute_force(inst)
    chosen = solve_checked(inst, 1, 1, inst.n_edges)
    assert chosen is not None  # at most 3 offers a request: it settles within MAX_SOLVES
    assert inst.total(chosen) == best
    assert sorted(chosen.tolist()) in reaching


@st.composite
def arrays(draw: st.DrawFn) -> Instance:
    """Instances straight as arrays, larger than brute force can take: up to 60 requests
    and 15 offers, few distinct points (so that ties happen), capacities 1 to 3."""
    n_r, n_o = draw(st.integers(1, 60)), draw(st.integers(1, 15))
    rnd = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    density = draw(st.sampled_from([0.1, 0.3, 0.7]))
    adjacent = rnd.random((n_r, n_o)) < density
    rows, cols = np.nonzero(adjacent)  # row order, then column order, as the builder gives
    points = rnd.choice(np.array([1, 2, 3, 5, 100]), size=len(rows))
    capacity = rnd.integers(1, 4, size=n_o).astype(np.int64)
    return Instance(
        n_r, capacity, rows.astype(np.int32), cols.astype(np.int32), points.astype(np.int32)
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrays(), st.integers(1, 3), st.integers(1, 3))
def test_few_arcs_reach_the_total_of_all_arcs_and_of_the_previous_solver(
    inst: Instance, first: int, add: int
) -> None:
    if inst.n_edges == 0:
        return
    everything = solve_on(inst, None)
    chosen = solve_checked(inst, first, add, inst.n_edges)
    if chosen is None:
        return  # did not settle in MAX_SOLVES: solve() then gives all arcs (tested above)
    assert inst.total(chosen) == inst.total(everything) == inst.total(solve_scipy(inst))
    # a valid assignment: each request at most once, each offer within its capacity
    assert len(set(inst.rows[chosen].tolist())) == len(chosen)
    used = np.bincount(inst.cols[chosen], minlength=inst.n_offers)
    assert np.all(used <= inst.capacity)
    # and its certificate holds on every arc
    proved = violations(inst, chosen, np.arange(inst.n_edges), solvers.MAX_ROUNDS)
    assert proved is not None and len(proved) == 0


def test_an_assignment_that_is_not_the_best_has_no_certificate(catalogue: Catalogue) -> None:
    requests, offers = generate(catalogue, 200, 50, 2026, DAY)
    inst = _instance(requests, offers, catalogue)
    everything = np.arange(inst.n_edges, dtype=np.int64)
    best = solve_on(inst, None)
    proved = violations(inst, best, everything, solvers.MAX_ROUNDS)
    assert proved is not None and len(proved) == 0
    # leave out one matched request: a place stays free that it could take
    worse = best[1:]
    assert violations(inst, worse, everything, solvers.MAX_ROUNDS) is None
    # optimal on its own arcs, but not over all: the arcs to add are named
    few = best_per_request(inst, 1)
    on_few = solve_on(inst, few)
    missing = violations(inst, on_few, few, solvers.MAX_ROUNDS)
    assert missing is not None and len(missing) > 0
    assert not np.isin(missing, few).any()


def test_the_benchmark_instance_settles_on_few_arcs(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,000 x 500 as bench/ makes it: the same total as all arcs, from a fraction of them,
    and solve() takes that path once the instance is large enough."""
    requests, offers = generate(catalogue, 2_000, 500, 2026, dt.date(2026, 1, 1))
    inst = _instance(requests, offers, catalogue)
    given: list[int] = []
    real = solvers.solve_on

    def counting(inst_: Instance, arcs: IntArray | None) -> IntArray:
        given.append(inst_.n_edges if arcs is None else len(arcs))
        return real(inst_, arcs)

    monkeypatch.setattr(solvers, "solve_on", counting)
    monkeypatch.setattr(solvers, "FEW_ARCS_FROM", 0)
    chosen = solve(inst)
    assert inst.total(chosen) == inst.total(real(inst, None))
    assert 1 < len(given) <= solvers.MAX_SOLVES
    assert max(given) < inst.n_edges // 2
