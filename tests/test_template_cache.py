"""Compiled templates kept between runs: used when possible, harmless when not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

REPORT = [
    sys.executable,
    "-c",
    "from gapcheck.cli import main; main()",
    "report",
    str(EXAMPLES / "arcadia-2026.yaml"),
]


def run_report(cache: Path, fmt: str = "html") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GAPCHECK_CACHE_DIR": str(cache)}
    return subprocess.run(
        [*REPORT, "--format", fmt], env=env, capture_output=True, text=True, check=False
    )


def test_second_run_reads_the_compiled_templates(tmp_path: Path) -> None:
    first = run_report(tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    compiled = sorted((tmp_path / "cache").rglob("*.cache"))
    assert compiled, "the first run should keep its compiled templates"
    stamps = {p: p.stat().st_mtime_ns for p in compiled}
    second = run_report(tmp_path / "cache")
    assert second.stdout == first.stdout
    assert {p: p.stat().st_mtime_ns for p in compiled} == stamps  # read, not written again


def test_a_cache_that_cannot_be_made_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go\\n", encoding="utf-8")
    reference = run_report(tmp_path / "cache")
    broken = run_report(blocked)
    assert broken.returncode == 0, broken.stderr
    assert broken.stdout == reference.stdout
    assert broken.stderr == ""


def test_a_stale_or_damaged_cache_file_is_recompiled(tmp_path: Path) -> None:
    reference = run_report(tmp_path / "cache")
    for compiled in (tmp_path / "cache").rglob("*.cache"):
        compiled.write_bytes(b"not bytecode at all")
    again = run_report(tmp_path / "cache")
    assert again.returncode == 0, again.stderr
    assert again.stdout == reference.stdout


def test_json_reports_compile_no_template(tmp_path: Path) -> None:
    result = run_report(tmp_path / "cache", fmt="json")
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "cache").rglob("*.cache"))


def test_the_site_theme_is_compiled_once_for_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs makes a new theme environment per build (one per language): the theme's
    templates are compiled in the first build only, and the pages are the same."""
    import jinja2

    from gapcheck.guidance.build import build_site

    monkeypatch.setenv("GAPCHECK_CACHE_DIR", str(tmp_path / "cache"))
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment, source: Any, name: str | None = None, *a: Any, **k: Any
    ) -> Any:
        compiled.append(name)
        return original(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = build_site(tmp_path / "first", languages=("en",)).site_dir
    theme = {n for n in compiled if n and n.startswith("partials/")}
    assert len(theme) > 20, compiled  # Material's partials, compiled in the first build
    compiled.clear()
    second = build_site(tmp_path / "second", languages=("en",)).site_dir
    # nothing, not even the language partials Material's search plugin compiles in an
    # environment of its own (to read the language's words)
    assert compiled == [], compiled
    for page in ("index.html", "practices/gp03.html"):
        assert (first / page).read_bytes() == (second / page).read_bytes()
