"""The exact solver of the capacitated assignment: OR-Tools' min-cost flow on the sparse graph.

The problem: requests (rows) and offers (columns, offer j takes at most capacity[j]
requests), admissible pairs (edges) each with integer points. Choose edges so that each
request has at most one and each offer at most its capacity, maximising the total points.

Ties are broken by id: every edge's value is `points x K + tie`, with
`tie = (n_requests - row) + (n_offers - col)` (rows and columns numbered in id order, so the
first request and the first offer count most), and K larger than any total of ties a
matching can reach. So a matching with more points always wins; among equal ones, the
largest total tie wins: it favours giving a place to requests that come first in id order
and using offers that come first in id order, one place earlier in either counting the same.
When two assignments still tie on it (two requests that could trade two offers with the same
points and the same ranks in total), the answer is still fixed, because the solver is
deterministic and only ever sees rows and columns in id order, never the input order.

The tie is a sum, not a product of ranks, so that the values stay small: OR-Tools scales
costs by the number of nodes, and `points x K x nodes` must stay below 2**63. `check_range`
refuses, with a plain message, an instance where it would not (far beyond the largest one
gapcheck reads: 20,000 requests x 5,000 offers at the highest priority use about a tenth of
the range).

The graph: source -> request (capacity 1), request -> offer (capacity 1, cost -value),
offer -> sink (capacity = the offer's), and source -> sink (free) so that requests may stay
unmatched. There is no expansion of an offer into one column per place, so memory grows
with the number of admissible pairs only. Other exact solvers (networkx, scipy) are kept in
tests/oracles.py as test oracles and as the benchmark's baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from gapcheck.capacity.certificate import (
    all_values,
    best_per_request,
    violations,
    worst_per_request,
)
from gapcheck.collector import give_back
from gapcheck.errors import GapcheckError

IntArray = npt.NDArray[np.int64]
# the instance's pairs: int32 from the builder (half the memory), int64 from the tests' oracles
Ints = npt.NDArray[np.signedinteger[Any]]

NAME = "or-tools min-cost flow"
INT64 = 2**63 - 1
# pairs handed to OR-Tools at a time (it copies them): bounds the arrays made for it
ARC_SLICE = 1_000_000
# From FEW_ARCS_FROM pairs on, the first solve gets each request's best FIRST_ARCS arcs, each
# later one ADD_ARCS more per request where the certificate fails (certificate.py); after
# MAX_SOLVES solves, or a certificate not found in MAX_ROUNDS rounds, all arcs are given.
# Measured at 20,000 x 5,000 (bench/RESULTS.md): 5 solves on 416,000 of 6.4 million arcs.
FEW_ARCS_FROM = 200_000
FIRST_ARCS = 8
ADD_ARCS = 8
MAX_SOLVES = 12
MAX_ROUNDS = 2_000


@dataclass(frozen=True)
class Instance:
    """Edges in row order, then column order (the builder guarantees it)."""

    n_requests: int
    capacity: IntArray
    rows: Ints
    cols: Ints
    points: Ints

    @property
    def n_offers(self) -> int:
        return len(self.capacity)

    @property
    def n_edges(self) -> int:
        return len(self.rows)

    @property
    def n_nodes(self) -> int:
        return self.n_requests + self.n_offers + 2

    @property
    def tie_bound(self) -> int:
        """More than any one edge's tie."""
        return self.n_requests + self.n_offers + 1

    @cached_property
    def k(self) -> int:
        most = min(self.n_requests, int(self.capacity.sum()))
        return most * self.tie_bound + 1

    def check_range(self) -> None:
        """Refuse an instance whose costs OR-Tools could not scale without overflow."""
        top = int(self.points.max(initial=0)) * self.k + self.tie_bound
        if top * (self.n_nodes + 1) > INT64:
            raise GapcheckError(
                f"{self.n_requests:,} requests x {self.n_offers:,} offers with priorities up to "
                "this high are too large to match exactly (the scores would not fit in the "
                "solver's 64-bit numbers); split the requests into smaller batches"
            )

    @property
    def ties(self) -> IntArray:
        rows, cols = self.rows.astype(np.int64), self.cols.astype(np.int64)
        return (self.n_requests - rows) + (self.n_offers - cols)

    @property
    def values(self) -> IntArray:
        """`points x K + tie` per edge (made on demand: at millions of edges it is large)."""
        self.check_range()
        return self.points.astype(np.int64) * self.k + self.ties

    def total(self, chosen: IntArray) -> tuple[int, int]:
        """(points, ties) of a set of edges, in exact integers."""
        points = self.points[chosen].astype(np.int64)
        rows, cols = self.rows[chosen].astype(np.int64), self.cols[chosen].astype(np.int64)
        ties = (self.n_requests - rows) + (self.n_offers - cols)
        return int(points.sum()), int(ties.sum())

    def edge_of(self, rows: IntArray, cols: IntArray) -> IntArray:
        keys = self.rows.astype(np.int64) * self.n_offers + self.cols
        return np.searchsorted(keys, rows * self.n_offers + cols).astype(np.int64)


def solve(inst: Instance) -> IntArray:
    """The chosen edges (indices into the instance's edges), sorted.

    From FEW_ARCS_FROM edges on, the solver first gets each request's best few arcs, and
    the answer is proved optimal over all of them (gapcheck.capacity.certificate); where
    that does not settle within MAX_SOLVES solves, and below FEW_ARCS_FROM, all arcs.
    """
    if inst.n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    inst.check_range()
    if inst.n_edges >= FEW_ARCS_FROM:
        chosen = solve_checked(inst, FIRST_ARCS, ADD_ARCS, inst.n_edges // 2)
        if chosen is not None:
            return chosen
    return solve_on(inst, None)


def solve_checked(inst: Instance, first: int, add: int, most: int) -> IntArray | None:
    """Solve on each request's `first` best arcs; while the answer's optimality certificate
    fails on some arcs, add each request's `add` best of them and solve again. None when it
    does not settle in MAX_SOLVES solves or would give the solver more than `most` arcs."""
    given = best_per_request(inst, first)
    weights = all_values(inst)
    # the arcs given so far as a mask: adding to it and reading it back in order is two
    # passes over the arcs, where np.union1d sorted them again each time (0.4 s a solve)
    picked = np.zeros(inst.n_edges, dtype=bool)
    picked[given] = True
    for _ in range(MAX_SOLVES):
        if len(given) > most:
            return None
        chosen = solve_on(inst, given)
        missing = violations(inst, chosen, given, MAX_ROUNDS, weights)
        if missing is None:
            return None
        if not len(missing):
            return chosen
        picked[worst_per_request(inst, missing, add)] = True
        given = np.flatnonzero(picked).astype(np.int64)
    return None


def solve_on(inst: Instance, given: IntArray | None) -> IntArray:
    """The best assignment using only the arcs `given` (indices, sorted; None: all)."""
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped, import-not-found, unused-ignore]

    n_r, n_o = inst.n_requests, inst.n_offers
    n_e = inst.n_edges if given is None else len(given)
    source, sink = n_r + n_o, n_r + n_o + 1
    give_back()  # the solver's copy of the graph is the peak of a large match
    flow = min_cost_flow.SimpleMinCostFlow()
    # arcs, in this order: source -> each request, the edges, each offer -> sink, source ->
    # sink. OR-Tools copies what it is given, so the edges go in slices: the arrays made for
    # it stay small instead of doubling the memory of millions of pairs.
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(n_r, source, dtype=np.int32),
        np.arange(n_r, dtype=np.int32),
        np.ones(n_r, dtype=np.int64),
        np.zeros(n_r, dtype=np.int64),
    )
    k = inst.k
    for lo, hi in arc_slices(n_e):
        at = slice(lo, hi) if given is None else given[lo:hi]
        rows = inst.rows[at].astype(np.int32)
        cols = inst.cols[at].astype(np.int32)
        costs = inst.points[at].astype(np.int64) * -k
        costs -= (n_r - rows.astype(np.int64)) + (n_o - cols.astype(np.int64))  # the tie
        flow.add_arcs_with_capacity_and_unit_cost(
            rows, n_r + cols, np.ones(hi - lo, np.int64), costs
        )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.append(n_r + np.arange(n_o, dtype=np.int32), np.int32(source)),
        np.append(np.full(n_o, sink, dtype=np.int32), np.int32(sink)),
        np.append(inst.capacity, n_r).astype(np.int64),
        np.zeros(n_o + 1, dtype=np.int64),
    )
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([n_r, -n_r], dtype=np.int64)
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise GapcheckError(f"internal error: the matching solver stopped ({status!r})")
    chosen: IntArray = np.concatenate(
        [
            lo + np.flatnonzero(flow.flows(np.arange(n_r + lo, n_r + hi, dtype=np.int32)) > 0)
            for lo, hi in arc_slices(n_e)
        ]
    ).astype(np.int64)
    return chosen if given is None else given[chosen]


def arc_slices(n: int) -> list[tuple[int, int]]:
    return [(lo, min(n, lo + ARC_SLICE)) for lo in range(0, n, ARC_SLICE)]
