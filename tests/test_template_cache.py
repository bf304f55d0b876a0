"""Compiled templates kept between runs: used when possible, harmless when not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
