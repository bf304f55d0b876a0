"""Hostile translation files: damaged text or data, deep nesting, huge strings, wrong types,
unknown ids. Each is read, or refused with positioned one-line problems; never a crash."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.errors import InputError
from gapcheck.i18n.content import localise
from gapcheck.i18n.coverage import coverage
from gapcheck.i18n.overlays import load_translations
from gapcheck.i18n.pseudo import accented
from gapcheck.i18n.template import template_files
from gapcheck.yamlio import MAX_DEPTH, MAX_STRING
from tests import hostile_strategies as hs
from tests.conftest import PRACTICES
from tests.test_hostile import assert_clean

HOSTILE = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
FILES = ("GP01.yaml", "GP14.yaml", "catalogue.yaml")


@cache
def _catalogue() -> Catalogue:
    return load_catalogue(PRACTICES)


@cache
def _sources() -> dict[str, bytes]:
    made = template_files(_catalogue(), "fr", fill=accented)
    return {name: made[name].encode("utf-8") for name in FILES}


@st.composite
def damaged(draw: hs.Draw) -> tuple[str, bytes, str]:
    name = draw(st.sampled_from(FILES))
    raw = _sources()[name]
    steps = []
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            raw, step = draw(st.sampled_from(hs.TEXT_OPS))(draw, raw)
            steps.append(step)
    else:
        data: Any = yaml.safe_load(raw)
        for _ in range(draw(st.integers(1, 3))):
            data, step = draw(hs.data_damage(data))
            steps.append(step)
        raw = hs.dump(data)
    return name, raw, "; ".join(steps)


def _check(root: Path, name: str, raw: bytes) -> None:
    folder = root / "fr"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(raw)
    catalogue = _catalogue()
    try:
        translations = load_translations(catalogue, root)
    except InputError as e:
        assert_clean(e, {str(path), str(folder)}, raw, str(path))
    else:
        # what loads can be used: shown in French, counted, the statements intact
        french = localise(catalogue, "fr", translations)
        assert [p.statement for p in french] == [p.statement for p in catalogue]
        assert french.fingerprint == catalogue.fingerprint
        (row,) = coverage(catalogue, translations, ["fr"])
        assert row.translated + row.stale + row.missing == row.fields
    finally:
        path.unlink()


@HOSTILE
@given(case=damaged())
def test_damaged_translation_files(case: tuple[str, bytes, str], tmp_path: Path) -> None:
    name, raw, steps = case
    note(f"{name}: {steps}")
    _check(tmp_path / "i18n", name, raw)


HOSTILE_VALUES = st.one_of(
    hs.HOSTILE_VALUES,
    st.just("x" * (MAX_STRING + 1)),
    st.just("é" * 50_000),
    st.just(123456789012),
    st.just(-1),
    st.just(True),
    st.just([[[[[[["deep"]]]]]]]),
)


@HOSTILE
@given(
    where=st.sampled_from(
        [
            ("title",),
            ("title", "source"),
            ("title", "text"),
            ("elements",),
            ("elements", "GP01.7"),
            ("elements", "GP01.7", "question"),
            ("elements", "GP01.99"),
            ("indicators",),
            ("indicators", 0),
            ("depends_on",),
            ("depends_on", "GP25"),
            ("reviewed_by",),
            ("language",),
            ("practice",),
            ("status",),
        ]
    ),
    value=HOSTILE_VALUES,
)
def test_any_value_anywhere(where: tuple[str | int, ...], value: Any, tmp_path: Path) -> None:
    data: Any = yaml.safe_load(_sources()["GP01.yaml"])
    node = data
    for part in where[:-1]:
        # a practice with no dependencies has no `depends_on` block to damage: make one
        node = node.setdefault(part, {}) if isinstance(part, str) else node[part]
    node[where[-1]] = value
    _check(tmp_path / "i18n", "GP01.yaml", hs.dump(data))


@pytest.mark.parametrize("depth", [MAX_DEPTH - 5, MAX_DEPTH + 5, 1500])
def test_deep_nesting(depth: int, tmp_path: Path) -> None:
    deep = "[" * depth + "]" * depth
    raw = _sources()["GP01.yaml"] + f"extra: {deep}\n".encode()
    _check(tmp_path / "i18n", "GP01.yaml", raw)
