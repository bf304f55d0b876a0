"""Run every benchmark in one process and print a table of ratios against same-run baselines.

Usage: python bench/run.py [--only NAME ...] [--write bench/RESULTS.md]
Each bench/bench_*.py module exposes run() -> list[Result].
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Result, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="module names without bench_ (e.g. startup)")
    parser.add_argument("--write", metavar="PATH", help="also write the table as Markdown here")
    args = parser.parse_args()
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only]
    results: list[Result] = []
    for name in names:
        print(f"running {name}...", file=sys.stderr, flush=True)
        results.extend(importlib.import_module(f"bench_{name}").run())
    text = table(results)
    print(text)
    if args.write:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        header = (
            f"# Benchmark results\n\nRun on {stamp}, Python {platform.python_version()}, "
            f"{platform.machine()}; medians, and ratios against a baseline measured in the "
            "same run.\n\n"
        )
        Path(args.write).write_text(header + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
