"""The JSON outputs, their types (gapcheck.outputs) and their page (docs/report-json.md) agree."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from click.testing import CliRunner

from gapcheck import outputs
from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.render import json_doc
from tests.conftest import EXAMPLES, ROOT

PAGE = ROOT / "docs" / "report-json.md"
REGENERATE = "python -m gapcheck.render.json_doc > docs/report-json.md"


def test_the_committed_page_is_what_the_types_print() -> None:
    assert PAGE.read_text(encoding="utf-8") == json_doc.page(), (
        f"docs/report-json.md differs from the types in gapcheck/outputs.py; run: {REGENERATE}"
    )


def _typed_dicts() -> list[type]:
    return [v for v in vars(outputs).values() if isinstance(v, type) and typing.is_typeddict(v)]


@pytest.mark.parametrize("td", _typed_dicts(), ids=lambda t: t.__name__)
def test_every_field_says_what_it_holds(td: type) -> None:
    missing = [name for name, _, doc in json_doc._fields(td) if not doc.strip()]
    assert not missing, f"{td.__name__}: give each field a line in Annotated[...]: {missing}"


def _mismatches(value: Any, t: Any, path: str) -> list[str]:
    """Where a JSON value has other keys than its type says, recursively."""
    origin = get_origin(t)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return []
        (t,) = [a for a in get_args(t) if a is not type(None)][:1] or [t]
        origin = get_origin(t)
    if origin is list:
        (item,) = get_args(t)
        return [m for i, v in enumerate(value) for m in _mismatches(v, item, f"{path}[{i}]")]
    if isinstance(t, type) and typing.is_typeddict(t):
        fields = {name: ft for name, ft, _ in json_doc._fields(t)}
        out = []
        if list(value) != list(fields):
            out.append(f"{path}: keys {list(value)} but {t.__name__} says {list(fields)}")
        for name, ft in fields.items():
            if name in value:
                out.extend(_mismatches(value[name], ft, f"{path}.{name}"))
        return out
    return []


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_report_has_exactly_the_fields_of_its_type(runner: CliRunner) -> None:
    for name in ("arcadia-2026.yaml", "norland-2026.yaml"):
        data = json.loads(_run(runner, "report", str(EXAMPLES / name), "--format", "json"))
        assert _mismatches(data, outputs.ReportData, name) == []
        assert data["practices"] and data["practices"][0]["elements"]  # nested lists were seen


def test_a_comparison_has_exactly_the_fields_of_its_type(runner: CliRunner) -> None:
    old, new = EXAMPLES / "arcadia-2026.yaml", EXAMPLES / "arcadia-2028.yaml"
    data = json.loads(_run(runner, "compare", str(old), str(new), "--format", "json"))
    assert _mismatches(data, outputs.ComparisonData, "comparison") == []
    assert any(p["changed_elements"] for p in data["practices"])


def test_matches_have_exactly_the_fields_of_their_type(runner: CliRunner, tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    _run(runner, "request", "new", str(EXAMPLES / "norland-2026.yaml"), "-o", str(requests))
    offers = sorted(str(p) for p in (ROOT / "offers" / "examples").glob("*.yaml"))
    args = ["match", "--requests", str(requests), *(f"--offers={o}" for o in offers)]
    data = json.loads(_run(runner, *args, "--format", "json", "--admin"))
    assert _mismatches(data, outputs.MatchesData, "matches") == []
    assert data["matches"] and data["offers"]


def test_the_checker_sees_a_missing_or_extra_key() -> None:
    good = {"id": "a", "level": None}
    assert _mismatches(good, outputs.HeldBy, "x") == []
    assert _mismatches({"id": "a"}, outputs.HeldBy, "x")
    assert _mismatches([{**good, "extra": 1}], list[outputs.HeldBy], "x")


def test_reports_and_comparisons_share_one_header(catalogue: Catalogue) -> None:
    head = outputs.header("gapcheck-report", catalogue)
    assert list(head) == ["schema_version", "kind", "generated_by", "catalogue"]
    assert head["catalogue"]["version"] == catalogue.version
