"""Many large requests files are parsed by two worker processes (gapcheck.capacity.ahead):
the same requests as when this process reads them, in the same order, and a file with a
problem reported at its line and column as before."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from gapcheck.capacity import ahead
from gapcheck.capacity.loading import load_offers, load_requests
from gapcheck.capacity.requests import dump_requests
from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError
from gapcheck.models.capacity import Request

from .matching_instances import generate


def _files(tmp_path: Path, catalogue: Catalogue, n_files: int = 3) -> list[Path]:
    requests, _ = generate(catalogue, 40 * n_files, 0, 7, dt.date(2026, 1, 1))
    paths = []
    for i in range(n_files):
        path = tmp_path / f"requests-{i}.yaml"
        path.write_text(dump_requests(requests[40 * i : 40 * (i + 1)], ""), encoding="utf-8")
        paths.append(path)
    return paths


def _read(paths: list[Path], catalogue: Catalogue) -> list[Request] | list[str]:
    try:
        return load_requests(paths, catalogue)
    except InputError as e:
        return [str(p) for p in e.problems]


def test_workers_read_what_this_process_reads(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _files(tmp_path, catalogue)
    here = _read(paths, catalogue)
    monkeypatch.setattr(ahead, "AHEAD_FROM", 0)
    assert list(ahead.documents(paths, "requests")) != [None] * len(paths)  # they did parse
    assert _read(paths, catalogue) == here and len(here) == 120


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ("practice: GP99 #", "GP99"),  # the model refuses it, here
        ("practice: [GP03 #", "invalid YAML"),  # the worker cannot parse it
    ],
)
def test_a_file_with_a_problem_is_reported_at_its_place(
    tmp_path: Path,
    catalogue: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
    broken: str,
    said: str,
) -> None:
    paths = _files(tmp_path, catalogue)
    lines = paths[1].read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("practice:"))
    lines[at] = lines[at].replace("practice:", broken, 1)
    paths[1].write_text("".join(lines), encoding="utf-8")
    here = _read(paths, catalogue)
    assert here and all(isinstance(p, str) for p in here)
    assert str(paths[1]) in here[0] and said in here[0]
    assert all(str(paths[0]) not in p and str(paths[2]) not in p for p in here)
    monkeypatch.setattr(ahead, "AHEAD_FROM", 0)
    assert _read(paths, catalogue) == here


def test_small_inputs_and_one_file_are_read_here(tmp_path: Path, catalogue: Catalogue) -> None:
    paths = _files(tmp_path, catalogue)
    assert sum(os.path.getsize(p) for p in paths) < ahead.AHEAD_FROM
    assert list(ahead.documents(paths, "requests")) == [None] * 3
    assert list(ahead.documents(paths[:1], "requests")) == [None]


def test_offers_files_too(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, offers = generate(catalogue, 0, 60, 7, dt.date(2026, 1, 1))

    paths = []
    for i in range(2):
        path = tmp_path / f"offers-{i}.yaml"
        chunk = offers[30 * i : 30 * (i + 1)]
        data = {"offers": [o.model_dump(mode="json", by_alias=True) for o in chunk]}
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    here = load_offers(paths, catalogue)
    monkeypatch.setattr(ahead, "AHEAD_FROM", 0)
    assert load_offers(paths, catalogue) == here and len(here) == 60
