"""Test oracles: the exact solvers gapcheck used before OR-Tools, kept to check it.

networkx's network simplex (pure Python: small instances only), scipy's sparse LAPJVsp over
capacity slots (each offer expanded into one column per place), and scipy's dense
assignment. They optimise the same values as the production solver (`Instance.values`,
with its tie-break), so on any instance they must reach the same total, and, where the best
assignment is unique, the same assignment. bench/bench_matching.py times them as the
baseline of the production solver. Nothing in src/ imports this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from gapcheck.capacity.fit import BASE, LANGUAGE, NAMED, POINTS, REGION, normal_region, weight
from gapcheck.capacity.matching import _Offers
from gapcheck.capacity.solvers import Instance
from gapcheck.errors import GapcheckError
from gapcheck.models.capacity import Offer, Request

IntArray = npt.NDArray[np.int64]


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


ORACLES: dict[str, Callable[[Instance], IntArray]] = {
    "scipy": solve_scipy,
    "flow": solve_flow,
    "scipy-dense": solve_dense,
}


def build_instance_by_request(
    requests: Sequence[Request],
    offers: Sequence[Offer],
    sections: dict[str, str],
    on: dt.date | None = None,
) -> Instance:
    """The builder gapcheck used before: numpy over the offers, one request at a time."""
    table = _Offers(offers, on)
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    pts: list[IntArray] = []
    for i, r in enumerate(requests):
        kinds = frozenset(r.kinds)
        common = table.kinds(kinds)
        mask = table.covered(r.practice, sections[r.practice]) & table.open & (common > 0)
        cand = np.flatnonzero(mask)
        if not len(cand):
            continue
        value = (
            BASE
            + common[cand] / len(kinds)
            + np.where(table.named(r.practice)[cand], NAMED, 0.0)
            + np.where(table.language(frozenset(r.languages))[cand], LANGUAGE, 0.0)
            + np.where(table.region(normal_region(r.region))[cand], REGION, 0.0)
        )
        points = np.maximum(1, np.rint(weight(r) * value * POINTS)).astype(np.int64)
        rows.append(np.full(len(cand), i, dtype=np.int64))
        cols.append(cand.astype(np.int64))
        pts.append(points)
    empty = np.zeros(0, dtype=np.int64)
    return Instance(
        n_requests=len(requests),
        capacity=np.array([o.capacity for o in offers], dtype=np.int64),
        rows=np.concatenate(rows) if rows else empty,
        cols=np.concatenate(cols) if cols else empty,
        points=np.concatenate(pts) if pts else empty,
    )
