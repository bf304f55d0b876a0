"""`request update` runs at the same time on one file, and through a link: no change is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from gapcheck.cli import cli

from .conftest import EXAMPLES

GAPCHECK = str(Path(sys.executable).parent / "gapcheck")


def requests_file(folder: Path) -> Path:
    out = folder / "requests.yaml"
    result = CliRunner().invoke(
        cli,
        ["request", "new", str(EXAMPLES / "arcadia-2026.yaml"), "-o", str(out), "--date",
         "2026-06-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def statuses(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text())
    return {r["id"]: r["status"] for r in data["requests"]}


def start_update(path: Path, rid: str, *extra: str) -> subprocess.Popen[str]:
    """`gapcheck request update` moving `rid` to matched, started and left running."""
    return subprocess.Popen(
        [GAPCHECK, "request", "update", str(path), rid, "--status", "matched", *extra,
         "--date", "2026-06-02"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_five_updates_at_once_are_all_kept(tmp_path: Path) -> None:
    path = requests_file(tmp_path)
    ids = list(statuses(path))
    assert len(ids) == 5
    runs = [start_update(path, rid, "--note", f"run {n}") for n, rid in enumerate(ids)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "saved in" in err
    assert statuses(path) == dict.fromkeys(ids, "matched")
    data = yaml.safe_load(path.read_text())
    notes = sorted(r["history"][-1]["note"] for r in data["requests"])
    assert notes == [f"run {n}" for n in range(5)]


def test_the_same_move_twice_at_once_is_made_once(tmp_path: Path) -> None:
    path = requests_file(tmp_path)
    rid = next(iter(statuses(path)))
    runs = [start_update(path, rid) for _ in range(2)]
    for run in runs:
        run.communicate(timeout=120)
    codes = sorted(run.returncode for run in runs)
    # the second reads the first one's change and has nothing to do
    assert codes == [0, 2]
    history = yaml.safe_load(path.read_text())["requests"][0]["history"]
    assert [e["status"] for e in history] == ["requested", "matched"]


def test_update_through_a_link_changes_the_file_it_points_to(tmp_path: Path) -> None:
    path = requests_file(tmp_path)
    link = tmp_path / "link.yaml"
    os.symlink(path.name, link)
    rid = next(iter(statuses(path)))
    result = CliRunner().invoke(
        cli, ["request", "update", str(link), rid, "--status", "matched", "--date", "2026-06-02"]
    )
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == path.name
    assert statuses(path)[rid] == "matched"
    # the lock is the file's, whichever name it is reached by
    assert (tmp_path / ".requests.yaml.lock").exists()
    assert not (tmp_path / ".link.yaml.lock").exists()
