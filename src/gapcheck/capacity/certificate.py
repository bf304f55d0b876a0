"""Solve on a few arcs, then prove the answer optimal over all of them (or find what to add).

At 20,000 requests x 5,000 offers there are 6.4 million possible pairs, and OR-Tools' copy of
the graph (about 70 bytes an arc) was most of the memory of a match. A request is almost
always matched to one of its best few offers, so the solver first gets each request's
FIRST_ARCS best arcs only. Its answer is then checked against every arc with linear
programming duality, in exact integers:

    maximise  sum of w(e) x(e)  over the chosen arcs, each request at most 1, offer j at most c(j)
    dual:     minimise sum u(i) + sum c(j) v(j)  with  u(i) + v(j) >= w(i, j),  u, v >= 0

An assignment is optimal over all arcs if some (u, v) satisfies the dual constraints on every
arc and the complementary slackness conditions with it (u(i) > 0 only for a matched request,
v(j) > 0 only for a full offer, u(i) + v(j) = w(i, j) on a chosen arc): then the two totals
are equal. Such (u, v) is found on the arcs given to the solver, where the assignment is
optimal, as the largest solution of difference constraints over the offers (shortest paths,
Bellman-Ford); then every arc of the instance is checked against it, and the arcs that
break it are added and the instance solved again. The loop ends with an assignment whose
total, ties included, is that of a solve over all arcs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    # the solver imports this module; this one needs the instance's type only
    from gapcheck.capacity.solvers import Instance, IntArray

INT64_MAX = np.iinfo(np.int64).max
SLICE = 1_000_000  # arcs checked at a time: bounds the arrays made for the check


def best_per_request(inst: Instance, k: int, among: IntArray | None = None) -> IntArray:
    """The indices (sorted) of each request's `k` most valuable arcs (among those given)."""
    rows = inst.rows if among is None else inst.rows[among]
    points = (inst.points if among is None else inst.points[among]).astype(np.int64)
    top = int(points.max(initial=0)) + 1
    # by request, then points from the highest, then offer (the arcs of a request are in
    # offer order, and a stable sort keeps it): the order of `Instance.values` in a request
    order = np.argsort(rows.astype(np.int64) * top + (top - 1 - points), kind="stable")
    del points
    starts = np.searchsorted(rows, np.arange(inst.n_requests + 1))
    rank = np.arange(len(rows)) - np.repeat(starts[:-1], np.diff(starts))
    picked: IntArray = np.sort(order[rank < k]).astype(np.int64)
    return picked if among is None else among[picked]


def worst_per_request(inst: Instance, broken: IntArray, k: int) -> IntArray:
    """Of the arcs that break the certificate, each request's `k` most valuable."""
    return best_per_request(inst, k, broken)


def values(inst: Instance, edges: IntArray | slice) -> IntArray:
    """`Instance.values` of some arcs, in int64."""
    rows = inst.rows[edges].astype(np.int64)
    cols = inst.cols[edges].astype(np.int64)
    out: IntArray = inst.points[edges].astype(np.int64) * inst.k
    out += (inst.n_requests - rows) + (inst.n_offers - cols)
    return out


def all_values(inst: Instance) -> IntArray:
    """`values` of every arc, made a slice at a time (the temporaries stay small): made once
    for all the checks of one solve rather than again in each (8 bytes an arc)."""
    out = np.empty(inst.n_edges, dtype=np.int64)
    for lo in range(0, inst.n_edges, SLICE):
        hi = min(inst.n_edges, lo + SLICE)
        out[lo:hi] = values(inst, slice(lo, hi))
    return out


def violations(
    inst: Instance,
    chosen: IntArray,
    given: IntArray,
    max_rounds: int,
    weights: IntArray | None = None,
) -> IntArray | None:
    """The arcs that break the optimality certificate of `chosen`, optimal on the arcs
    `given`: empty when `chosen` is optimal over every arc. None when no certificate was
    found within `max_rounds` rounds of Bellman-Ford (the caller then solves on all arcs).
    `weights`: `all_values(inst)`, when the caller checks more than once."""
    n_r, n_o = inst.n_requests, inst.n_offers
    w_all = all_values(inst) if weights is None else weights
    chosen_rows = inst.rows[chosen].astype(np.int64)
    chosen_cols = inst.cols[chosen].astype(np.int64)
    chosen_w = w_all[chosen]
    match_col = np.full(n_r, -1, dtype=np.int64)
    match_col[chosen_rows] = chosen_cols
    match_w = np.zeros(n_r, dtype=np.int64)
    match_w[chosen_rows] = chosen_w
    full = np.bincount(chosen_cols, minlength=n_o) >= inst.capacity

    # v(j) <= w(i, j) for the requests it holds (u >= 0); 0 for an offer with room left
    upper = np.full(n_o, INT64_MAX, dtype=np.int64)
    np.minimum.at(upper, chosen_cols, chosen_w)
    upper[~full] = 0
    rows = inst.rows[given].astype(np.int64)
    cols = inst.cols[given].astype(np.int64)
    w = w_all[given]
    held = match_col[rows]
    # v(j) >= w(i, j) for a request left without an offer (u = 0)
    free = held < 0
    lower = np.zeros(n_o, dtype=np.int64)
    np.maximum.at(lower, cols[free], w[free])
    # a matched request's other arcs: w(i, held) - v(held) + v(j) >= w(i, j)
    other = ~free & (cols != held)
    tail, head = cols[other], held[other]
    gap = match_w[rows[other]] - w[other]
    del rows, cols, w, held, free, other

    v = upper
    for _ in range(max_rounds):
        relaxed = v.copy()
        np.minimum.at(relaxed, head, v[tail] + gap)
        if np.array_equal(relaxed, v):
            break
        v = relaxed
    else:
        return None
    if np.any(v < lower):
        return None  # no certificate: the solver's answer was not optimal on its arcs
    u = np.where(match_col >= 0, match_w - v[np.maximum(match_col, 0)], 0)

    broken = [
        lo + np.flatnonzero(u[inst.rows[lo:hi]] + v[inst.cols[lo:hi]] < w_all[lo:hi])
        for lo, hi in ((lo, min(inst.n_edges, lo + SLICE)) for lo in range(0, inst.n_edges, SLICE))
    ]
    found: IntArray = np.concatenate(broken).astype(np.int64)
    return found
