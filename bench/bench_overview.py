"""The picture across States at scale: 200 States x 2 dates, 5,000 requests, 500 offers.

Baseline: `gapcheck score` of the very same 400 questionnaires (reading, validating and
scoring them, one row each), measured in the same run, alternately. Both are timed in process
(library calls that the commands make) and as whole commands (start-up included). The data
are generated fictional States in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from gapcheck.batch import load_all, score_rows
from gapcheck.capacity import load_offers, load_requests
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.overview.build import build_overview
from gapcheck.overview.disclosure import Audience, Policy
from gapcheck.render.overview import render_overview
from gapcheck.render.questionnaire_yaml import blank_questionnaire
from gapcheck.render.tables import render_rows
from harness import Result, paired, paired_commands

STATES, REQUESTS, OFFERS = 200, 5_000, 500
DATES = (dt.date(2026, 3, 16), dt.date(2028, 3, 16))
REGIONS = ("Northern Europe", "Mediterranean", "Sahel", "South Asia", "Andes", "Pacific")
NAMES = ("Arcadia", "Estoria", "Norland", "Valdoria", "Meridia", "Borealia", "Caldera", "Drusia")
KINDS = ("training", "expert-deployment", "technical-assistance", "funding", "equipment")
ELEMENT_LINE = re.compile(r"^(      GP\d\d\.\d+:)$", re.MULTILINE)


def state(i: int) -> str:
    return f"Republic of {NAMES[i % len(NAMES)]} {i // len(NAMES) + 1}"


def _opaque(n: int) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz234567"
    return "c-" + "".join(alphabet[(n >> (5 * i)) % 32] for i in range(12))


def generate(catalogue: Catalogue, folder: Path, seed: int = 2026) -> tuple[list[str], str, str]:
    rng = random.Random(seed)
    paths: list[str] = []
    for i in range(STATES):
        base = rng.randint(0, 3)
        for d, when in enumerate(DATES):
            text = blank_questionnaire(catalogue, state(i), when)
            text = text.replace('region: ""', f'region: "{REGIONS[i % len(REGIONS)]}"')
            if i % 10 == 0:
                text = text.replace("confidential: false", "confidential: true")

            def answer(m: re.Match[str], level: int = base + d) -> str:
                if rng.random() < 0.1:
                    return m.group(1)
                return f"{m.group(1)} {min(4, max(0, level + rng.randint(-1, 1)))}"

            path = folder / f"q{i:03d}-{when.year}.yaml"
            path.write_text(ELEMENT_LINE.sub(answer, text), encoding="utf-8")
            paths.append(str(path))
    practices = [p.id for p in catalogue]
    requests: list[dict[str, Any]] = []
    for n in range(REQUESTS):
        i = n % STATES
        requests.append(
            {
                # a confidential request is known only by an opaque reference
                "id": _opaque(n) if i % 10 == 0 else f"r{n:05d}",
                "state": state(i),
                "practice": practices[(n // STATES) % len(practices)],
                "target": 3,
                "kinds": rng.sample(KINDS, rng.randint(1, 2)),
                "region": REGIONS[i % len(REGIONS)],
                "confidential": i % 10 == 0,
                "history": [{"status": "requested", "date": "2028-04-01"}],
            }
        )
    offers: list[dict[str, Any]] = [
        {
            "id": f"o{n:04d}",
            "provider": {
                "name": f"Provider {n % 60}",
                "type": "state" if n % 3 else "organisation",
            },
            "practices": rng.sample(practices, rng.randint(1, 3)),
            "kinds": rng.sample(KINDS, rng.randint(1, 3)),
            "regions": [REGIONS[n % len(REGIONS)]],
            "capacity": rng.randint(1, 12),
        }
        for n in range(OFFERS)
    ]
    req_path, off_path = folder / "requests.yaml", folder / "offers.yaml"
    req_path.write_text(yaml.safe_dump({"requests": requests}), encoding="utf-8")
    off_path.write_text(yaml.safe_dump({"offers": offers}), encoding="utf-8")
    return paths, str(req_path), str(off_path)


def run() -> list[Result]:
    catalogue = load_catalogue()
    results: list[Result] = []
    size = f"{STATES} States x 2 dates, {REQUESTS:,} requests, {OFFERS} offers"
    base = "gapcheck score of the same 400 questionnaires"
    with tempfile.TemporaryDirectory(prefix="gapcheck-bench-") as tmp:
        paths, req, off = generate(catalogue, Path(tmp))

        def scored() -> object:
            return render_rows(score_rows(paths, catalogue), "csv")

        def overview(audience: Audience, fmt: str = "html") -> object:
            qs = load_all(paths, catalogue)
            data = build_overview(
                qs,
                catalogue,
                Policy(audience),
                load_requests([req], catalogue),
                load_offers([off], catalogue),
            )
            return render_overview(data, fmt)

        for audience in (Audience.PUBLIC, Audience.UNIT):
            took, baseline = paired(functools.partial(overview, audience), scored, 3)
            results.append(
                Result(f"overview, {audience}, HTML (in process)", size, took, base, baseline)
            )
        cli = [sys.executable, "-m", "gapcheck"]
        out = str(Path(tmp) / "overview.html")
        took, baseline = paired_commands(
            [*cli, "overview", *paths, "--requests", req, "--offers", off,
             "--audience", "public", "-o", out, "--force"],
            [*cli, "score", *paths, "-o", str(Path(tmp) / "scores.csv"), "--force"],
            repeat=3,
        )  # fmt: skip
        results.append(
            Result(
                "gapcheck overview --audience public (whole command)",
                size,
                took,
                "gapcheck score (whole command), same files",
                baseline,
            )
        )
    return results


if __name__ == "__main__":
    from harness import table

    print(table(run()))
