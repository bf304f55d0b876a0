"""Timing helpers for bench/: medians of repeated runs, and ratios to a baseline of the same run.

Machines here are shared and noisy, so no absolute number is trusted alone: every figure is
reported next to a baseline measured in the same process, moments apart.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    name: str
    size: str
    median_s: float
    baseline: str
    baseline_s: float

    @property
    def ratio(self) -> float:
        return self.median_s / self.baseline_s if self.baseline_s else float("inf")


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_time(argv: list[str], repeat: int = 7) -> float:
    """Median wall time of a whole process (start-up included)."""

    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return median_time(run, repeat=repeat, warmup=1)


def python() -> str:
    return sys.executable


def table(results: list[Result]) -> str:
    lines = [
        "| benchmark | size | median | baseline | baseline median | ratio |",
        "|---|---|---:|---|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.size} | {r.median_s * 1000:.1f} ms | {r.baseline} "
            f"| {r.baseline_s * 1000:.1f} ms | {r.ratio:.2f} |"
        )
    return "\n".join(lines)
