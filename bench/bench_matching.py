"""Matching requests to offers: OR-Tools' min-cost flow against the solver it replaced.

Sizes (requests x offers): 200 x 50, 2,000 x 500, 20,000 x 5,000, and "one offer": 10,000
requests that one offer of capacity 10,000 can all take. Instances are generated (fixed
seed): requests for one practice with 1-3 kinds of help, 1-2 languages and a region; offers
naming 1-3 practices or (three times in ten) a whole section, 1-3 kinds, capacity 1-5.
About 6% of all pairs are admissible.

Rows, each against the previous solver (pairs built one request at a time, scipy's sparse
assignment over capacity slots: tests/oracles.py) in the same run:
- `match()` alone (pairs, solve, explanations), in this process;
- `gapcheck match` end to end (reading the YAML files, matching, writing matches.md, .csv
  and .json), each run in its own process, with that process's peak memory (ru_maxrss from
  wait4) and CPU time (user + system: on a shared machine it depends on the load much less
  than the wall time) in the row's name. The previous command is bench/previous_match.py;
- `gapcheck match` refusing one offer with 200,000 regions (200 requests) at the limit on
  regions, before any matching.
The previous solver at 20,000 x 5,000 takes many minutes: it runs on the smaller sizes only.
Where it stops at the memory cap of its process (PREVIOUS_CAP), the row says so. The
end-to-end rows carry the wall time (median), CPU time, peak memory and the load average
when the run ended (a shared machine's wall time depends on it).
Set GAPCHECK_BENCH_QUICK=1 to leave out 20,000 x 5,000 (several minutes on a loaded machine).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from gapcheck.capacity.matching import build_instance, match
from gapcheck.capacity.requests import dump_requests
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.models.capacity import Offer, Provider, Request
from harness import Result, median_time, python

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.matching_instances import generate as make_instance  # noqa: E402
from tests.oracles import build_instance_by_request, solve_scipy  # noqa: E402

SIZES = [(200, 50), (2_000, 500), (20_000, 5_000)]
ONE_OFFER = 10_000
PREVIOUS_CAP = 4 * 2**30
PER_FILE = 2_000  # requests per file: a file stays under the 5 MB read limit


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


def generate(n_requests: int, n_offers: int, seed: int = 2026) -> tuple[list[Request], list[Offer]]:
    return make_instance(catalogue(), n_requests, n_offers, seed, dt.date(2026, 1, 1))


def one_offer(n: int = ONE_OFFER) -> tuple[list[Request], list[Offer]]:
    requests, _ = generate(n, 0)
    offer = Offer(
        id="one-offer",
        provider=Provider(name="Generated provider"),
        sections=sorted(catalogue().sections),
        kinds=sorted(catalogue().assistance),
        capacity=n,
    )
    return requests, [offer]


def write_files(folder: Path, requests: list[Request], offers: list[Offer]) -> list[str]:
    paths = []
    for start in range(0, len(requests), PER_FILE):
        path = folder / f"requests-{start // PER_FILE:02d}.yaml"
        path.write_text(dump_requests(requests[start : start + PER_FILE], ""), encoding="utf-8")
        paths += ["--requests", str(path)]
    data = {"offers": [o.model_dump(mode="json", by_alias=True) for o in offers]}
    offers_path = folder / "offers.yaml"
    offers_path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return [*paths, "--offers", str(offers_path)]


def timed_command(argv: list[str], cap: int = 0) -> tuple[float, int, bool, float]:
    """(wall time, peak memory in bytes, finished, CPU time user + system) of one process.

    On a shared machine the wall time depends on the load; the CPU time much less."""

    def limit() -> None:
        if cap:
            resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))

    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=limit,  # noqa: PLW1509 (the bench starts no threads)
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss * 1024, proc.returncode == 0, usage.ru_utime + usage.ru_stime


def previous_match(requests: list[Request], offers: list[Offer]) -> None:
    """match() with the previous builder and solver, for the baseline rows."""
    from gapcheck.capacity import matching

    saved = matching.build_instance, matching.solve
    matching.build_instance, matching.solve = build_instance_by_request, solve_scipy
    try:
        match(requests, offers, catalogue())
    finally:
        matching.build_instance, matching.solve = saved


def run() -> list[Result]:
    quick = os.environ.get("GAPCHECK_BENCH_QUICK") == "1"
    Make = Callable[[], tuple[list[Request], list[Offer]]]
    cases: list[tuple[str, Make]] = [
        (f"{r:,} x {o:,}", functools.partial(generate, r, o)) for r, o in SIZES
    ]
    if quick:
        cases = cases[:2]
    cases.append((f"one offer x {ONE_OFFER:,} requests", one_offer))
    cat = catalogue()
    sections = {p.id: p.section for p in cat}
    gapcheck = str(Path(python()).parent / "gapcheck")
    out: list[Result] = []
    nan = float("nan")
    for name, make in cases:
        requests, offers = make()
        ordered = (sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id))
        pairs = build_instance(*ordered, sections).n_edges
        size = f"{name} ({pairs:,} pairs)"
        big = len(requests) * len(offers) >= 10**7 or len(requests) >= ONE_OFFER
        repeat, warmup = (1, 0) if big else (3, 1)
        mine = median_time(
            lambda r=requests, o=offers: match(r, o, cat),  # type: ignore[misc]
            repeat=repeat,
            warmup=warmup,
        )
        # the previous solver takes many minutes and gigabytes at 20,000 x 5,000: it runs on
        # the smaller sizes only, where the two are compared in the same run
        previous_too = len(requests) * len(offers) < 10**8
        if not previous_too:
            before = nan
            size += "; previous: not run at this size"
        elif name.startswith("one offer"):
            # the previous slot expansion grows with the square of the offer's requests: run
            # in this process it would take gigabytes; the end-to-end row runs it under a cap
            before = nan
            size += "; previous: not run here (see end to end)"
        else:
            try:
                before = median_time(
                    lambda r=requests, o=offers: previous_match(r, o),  # type: ignore[misc]
                    repeat,
                    warmup,
                )
            except MemoryError:
                before = nan
                size += "; previous: MemoryError"
        out.append(Result("match() alone", size, mine, "previous solver", before, pairs, "pair"))
        with tempfile.TemporaryDirectory(prefix="gapcheck-bench-match-") as tmp:
            args = write_files(Path(tmp), requests, offers)
            del requests, offers
            runs = 1 if big else 3
            mine_runs = [
                timed_command([gapcheck, "match", *args, "-o", f"{tmp}/new", "--force"])
                for _ in range(runs)
            ]
            previous = [python(), str(HERE / "previous_match.py")]
            before_runs = [
                timed_command(
                    [*previous, "match", *args, "-o", f"{tmp}/old", "--force"], PREVIOUS_CAP
                )
                for _ in range(runs if previous_too else 0)
            ]
        t_new = sorted(t for t, _, _, _ in mine_runs)[runs // 2]
        cpu_new = sorted(c for _, _, _, c in mine_runs)[runs // 2]
        peak_new = max(p for _, p, _, _ in mine_runs)
        t_old, old_note = previous_runs(before_runs)
        out.append(
            Result(
                "gapcheck match end to end",
                f"{size}; peak memory {peak_new / 2**20:,.0f} MB, CPU {cpu_new:.1f} s, "
                f"load average {os.getloadavg()[0]:.1f}; {old_note}",
                t_new,
                "previous solver, end to end",
                t_old,
                pairs,
                "pair",
            )
        )
    out.append(wide_offer(gapcheck))
    return out


def previous_runs(runs: list[tuple[float, int, bool, float]]) -> tuple[float, str]:
    """The previous command's median wall time, and its memory and CPU in words."""
    if not runs:
        return float("nan"), "previous not run"
    if not all(ok for _, _, ok, _ in runs):
        return float("nan"), f"previous stopped at its {PREVIOUS_CAP / 2**30:.0f} GB cap"
    middle = len(runs) // 2
    cpu = sorted(c for _, _, _, c in runs)[middle]
    peak = max(p for _, p, _, _ in runs)
    return sorted(t for t, _, _, _ in runs)[
        middle
    ], f"previous {peak / 2**20:,.0f} MB, CPU {cpu:.1f} s"


def wide_offer(gapcheck: str) -> Result:
    """One offer with 200,000 regions (200 requests): refused by the limit on regions while
    the file is read, before any matching (it once made 200 requests take 40 s)."""
    requests, _ = generate(200, 0)
    regions = ", ".join(f"r{i}" for i in range(200_000))
    with tempfile.TemporaryDirectory(prefix="gapcheck-bench-match-") as tmp:
        args = write_files(Path(tmp), requests, [])
        offers = Path(tmp) / "offers.yaml"
        offers.write_text(
            "provider: P\noffers:\n- id: wide\n  practices: [GP03]\n  kinds: [training]\n"
            f"  regions: [{regions}]\n",
            encoding="utf-8",
        )
        argv = ["match", *args, "-o", f"{tmp}/out"]
        mine = [timed_command([gapcheck, *argv]) for _ in range(3)]
        previous = [
            timed_command([python(), str(HERE / "previous_match.py"), *argv]) for _ in range(3)
        ]
    # refused: the command exits with status 2, so "finished" is False for both
    assert not any(ok for _, _, ok, _ in mine + previous)
    wall = sorted(t for t, _, _, _ in mine)[1]
    peak = max(p for _, p, _, _ in mine)
    return Result(
        "gapcheck match refuses",
        f"one offer with 200,000 regions, 200 requests; peak memory {peak / 2**20:,.0f} MB",
        wall,
        "previous solver, end to end",
        sorted(t for t, _, _, _ in previous)[1],
    )
