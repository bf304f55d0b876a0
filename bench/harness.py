"""Timing helpers for bench/: medians of repeated runs, and ratios to a baseline of the same run.

Machines here are shared and noisy, so no absolute number is trusted alone: every figure is
reported next to a baseline measured in the same process, moments apart. Where a figure is
one of a series of sizes, its time per item is also compared with the smallest size's, so
that the table shows how the cost grows (1.00 everywhere: linear).
"""

from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    name: str
    size: str
    median_s: float
    baseline: str
    baseline_s: float
    items: int = 0  # how many things the size counts (files, pairs): gives a time per item
    unit: str = ""
    group: str = ""  # the benchmark module; set by run.py

    @property
    def ratio(self) -> float:
        return self.median_s / self.baseline_s if self.baseline_s else float("inf")

    @property
    def per_item_s(self) -> float | None:
        return self.median_s / self.items if self.items else None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(
    fn: Callable[[], object], base: Callable[[], object], repeat: int, warmup: bool = True
) -> tuple[float, float]:
    """Medians of `fn` and `base`, run alternately so both see the same machine load."""
    if warmup:  # file cache, template compilation
        fn(), base()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for f, out in ((fn, times[0]), (base, times[1])):
            start = time.perf_counter()
            f()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def paired_commands(
    argv: list[str], base: list[str], repeat: int = 15, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median wall times of two whole processes, run alternately (start-up included)."""

    def runner(args: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(
            args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )

    return paired(runner(argv), runner(base), repeat)


def command_time(argv: list[str], repeat: int = 7) -> float:
    """Median wall time of a whole process (start-up included)."""

    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return median_time(run, repeat=repeat, warmup=1)


def python() -> str:
    return sys.executable


def _duration(seconds: float) -> str:
    if math.isnan(seconds):
        return "–"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _ratio(value: float) -> str:
    return "–" if math.isnan(value) or math.isinf(value) else f"{value:.2f}"


def table(results: list[Result], notes: dict[str, str] | None = None) -> str:
    """One Markdown table per benchmark (and its note); sizes of one measurement together."""
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.group or "bench", []).append(r)
    out: list[str] = []
    for group, rows in groups.items():
        smallest: dict[str, float] = {}
        for r in rows:
            if r.per_item_s is not None and r.name not in smallest:
                smallest[r.name] = r.per_item_s
        out += [
            f"### {group}",
            "",
            "| measured | size | median | per item | baseline | baseline median | ratio "
            "| per item vs smallest size |",
            "|---|---|---:|---:|---|---:|---:|---:|",
        ]
        for r in rows:
            per = r.per_item_s
            per_text = f"{_duration(per)} / {r.unit or 'item'}" if per is not None else ""
            growth = _ratio(per / smallest[r.name]) if per is not None else ""
            out.append(
                f"| {r.name} | {r.size} | {_duration(r.median_s)} | {per_text} | {r.baseline} "
                f"| {_duration(r.baseline_s)} | {_ratio(r.ratio)} | {growth} |"
            )
        out.append("")
        if notes and group in notes:
            out += [notes[group], ""]
    return "\n".join(out)
