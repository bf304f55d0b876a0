"""Matching requests to offers at 200 x 50, 2,000 x 500 and 20,000 x 5,000 (requests x offers).

Instances are generated (fixed seed): requests for one practice with 1-3 kinds of help,
1-2 languages and a region; offers naming 1-3 practices or (three times in ten) a whole
section, 1-3 kinds, capacity 1-5. About 6% of all pairs are admissible.

Rows: the whole `match()` call (pairs, solve, explanations) for each solver, each size
against the 200 x 50 run of the same solver (how the cost grows), and networkx's flow and
scipy's dense assignment against scipy's sparse one at the same size. Solvers that are
hopeless at the largest size are skipped, and the row says why.
Set GAPCHECK_BENCH_QUICK=1 to leave out 20,000 x 5,000 (about a minute and 2 GB). bench/run.py
runs this module under a memory cap; a size that reaches it is reported as stopped there,
and the smaller sizes still are.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from functools import cache

from gapcheck.capacity.matching import build_instance, match
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.models.capacity import Event, Offer, Provider, Request, RequestStatus
from harness import Result, median_time

SIZES = [(200, 50), (2_000, 500), (20_000, 5_000)]
LANGUAGES = ["en", "fr", "ar", "es", "ru", "pt"]
REGIONS = ["West Africa", "Sahel", "Southeast Asia", "Western Balkans", "Middle East"]
# beyond these many admissible pairs a solver is not run (see the module docstring)
LIMITS = {"scipy": 50_000_000, "scipy-dense": 200_000, "flow": 200_000}
WHY_SKIPPED = {
    "scipy-dense": "dense matrix of requests x capacity slots would not fit in memory",
    "flow": "pure-Python network simplex: seconds at 60,000 pairs, far longer at millions",
}


@cache
def catalogue() -> Catalogue:
    return load_catalogue()


def generate(n_requests: int, n_offers: int, seed: int = 2026) -> tuple[list[Request], list[Offer]]:
    cat = catalogue()
    rnd = random.Random(seed)
    kinds, practices, sections = list(cat.assistance), list(cat.by_id), list(cat.sections)
    provider = Provider(name="Generated provider")
    history = [Event(status=RequestStatus.REQUESTED, date=dt.date(2026, 1, 1))]
    offers = []
    for j in range(n_offers):
        covers = (
            {"sections": [rnd.choice(sections)]}
            if rnd.random() < 0.3
            else {"practices": rnd.sample(practices, rnd.randint(1, 3))}
        )
        offers.append(
            Offer(
                id=f"offer-{j:05d}",
                provider=provider,
                kinds=rnd.sample(kinds, rnd.randint(1, 3)),
                languages=rnd.sample(LANGUAGES, rnd.randint(1, 2)),
                regions=rnd.sample(REGIONS, rnd.randint(0, 2)),
                capacity=rnd.randint(1, 5),
                **covers,
            )
        )
    requests = [
        Request(
            id=f"request-{i:05d}",
            state="Generated State",
            practice=rnd.choice(practices),
            target=3,
            kinds=rnd.sample(kinds, rnd.randint(1, 3)),
            priority=round(rnd.uniform(0, 6), 3),
            languages=rnd.sample(LANGUAGES, rnd.randint(1, 2)),
            region=rnd.choice(REGIONS),
            history=history,
        )
        for i in range(n_requests)
    ]
    return requests, offers


def run() -> list[Result]:
    quick = os.environ.get("GAPCHECK_BENCH_QUICK") == "1"
    sizes = SIZES[:2] if quick else SIZES
    cat = catalogue()
    times: dict[tuple[str, int], float] = {}
    labels: dict[int, str] = {}
    out: list[Result] = []
    skipped: list[Result] = []
    pairs_at: dict[int, int] = {}
    sections = {p.id: p.section for p in cat}
    for n_r, n_o in sizes:
        try:
            requests, offers = generate(n_r, n_o)
            ordered = (sorted(requests, key=lambda r: r.id), sorted(offers, key=lambda o: o.id))
            pairs = build_instance(*ordered, sections).n_edges
        except MemoryError:
            skipped.append(_stopped(f"{n_r:,} x {n_o:,}"))
            break
        pairs_at[n_r] = pairs
        labels[n_r] = f"{n_r:,} x {n_o:,} ({pairs:,} pairs)"
        big = n_r >= 20_000
        for solver in ("scipy", "scipy-dense", "flow"):
            if pairs > LIMITS[solver]:
                skipped.append(
                    Result(
                        f"match, {solver}: skipped ({WHY_SKIPPED[solver]})",
                        labels[n_r],
                        float("nan"),
                        "-",
                        float("nan"),
                    )
                )
                continue
            try:
                times[(solver, n_r)] = median_time(
                    lambda s=solver, r=requests, o=offers: match(r, o, cat, solver=s),  # type: ignore[misc]
                    repeat=1 if big else 3,
                    warmup=0 if big else 1,
                )
            except MemoryError:
                skipped.append(_stopped(labels[n_r], solver))
    first = sizes[0][0]
    for solver in ("scipy", "scipy-dense", "flow"):
        for n_r, _ in sizes:
            if (solver, n_r) in times and (solver, first) in times:
                out.append(
                    Result(
                        f"match, {solver}",
                        labels[n_r],
                        times[(solver, n_r)],
                        f"{solver} at {labels[first]}",
                        times[(solver, first)],
                        items=pairs_at[n_r],
                        unit="pair",
                    )
                )
    for other in ("scipy-dense", "flow"):
        for n_r, _ in sizes:
            if (other, n_r) in times and ("scipy", n_r) in times:
                out.append(
                    Result(
                        f"match, {other} vs scipy",
                        labels[n_r],
                        times[(other, n_r)],
                        "scipy (sparse), same size",
                        times[("scipy", n_r)],
                    )
                )
    return out + skipped


def _stopped(size: str, solver: str = "") -> Result:
    what = f"match, {solver}" if solver else "generating the instance"
    return Result(f"{what}: stopped at the memory cap", size, float("nan"), "-", float("nan"))
