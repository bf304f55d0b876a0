"""Order statistics and level bands of a group of levels (no means: a mean times a count is
a sum, and sums are what let a hidden cell be worked out from a total)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from gapcheck.scoring import MAX_LEVEL

BANDS = tuple(range(MAX_LEVEL + 1))


def band(level: float) -> int:
    """The scale step a level falls in: 2.7 is still "partly in place" (band 2)."""
    return min(MAX_LEVEL, max(0, math.floor(level + 1e-9)))


def band_counts(levels: Sequence[float]) -> list[int]:
    counts = [0] * len(BANDS)
    for level in levels:
        counts[band(level)] += 1
    return counts


def quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (the usual "type 7" definition)."""
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def quartiles(levels: Sequence[float]) -> tuple[float, float, float]:
    ordered = sorted(levels)
    return quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75)
