"""Scoring cost: one questionnaire and batches of generated ones, against parsing them alone.

Baseline for each figure: reading and validating the very same files (load_questionnaire_file),
measured in the same run. Batches of 10, 100, 1,000 and 10,000 files (generated once, 40 KB
each: 400 MB on disk for the run) show that the time per file stays flat, i.e. scoring grows
linearly with the number of files.
"""

from __future__ import annotations

import functools
import random
import re
import tempfile
from pathlib import Path

from gapcheck.batch import score_rows
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.questionnaire_yaml import blank_questionnaire
from gapcheck.render.report import render_report
from gapcheck.report import build_report
from gapcheck.scoring import score
from harness import Result, paired

SIZES = (10, 100, 1_000, 10_000)
ELEMENT_LINE = re.compile(r"^(      GP\d\d\.\d+:)$", re.MULTILINE)


def generate(catalogue: Catalogue, folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """`count` questionnaires made the way people make them: a blank one, filled in."""
    rng = random.Random(seed)
    blank = blank_questionnaire(catalogue, "Republic of Arcadia")

    def answer(m: re.Match[str]) -> str:
        r = rng.random()
        if r < 0.1:
            return m.group(1)  # left empty
        if r < 0.15:
            return m.group(1) + ' {level: n/a, reason: "does not apply in this State"}'
        return f"{m.group(1)} {rng.randint(0, 4)}"

    paths = []
    for i in range(count):
        path = folder / f"q{i:04d}.yaml"
        path.write_text(ELEMENT_LINE.sub(answer, blank), encoding="utf-8")
        paths.append(path)
    return paths


def read_all(paths: list[Path], catalogue: Catalogue) -> None:
    """The baseline: read and validate each file, keeping nothing (as score_rows does)."""
    for path in paths:
        load_questionnaire_file(path, catalogue)


def run() -> list[Result]:
    catalogue = load_catalogue()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="gapcheck-bench-") as tmp:
        paths = generate(catalogue, Path(tmp), max(SIZES))
        one = paths[0]

        def parse_one() -> Questionnaire:
            return load_questionnaire_file(one, catalogue)

        def score_one() -> object:
            return score(load_questionnaire_file(one, catalogue), catalogue)

        def report_one() -> object:
            built = build_report(load_questionnaire_file(one, catalogue), catalogue)
            return render_report(built, "html")

        q = parse_one()
        base = "read + validate only"
        scored, parsed = paired(score_one, parse_one, 31)
        results.append(Result("read + score one questionnaire", "1 file", scored, base, parsed))
        alone, parsed = paired(lambda: score(q, catalogue), parse_one, 31)
        results.append(Result("score alone (already read)", "1 file", alone, base, parsed))
        reported, parsed = paired(report_one, parse_one, 15)
        results.append(Result("read + HTML report of one", "1 file", reported, base, parsed))
        for n in SIZES:
            batch = paths[:n]
            scored, parsed = paired(
                functools.partial(score_rows, batch, catalogue),
                functools.partial(read_all, batch, catalogue),
                repeat={10: 7, 100: 7, 1_000: 3}.get(n, 1),
                warmup=n < 10_000,  # the 1,000 before it warmed everything up
            )
            results.append(
                Result(
                    "score a batch (gapcheck score)",
                    f"{n:,} files",
                    scored,
                    "read + validate the same files",
                    parsed,
                    items=n,
                    unit="file",
                )
            )
    return results
