"""Requests and offers files are read first without positions (the fast path), and again
with them only when something is wrong: both readings accept and refuse the same files, give
the same data, and every problem is reported with its line and column as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.capacity.loading import (
    Kind,
    _load,
    _read_fast,
    load_offers,
    load_requests,
    parse_capacity_file,
)
from gapcheck.capacity.requests import dump_requests
from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Problem
from gapcheck.models.capacity import OffersFile, RequestsFile

from . import hostile_strategies as hs
from .matching_instances import generate
from .test_matching import shipped


def _slow(path: Path, kind: Kind, cat: Catalogue) -> OffersFile | RequestsFile | list[Problem]:
    """What the reading with positions makes of the file: its data, or its problems."""
    try:
        return parse_capacity_file(_load(path, kind), kind, cat)
    except InputError as e:
        return e.problems


def _load_all(path: Path, kind: Kind, cat: Catalogue) -> list[str]:
    try:
        (load_requests if kind == "requests" else load_offers)([path], cat)
    except InputError as e:
        return [str(p) for p in e.problems]
    return []


def _same_both_ways(path: Path, kind: Kind) -> None:
    cat = shipped()
    slow = _slow(path, kind, cat)
    fast = _read_fast(path, kind, cat)
    if isinstance(slow, list):
        assert fast is None  # refused by both
        # and the command reports exactly what the reading with positions finds
        assert _load_all(path, kind, cat) == [str(p) for p in slow]
    else:
        assert fast == slow
        assert _load_all(path, kind, cat) == []


@pytest.mark.slow  # 75 damaged files, each read by both readers
@settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    case=st.sampled_from(["requests", "offers"]).flatmap(
        lambda k: st.tuples(st.just(k), hs.mutants(k))
    )
)
def test_damaged_files_are_accepted_and_refused_alike(
    case: tuple[Kind, hs.Mutant], tmp_path_factory: pytest.TempPathFactory
) -> None:
    kind, mutant = case
    path = tmp_path_factory.mktemp("fast") / f"{kind}.yaml"
    path.write_bytes(mutant.raw)
    _same_both_ways(path, kind)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 40), seed=st.integers(0, 2**16))
def test_generated_requests_read_the_same_both_ways(
    n: int, seed: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    requests, _ = generate(shipped(), n, 0, seed, dt.date(2026, 1, 1))
    path = tmp_path_factory.mktemp("fast") / "requests.yaml"
    path.write_text(dump_requests(requests, ""), encoding="utf-8")
    _same_both_ways(path, "requests")
    assert load_requests([path], shipped()) == requests


# What the fast path could miss if it read with a plain loader: each is refused at its line.
SNEAKY = {
    # the inserted line comes first: the file's own `priority:` is the duplicate
    "duplicate key": ("  priority: 2.5\n", "duplicate key 'priority' (first given on line"),
    "merge key": ("  <<: {note: merged}\n", "merge keys (<<) are not supported"),
    "python tag": ("  note: !!python/object/apply:os.system [ls]\n", "is not allowed; remove it"),
    "binary tag": ("  note: !!binary aGVsbG8=\n", "is not allowed; remove it"),
    "key too long": (f"  {'k' * 201}: 1\n", "a key longer than 200 characters"),
    "text too long": (f"  note: {'x' * 100_001}\n", "text longer than 100000 characters"),
    "number as key": ("  3: three\n", "unknown key '3'"),
}


@pytest.mark.parametrize("name", list(SNEAKY))
def test_what_a_plain_loader_would_let_through_is_refused_at_its_line(
    name: str, tmp_path: Path
) -> None:
    line, message = SNEAKY[name]
    requests, _ = generate(shipped(), 2, 0, 7, dt.date(2026, 1, 1))
    text = dump_requests(requests, "")
    anchor = "  priority:"
    at = text.index(anchor)
    path = tmp_path / "requests.yaml"
    path.write_text(text[:at] + line + text[at:], encoding="utf-8")
    where = text[:at].count("\n") + 1 + (name == "duplicate key")
    problems = _load_all(path, "requests", shipped())
    assert any(p.startswith(f"{path}:{where}:") and message in p for p in problems), problems
    _same_both_ways(path, "requests")
