"""The admissible pairs of requests and offers, with their points, built with numpy over both.

Kinds and languages become bit sets (one bit per kind or language met in the files), regions
numbers, so that a block of requests x the offers covering their practice is judged in a few
array operations: no Python loop over requests or pairs. The floats are computed with the
same operations, in the same order, as `gapcheck.capacity.fit.fit_value`, so the points are
identical to those of `fit.points` for every pair.

Requests are taken practice by practice, in blocks of at most BLOCK candidate pairs, so that
memory stays bounded by the admissible pairs kept, and the count of pairs is checked against
MAX_PAIRS as it grows, before a larger instance is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from gapcheck.capacity.fit import (
    BASE,
    LANGUAGE,
    MIN_WEIGHT,
    NAMED,
    POINTS,
    REGION,
    is_open,
    normal_region,
)
from gapcheck.capacity.solvers import Instance, IntArray, Ints
from gapcheck.errors import GapcheckError
from gapcheck.models.capacity import Offer, Request

Bits = npt.NDArray[np.uint64]

# 20,000 x 5,000 generated as in bench/bench_matching.py has about 6.4 million pairs
# (under 1 GB to match, most of it OR-Tools' graph); real programmes have hundreds. See
# docs/limits.md.
MAX_PAIRS = 12_000_000
BLOCK = 2_000_000
REGION_TABLE = 16_000_000  # offers x regions asked, as booleans (16 MB)


def _bits(sets: Iterable[Iterable[str]], index: dict[str, int], n: int) -> Bits:
    words = max(1, (len(index) + 63) // 64)
    masks = [sum(1 << b for b in {index[v] for v in values}) for values in sets]
    out = np.zeros((n, words), dtype=np.uint64)
    for w in range(words):
        out[:, w] = np.array([(m >> (64 * w)) & WORD for m in masks], dtype=np.uint64)
    return out


WORD = 2**64 - 1


def _popcount(x: Bits) -> IntArray:
    """Set bits per row of a 2-D array of words."""
    counts: IntArray = np.bitwise_count(x).sum(axis=1, dtype=np.int64)
    return counts


def _index(*groups: list[list[str]]) -> dict[str, int]:
    """A bit for each value met, in sorted order."""
    values = sorted({v for group in groups for item in group for v in item})
    return {v: i for i, v in enumerate(values)}


def build_instance(  # noqa: PLR0915 (one vectorised pass over every array; split, it would pass a dozen arrays along)
    requests: Sequence[Request],
    offers: Sequence[Offer],
    sections: dict[str, str],
    on: dt.date | None = None,
) -> Instance:
    """Admissible pairs with their points; requests and offers must be in id order."""
    n_r, n_o = len(requests), len(offers)
    capacity = np.array([o.capacity for o in offers], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int32)
    if not n_r or not n_o:
        return Instance(n_r, capacity, empty, empty, empty)

    kinds = _index([r.kinds for r in requests], [o.kinds for o in offers])
    langs = _index([r.languages for r in requests], [o.languages for o in offers])
    req_kinds = _bits((r.kinds for r in requests), kinds, n_r)
    off_kinds = _bits((o.kinds for o in offers), kinds, n_o)
    req_langs = _bits((r.languages for r in requests), langs, n_r)
    off_langs = _bits((o.languages for o in offers), langs, n_o)
    n_kinds = np.array([len(set(r.kinds)) for r in requests], dtype=np.int64)
    weights = np.array([MIN_WEIGHT + r.priority for r in requests], dtype=np.float64)

    # regions: only those some request names matter
    regions: dict[str, int] = {}
    req_region = np.full(n_r, -1, dtype=np.int64)
    for i, request in enumerate(requests):
        name = normal_region(request.region)
        if name:
            req_region[i] = regions.setdefault(name, len(regions))
    n_regions = max(1, len(regions))
    region_keys = np.unique(
        np.array(
            [
                j * n_regions + regions[name]
                for j, o in enumerate(offers)
                for name in {normal_region(x) for x in o.regions}
                if name in regions
            ],
            dtype=np.int64,
        )
    )
    # offer x region as a table when it is small (a few regions: one lookup a pair), else
    # the sorted keys (a binary search a pair: a third of the pairs' time at 20,000 x 5,000)
    table: npt.NDArray[np.bool_] | None = None
    if n_o * n_regions <= REGION_TABLE:
        table = np.zeros(n_o * n_regions, dtype=bool)
        table[region_keys] = True

    open_ = np.array([is_open(o, on) for o in offers], dtype=bool)
    practices = np.array([r.practice for r in requests])
    rows: list[Ints] = []
    cols: list[Ints] = []
    pts: list[Ints] = []
    total = 0
    for pid in sorted(set(practices.tolist())):
        named = np.array([pid in o.practices for o in offers], dtype=bool)
        section = sections[pid]
        by_section = np.array([section in o.sections for o in offers], dtype=bool)
        cand_cols = np.flatnonzero((named | by_section) & open_).astype(np.int64)
        if not len(cand_cols):
            continue
        cand_rows = np.flatnonzero(practices == pid).astype(np.int64)
        step = max(1, BLOCK // len(cand_cols))
        for start in range(0, len(cand_rows), step):
            block = cand_rows[start : start + step]
            r = np.repeat(block, len(cand_cols))
            c = np.tile(cand_cols, len(block))
            common = _popcount(req_kinds[r] & off_kinds[c])
            keep = common > 0
            r, c, common = r[keep], c[keep], common[keep]
            total += len(r)
            if total > MAX_PAIRS:
                raise GapcheckError(
                    f"these requests and offers make more than {MAX_PAIRS:,} possible pairs "
                    "(offers covering whole sections with many kinds of help, for many "
                    "requests); match them in smaller batches, e.g. one section's requests at "
                    "a time"
                )
            language = (req_langs[r] & off_langs[c]).any(axis=1)
            asked = req_region[r]
            keys = c * n_regions + np.maximum(asked, 0)
            found = table[keys] if table is not None else _member(keys, region_keys)
            region = (asked >= 0) & found
            # the same operations, in the same order, as fit.fit_value: identical floats
            value = (
                BASE
                + common / n_kinds[r]
                + np.where(named[c], NAMED, 0.0)
                + np.where(language, LANGUAGE, 0.0)
                + np.where(region, REGION, 0.0)
            )
            # int32 holds them all (at most 20,000 requests, 5,000 offers, 25.1 x 4 x 1000
            # points): half the memory of the pairs, which stay alive while OR-Tools solves
            rows.append(r.astype(np.int32))
            cols.append(c.astype(np.int32))
            pts.append(np.maximum(1, np.rint(weights[r] * value * POINTS)).astype(np.int32))
    if not rows:
        return Instance(n_r, capacity, empty, empty, empty)
    # each row belongs to one block, where its columns are ascending: a stable sort by row
    # gives row order, then column order. Each list is let go as soon as it is sorted, so
    # that at most one more copy of the pairs is alive at a time (peak memory).
    all_rows = np.concatenate(rows)
    del rows
    order = np.argsort(all_rows, kind="stable").astype(np.int32)
    all_rows = all_rows[order]
    all_cols = np.concatenate(cols)[order]
    del cols
    all_points = np.concatenate(pts)[order]
    del pts, order
    return Instance(
        n_requests=n_r, capacity=capacity, rows=all_rows, cols=all_cols, points=all_points
    )


def _member(keys: IntArray, sorted_keys: IntArray) -> npt.NDArray[np.bool_]:
    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    found: npt.NDArray[np.bool_] = sorted_keys[at] == keys
    return found
