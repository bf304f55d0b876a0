"""Every kind of YAML file gapcheck reads meets the same limits (docs/limits.md).

Questionnaires, practice files, offers and requests all go through yamlio, whose budgets
(size, nesting, values and text once aliases are expanded, one text, one key) bound the work
done on any file: each hostile shape below is refused with the limit's own message, at the
place in the file where it was passed, whatever the file's kind. Time is not asserted here
(bench/bench_worst.py measures the worst accepted files); that the refusal comes from the
budget, before any copy is made, is what bounds it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gapcheck import yamlio
from gapcheck.capacity.loading import load_offers, load_requests
from gapcheck.capacity.requests import build_requests, dump_requests
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.errors import InputError
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.yamlio import MAX_BYTES, MAX_DEPTH, MAX_KEY, MAX_NODES, MAX_STRING, MAX_TEXT
from tests.conftest import EXAMPLES, PRACTICES, ROOT

ARCADIA = EXAMPLES / "arcadia-2026.yaml"
OFFERS = ROOT / "offers" / "examples" / "valdoria-prison-service.yaml"
MB = MAX_BYTES // 2**20


def _laughs() -> str:
    """Nine levels of ten aliases each: a billion values from under a kilobyte."""
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


# shape -> (text appended to a valid file as new top-level keys, the start of the message)
SHAPES: dict[str, tuple[Callable[[], str], str]] = {
    "deep nesting, flow": (
        lambda: "deep: " + "[" * 5_000 + "]" * 5_000 + "\n",
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    "deep nesting, block": (
        lambda: "deep:\n" + "".join(f"{'  ' * (i + 1)}k{i}:\n" for i in range(100)),
        f"nested more than {MAX_DEPTH} levels deep",
    ),
    "billion laughs": (_laughs, f"more than {MAX_NODES} values (an alias bomb?)"),
    "one long text repeated by aliases": (
        lambda: f"big: &big {'x' * 90_000}\nbomb: [{', '.join(['*big'] * 2_000)}]\n",
        f"more than {MAX_TEXT:,} characters of text once aliases",
    ),
    "huge scalar": (
        lambda: f"huge: {'x' * (MAX_STRING + 1)}\n",
        f"text longer than {MAX_STRING} characters",
    ),
    # (these two read the limit when they are made: LARGE_ONCE)
    "one long line of values": (
        lambda: "line: [" + "1, " * (yamlio.MAX_NODES + 10) + "1]\n",
        "more than {nodes} values",
    ),
    "many keys": (
        lambda: "many:\n" + "".join(f"  k{i}: 1\n" for i in range(yamlio.MAX_NODES)),
        "more than {nodes} values",
    ),
    "long key": (lambda: f"{'k' * (MAX_KEY + 1)}: 1\n", f"a key longer than {MAX_KEY} characters"),
    "over the size limit": (
        lambda: "".join(f"# {'x' * 97}\n" for _ in range(MAX_BYTES // 100 + 1)),
        f"file is larger than {MB} MB",
    ),
}
# Refused only after the parser has built every node: a few seconds each at the real limit,
# and the biggest share of this file's time. The same parser counts the values of every kind
# of file, so the real limit is passed once per shape, in a questionnaire (make test runs
# those, make check leaves them out); the other kinds pass a limit the test lowers to
# SMALL_NODES, which the same count and the same message meet.
COSTLY = {"one long line of values", "many keys"}
KINDS = ["questionnaire", "practice", "offers", "requests"]
LARGE_ONCE = "questionnaire"
SMALL_NODES = 3_000


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> dict[str, str]:
    """A valid file of each kind, as text."""
    q = load_questionnaire_file(ARCADIA, catalogue)
    drafted = build_requests(q, catalogue, today=dt.date(2026, 6, 1))
    return {
        "questionnaire": ARCADIA.read_text(encoding="utf-8"),
        "practice": (PRACTICES / "GP01.yaml").read_text(encoding="utf-8"),
        "offers": OFFERS.read_text(encoding="utf-8"),
        "requests": dump_requests(drafted.requests, catalogue.version),
    }


@pytest.fixture(scope="module")
def practices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("limits") / "practices"
    shutil.copytree(PRACTICES, folder)
    yield folder


def _load(kind: str, text: str, where: Path, practices: Path, catalogue: Catalogue) -> Path:
    """Write `text` as a file of `kind` and read it as gapcheck would; returns its path."""
    if kind == "practice":
        path = practices / "GP01.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_catalogue(practices)
        finally:
            shutil.copy(PRACTICES / "GP01.yaml", path)
        return path
    path = where / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    if kind == "questionnaire":
        load_questionnaire_file(path, catalogue)
    elif kind == "offers":
        load_offers([path], catalogue)
    else:
        load_requests([path], catalogue)
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_the_valid_file_of_each_kind_is_read(
    kind: str, bases: dict[str, str], practices: Path, catalogue: Catalogue, tmp_path: Path
) -> None:
    """The files the shapes are added to are valid: a refusal below is the shape's."""
    _load(kind, bases[kind], tmp_path, practices, catalogue)


@pytest.mark.parametrize(
    ("kind", "shape"),
    [
        pytest.param(k, s, marks=pytest.mark.slow) if s in COSTLY and k == LARGE_ONCE else (k, s)
        for k in KINDS
        for s in SHAPES
    ],
)
def test_each_limit_refuses_each_kind(
    kind: str,
    shape: str,
    bases: dict[str, str],
    practices: Path,
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if shape in COSTLY and kind != LARGE_ONCE:
        monkeypatch.setattr(yamlio, "MAX_NODES", SMALL_NODES)
    payload, expected = SHAPES[shape]
    expected = expected.format(nodes=yamlio.MAX_NODES)
    text = bases[kind] + payload()
    with pytest.raises(InputError) as info:
        _load(kind, text, tmp_path, practices, catalogue)
    first = info.value.problems[0]
    assert first.message.startswith(expected), str(first)
    assert first.path.endswith(("GP01.yaml", f"{kind}.yaml")), str(first)
    if shape == "over the size limit":
        assert first.line is None
    else:  # at the place where the limit was passed, below the valid part
        assert first.line is not None and first.line > bases[kind].count("\n"), str(first)
