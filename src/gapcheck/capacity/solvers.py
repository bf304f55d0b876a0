"""Exact solvers of the capacitated assignment: networkx min-cost flow and scipy matching.

The problem: requests (rows) and offers (columns, offer j takes at most capacity[j]
requests), admissible pairs (edges) each with integer points. Choose edges so that each
request has at most one and each offer at most its capacity, maximising the total points.

Ties are broken by id: every edge's value is `points x K + tie`, with
`tie = (n_requests - row) x (n_offers + 1 - col)` (rows and columns numbered in id order), and
K larger than any total of ties a matching can reach. So a matching with more points always
wins; among equal ones, the largest total tie wins, which favours requests that come first
in id order getting a place, each request taking the first of equal offers, and (the product
makes it so) the first of equal requests taking the first of equal offers. Both solvers find
that largest total exactly; when two assignments still tie on it, each solver's answer is
still fixed, because it only ever sees rows and columns in id order, never the input order.

Integers are exact in the flow solver; scipy works in float64, exact below 2**53 per value,
which at 20,000 x 5,000 still keeps every point exact (only the tie-break may round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from gapcheck.errors import GapcheckError

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Instance:
    """Edges in row order, then column order (the builder guarantees it)."""

    n_requests: int
    capacity: IntArray
    rows: IntArray
    cols: IntArray
    points: IntArray

    @property
    def n_offers(self) -> int:
        return len(self.capacity)

    @property
    def n_edges(self) -> int:
        return len(self.rows)

    @cached_property
    def k(self) -> int:
        most = min(self.n_requests, int(self.capacity.sum()))
        return most * self.tie_bound + 1

    @property
    def tie_bound(self) -> int:
        return self.n_requests * (self.n_offers + 1)

    @cached_property
    def values(self) -> IntArray:
        top = int(self.points.max(initial=0)) * self.k + self.tie_bound
        if top >= 2**62:
            raise GapcheckError(
                f"{self.n_requests} requests x {self.n_offers} offers is too large to match "
                "exactly; split the requests into smaller batches"
            )
        ties = (self.n_requests - self.rows) * (self.n_offers + 1 - self.cols)
        return self.points * self.k + ties

    def total(self, chosen: IntArray) -> tuple[int, int]:
        """(points, ties) of a set of edges, in exact integers."""
        pts = sum(int(p) for p in self.points[chosen])
        ties = sum(int(v) for v in self.values[chosen]) - pts * self.k
        return pts, ties

    def edge_of(self, rows: IntArray, cols: IntArray) -> IntArray:
        keys = self.rows * self.n_offers + self.cols
        return np.searchsorted(keys, rows * self.n_offers + cols).astype(np.int64)


def solve_flow(inst: Instance) -> IntArray:
    """networkx network simplex: source -> offer (capacity) -> request (1) -> sink, plus a
    zero-cost bypass so that requests may stay unmatched."""
    import networkx as nx

    if inst.n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    n_r, n_o = inst.n_requests, inst.n_offers
    source, sink = n_r + n_o, n_r + n_o + 1
    g: nx.DiGraph[int] = nx.DiGraph()
    g.add_node(source, demand=-n_r)
    g.add_node(sink, demand=n_r)
    g.add_edge(source, sink, capacity=n_r, weight=0)
    g.add_edges_from(
        (source, n_r + j, {"capacity": int(c), "weight": 0}) for j, c in enumerate(inst.capacity)
    )
    g.add_edges_from((i, sink, {"capacity": 1, "weight": 0}) for i in range(n_r))
    g.add_edges_from(
        (n_r + int(c), int(r), {"capacity": 1, "weight": -int(v)})
        for r, c, v in zip(inst.rows, inst.cols, inst.values, strict=True)
    )
    flow = nx.min_cost_flow(g)
    picked_rows, picked_cols = [], []
    for j in range(n_o):
        for i, amount in flow[n_r + j].items():
            if amount:
                picked_rows.append(i)
                picked_cols.append(j)
    return _edges(inst, picked_rows, picked_cols)


def _slots(inst: Instance) -> tuple[IntArray, IntArray]:
    """Each offer as min(capacity, degree) identical columns: (first slot, slots) per offer."""
    degree = np.bincount(inst.cols, minlength=inst.n_offers)
    slots = np.minimum(inst.capacity, degree).astype(np.int64)
    first = np.concatenate(([0], np.cumsum(slots)[:-1])).astype(np.int64)
    return first, slots


def _expanded(inst: Instance) -> tuple[IntArray, IntArray, npt.NDArray[np.float64], int]:
    first, slots = _slots(inst)
    per_edge = slots[inst.cols]
    edge = np.repeat(np.arange(inst.n_edges), per_edge)
    offset = np.arange(len(edge)) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    columns = first[inst.cols[edge]] + offset
    return inst.rows[edge], columns, inst.values[edge].astype(np.float64), int(slots.sum())


def solve_scipy(inst: Instance) -> IntArray:
    """scipy's sparse LAPJVsp over capacity slots. The smaller side (requests or slots) is
    the rows, which measured faster; each row also gets a dummy column of its own, so that
    it may stay unmatched. Weights are shifted by +1 for every edge (the solver drops zero
    weights); every full matching has one edge per row, so the shift adds the same constant
    to all of them and the best one stays the best."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    if inst.n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    requests, slots, weights, n_slots = _expanded(inst)
    by_slot = n_slots < inst.n_requests
    rows, cols = (slots, requests) if by_slot else (requests, slots)
    n_rows, n_cols = (n_slots, inst.n_requests) if by_slot else (inst.n_requests, n_slots)
    matrix = coo_matrix(
        (
            np.concatenate((weights + 1.0, np.ones(n_rows))),
            (
                np.concatenate((rows, np.arange(n_rows))),
                np.concatenate((cols, n_cols + np.arange(n_rows))),
            ),
        ),
        shape=(n_rows, n_cols + n_rows),
    ).tocsr()
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)
    real = col_ind < n_cols
    matched_rows: IntArray = row_ind[real].astype(np.int64)
    matched_cols: IntArray = col_ind[real].astype(np.int64)
    if by_slot:
        return _edges_from_slots(inst, matched_cols, matched_rows)
    return _edges_from_slots(inst, matched_rows, matched_cols)


def solve_dense(inst: Instance) -> IntArray:
    """scipy's linear_sum_assignment on a dense requests x slots matrix; inadmissible cells
    are 0, so a maximum assignment that uses them is a maximum matching plus zeros."""
    from scipy.optimize import linear_sum_assignment

    if inst.n_edges == 0:
        return np.zeros(0, dtype=np.int64)
    rows, columns, weights, n_slots = _expanded(inst)
    matrix = np.zeros((inst.n_requests, n_slots))
    matrix[rows, columns] = weights
    row_ind, col_ind = linear_sum_assignment(matrix, maximize=True)
    real = matrix[row_ind, col_ind] > 0
    return _edges_from_slots(inst, row_ind[real], col_ind[real])


def _edges_from_slots(inst: Instance, rows: IntArray, slot_cols: IntArray) -> IntArray:
    first, _ = _slots(inst)
    # an offer without slots shares its `first` with the next offer: side="right" skips it
    offers = np.searchsorted(first, slot_cols, side="right") - 1
    return _edges(inst, rows.tolist(), offers.tolist())


def _edges(inst: Instance, rows: list[int], cols: list[int]) -> IntArray:
    if not rows:
        return np.zeros(0, dtype=np.int64)
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    edges = inst.edge_of(r, c)
    if not (np.array_equal(inst.rows[edges], r) and np.array_equal(inst.cols[edges], c)):
        raise GapcheckError("internal error: the solver chose a pair that is not admissible")
    return np.sort(edges)


SOLVERS: dict[str, Callable[[Instance], IntArray]] = {
    "scipy": solve_scipy,
    "flow": solve_flow,
    "scipy-dense": solve_dense,
}
