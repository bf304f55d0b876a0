"""The worst file of each kind that gapcheck accepts, against an ordinary one of the same run.

The limits of docs/limits.md are there so that no accepted file costs minutes. Each row is
a file just inside them, processed as a command would, against an ordinary file:

- questionnaire (YAML): every note and evidence of every practice near the 100,000-character
  text limit (a 4.8 MB file), loaded and its HTML report made; baseline: the blank one.
- workbook: for each kind of element with its own budget (cells, styles, rows, shared texts,
  ranges), a workbook just under it, read; baseline: the blank workbook. The workbooks are
  built by the suite's own generator of hostile workbooks (tests/hostile_workbooks.py).
- offers: a file of offers with the longest lists allowed (25 practices, kinds, languages and
  regions of 100 characters), loaded and matched with 200 requests; baseline: the example
  offers.
- requests: 3,000 requests with the longest lists allowed, loaded and matched with the
  example offers; baseline: 200 ordinary requests.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from bench_matching import generate
from gapcheck.capacity.loading import load_offers, load_requests
from gapcheck.capacity.matching import match
from gapcheck.capacity.requests import dump_requests
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.models.base import MAX_ITEMS, MAX_NAME
from gapcheck.models.capacity import GapElement
from gapcheck.questionnaire import new_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.questionnaire_yaml import blank_questionnaire
from gapcheck.render.report import render_report
from gapcheck.report import build_report
from gapcheck.workbook import read_workbook, write_workbook
from gapcheck.workbook.scan import MAX_CELLS, MAX_RANGES, MAX_ROWS_ALL, MAX_STYLES
from harness import Result, median_time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_workbooks as H  # noqa: E402

LANGUAGES = [f"{a}{b}" for a in "abcde" for b in "abcde"][:MAX_ITEMS]
REGION = "R" * MAX_NAME


def run() -> list[Result]:
    cat = load_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return [
            *_questionnaire(cat, folder),
            *_workbooks(cat, folder),
            *_offers(cat, folder),
            *_requests(cat, folder),
        ]


def _row(name: str, fn: Callable[[], object], base: str, base_fn: Callable[[], object]) -> Result:
    return Result(name, "", median_time(fn, repeat=3), base, median_time(base_fn, repeat=3))


def _questionnaire(cat: Catalogue, folder: Path) -> list[Result]:
    blank = blank_questionnaire(cat, "Arcadia")
    ordinary = folder / "blank.yaml"
    ordinary.write_text(blank, encoding="utf-8")
    data = yaml.safe_load(blank)
    for answers in data["practices"].values():
        answers["notes"] = answers["evidence"] = "x" * 95_000
    worst = folder / "worst.yaml"
    worst.write_text(yaml.safe_dump(data, width=200_000), encoding="utf-8")

    def report(path: Path) -> Callable[[], str]:
        return lambda: render_report(build_report(load_questionnaire_file(path, cat), cat), "html")

    return [
        _row(
            "questionnaire: 50 texts of 95,000 characters, report",
            report(worst),
            "blank questionnaire",
            report(ordinary),
        )
    ]


def _workbooks(cat: Catalogue, folder: Path) -> list[Result]:
    base = write_workbook(cat, new_questionnaire(cat, "Arcadia"))
    cases = {
        f"workbook: {MAX_CELLS - 3_000:,} more cells": H.huge_sheet_data(base, MAX_CELLS - 3_000),
        f"workbook: {MAX_STYLES - 500:,} styles": H.many_styles(base, MAX_STYLES - 500),
        f"workbook: {MAX_ROWS_ALL - 500:,} rows": H.many_rows(base, MAX_ROWS_ALL - 500),
        f"workbook: {MAX_CELLS - 1_000:,} shared texts": H.shared_string_count_bomb(
            base, MAX_CELLS - 1_000
        ),
        f"workbook: {MAX_RANGES - 500:,} ranges": H.many_ranges(base, MAX_RANGES - 500),
    }
    ordinary = folder / "blank.xlsx"
    ordinary.write_bytes(base)
    out = []
    for name, raw in cases.items():
        path = folder / "worst.xlsx"
        path.write_bytes(raw)
        out.append(
            _row(
                name,
                lambda path=path: read_workbook(path, cat),  # type: ignore[misc]
                "blank workbook",
                lambda: read_workbook(ordinary, cat),
            )
        )
    return out


def _offers(cat: Catalogue, folder: Path) -> list[Result]:
    requests, _ = generate(200, 0)
    practices, kinds = list(cat.by_id), list(cat.assistance)
    offer = {
        "practices": practices,
        "kinds": kinds,
        "languages": LANGUAGES,
        "regions": [f"{i:02d}{REGION}"[:MAX_NAME] for i in range(MAX_ITEMS)],
        "capacity": 5,
    }
    offers = [{"id": f"offer-{i:05d}", **offer} for i in range(1_500)]
    worst = folder / "worst-offers.yaml"
    worst.write_text(
        yaml.safe_dump({"provider": {"name": "Worst provider"}, "offers": offers}, width=10_000),
        encoding="utf-8",
    )
    examples = sorted((ROOT / "offers" / "examples").glob("*.yaml"))

    def run(paths: list[Path]) -> Callable[[], object]:
        return lambda: match(requests, load_offers(paths, cat), cat)

    return [
        _row(
            "offers: 1,500 with the longest lists, matched",
            run([worst]),
            "example offers",
            run(examples),
        )
    ]


def _requests(cat: Catalogue, folder: Path) -> list[Result]:
    ordinary_requests, _ = generate(200, 0)
    elements = {p.id: p.element_ids for p in cat}
    worst_requests = [
        r.model_copy(
            update={
                "id": f"worst-{i:05d}",
                "languages": LANGUAGES,
                "region": REGION,
                "note": "n" * 300,
                "elements": [GapElement(id=e, level=0, target=3) for e in elements[r.practice]],
            }
        )
        for i, r in enumerate(ordinary_requests * 15)
    ]
    ordinary = folder / "requests.yaml"
    ordinary.write_text(dump_requests(ordinary_requests, cat.version), encoding="utf-8")
    worst = folder / "worst-requests.yaml"
    worst.write_text(dump_requests(worst_requests, cat.version), encoding="utf-8")
    offers = load_offers(sorted((ROOT / "offers" / "examples").glob("*.yaml")), cat)

    def run(path: Path) -> Callable[[], object]:
        return lambda: match(load_requests([path], cat), offers, cat)

    return [
        _row(
            "requests: 3,000 with the longest lists, matched",
            run(worst),
            "200 ordinary requests",
            run(ordinary),
        )
    ]
