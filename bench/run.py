"""Run every benchmark and print one table of ratios against baselines measured in the same run.

Usage: python bench/run.py [--only NAME ...] [--write bench/RESULTS.md]

Each bench/bench_NAME.py exposes run() -> list[Result]. Each runs in a child process of this
one (so all of them stay in this command's process group: Ctrl+C stops them all), one after
the other, under a cap on memory (MEMORY_CAP, at most half of the machine's), so that
no benchmark, however large, can exhaust the machine: one that hits the cap is reported as
such and the others still run. The table goes to standard output; with --write, also to a
Markdown file headed with the date, the machine and the Python version, so that figures
kept in the repository always say which run they come from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Result, table  # noqa: E402

MEMORY_CAP = 12 * 2**30
ORDER = ("startup", "scoring", "matching", "site", "form")  # then any other bench_*.py
RESULTS = "@@bench-results@@"


def memory_cap() -> int:
    """MEMORY_CAP or half the machine's memory; GAPCHECK_BENCH_MEMORY_GB sets another."""
    chosen = os.environ.get("GAPCHECK_BENCH_MEMORY_GB")
    if chosen:
        return int(float(chosen) * 2**30)
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return MEMORY_CAP
    return min(MEMORY_CAP, physical // 2)


def _limit_memory(cap: int) -> None:
    # the data limit, not the address space: Chromium (bench_form) reserves tens of GB of
    # addresses it never uses, and would not start under RLIMIT_AS
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))


def run_child(name: str) -> int:
    """In the child: run one module, print its results as JSON after a marker line."""
    import importlib

    try:
        results = importlib.import_module(f"bench_{name}").run()
    except MemoryError:
        nan = float("nan")
        results = [Result("stopped at the memory cap", "", nan, "-", nan)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux gives KiB
    print(RESULTS)
    print(json.dumps({"results": [r.to_json() for r in results], "peak": peak}))
    return 0


def run_module(name: str, cap: int) -> tuple[list[Result], int]:
    """The module's results, and the peak memory of its process (0 if it did not finish)."""
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", name],
        stdout=subprocess.PIPE,
        text=True,
        # the memory cap must be set in the child before it starts; this process has no
        # threads, so preexec_fn's danger (a lock held by another thread at fork) does not apply
        preexec_fn=lambda: _limit_memory(cap),  # noqa: PLW1509
    )
    try:
        out, _ = proc.communicate()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0 or RESULTS not in out:
        why = f"exit status {proc.returncode}"
        nan = float("nan")
        return [Result(f"did not finish ({why})", "", nan, "-", nan, group=name)], 0
    data = json.loads(out.split(RESULTS, 1)[1])
    return [Result(**{**row, "group": name}) for row in data["results"]], data["peak"]


def machine() -> str:
    cpus = os.cpu_count() or 0
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram = f", {memory:.0f} GB of memory"
    except (ValueError, OSError, AttributeError):
        ram = ""
    processor = platform.processor() or platform.machine()
    return f"{platform.system()} {platform.release()}, {processor}, {cpus} CPUs{ram}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="module names without bench_ (e.g. startup)")
    parser.add_argument("--write", metavar="PATH", help="also write the table as Markdown here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child)
    found = {p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py")}
    names = [n for n in ORDER if n in found] + sorted(found - set(ORDER))
    if args.only:
        names = [n for n in names if n in args.only]
    cap = memory_cap()
    started = dt.datetime.now(dt.UTC)
    results: list[Result] = []
    notes: dict[str, str] = {}
    for name in names:
        print(f"running {name}...", file=sys.stderr, flush=True)
        rows, peak = run_module(name, cap)
        results.extend(rows)
        if peak:
            notes[name] = f"Peak memory of the benchmark's process: {peak / 2**20:,.0f} MB."
    text = table(results, notes)
    print(text)
    if args.write:
        minutes = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
        header = (
            "# Benchmark results\n\n"
            f"Run on {started:%Y-%m-%d %H:%M} UTC by `make bench WRITE=1` ({minutes:.0f} "
            f"minutes), on {machine()}, Python {platform.python_version()}; each benchmark in "
            f"its own process, its memory capped at {cap / 2**30:.0f} GB.\n\n"
            "Medians of repeated runs. *ratio* is the median over the baseline, measured in the "
            "same process moments apart; *per item vs smallest size* is the time per item "
            "(file, pair) over that of the smallest size of the same row: 1.00 means the cost "
            "grows linearly.\n\n"
        )
        Path(args.write).write_text(header + text, encoding="utf-8")
        print(f"Wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
