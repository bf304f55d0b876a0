"""Killing a writer at any moment leaves either the old file or the whole new one."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import invoke

WRITER = """
import sys
from gapcheck.yamlio import write_atomic
content = "new " * 40_000_000   # 160 MB: takes a while to write and fsync
sys.stdout.write("ready\\n"); sys.stdout.flush()
write_atomic(sys.argv[1], content)
"""
NEW = b"new " * 40_000_000


def _kill_after(target: Path, delay: float) -> None:
    """Kill the writer `delay` seconds after its temporary file appears (or on time-out)."""
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.endswith(".tmp") for p in target.parent.iterdir()):
                break
            time.sleep(0.001)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.slow
def test_killed_writer_leaves_old_file_intact(tmp_path: Path) -> None:
    caught_mid_write = 0
    # Killed as soon as the temporary file exists, then later and later: on a busy machine
    # the first is mid-write for sure, the last ones may find the new file already in place.
    for i, delay in enumerate([0.0, 0.0, 0.01, 0.05, 0.2, 1.0]):
        folder = tmp_path / str(i)
        folder.mkdir()
        target = folder / "report.html"
        target.write_text("old report")
        _kill_after(target, delay)
        content = target.read_bytes()
        assert content in (b"old report", NEW)
        leftovers = [p.name for p in folder.iterdir() if p != target]
        # a half-written file never takes the target's name; it stays a hidden temp file
        assert all(n.startswith(".report.html.") and n.endswith(".tmp") for n in leftovers)
        caught_mid_write += bool(leftovers) and content == b"old report"
    assert caught_mid_write, "no run was killed while writing; the test proved nothing"


# ------------------------------------------------------ the real CLI, killed mid-run

GAPCHECK = Path(sys.executable).parent / "gapcheck"
EXAMPLES = Path(__file__).resolve().parents[1] / "questionnaires" / "examples"


def _big_questionnaire(folder: Path) -> Path:
    """4 MB of notes and evidence (within the limits): a report of 4 MB to write."""
    data = yaml.safe_load((EXAMPLES / "arcadia-2026.yaml").read_text(encoding="utf-8"))
    words = ("evidence of the programme " * 4000)[:95_000]
    for pid, practice in data["practices"].items():
        practice["notes"] = f"{pid} notes: {words}"
        practice["evidence"] = f"{pid} evidence: {words[:60_000]}"
    path = folder / "big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=200), encoding="utf-8")
    return path


def _big_requests(folder: Path) -> tuple[Path, str]:
    """150 requests with long notes (900 kB), and the id of one to move: `request update`
    rewrites this file.

    The size is what makes the write take long enough to be caught; long notes give it at
    a tenth of the CPU that 1,500 short requests cost (each request is checked on reading).
    """
    # in this process: the file is only material, the killed runs below are the test
    made = invoke("request", "new", EXAMPLES / "arcadia-2026.yaml", "--date", "2026-06-01")
    assert made.exit_code == 0, made.output
    requests = yaml.safe_load(made.stdout)
    one = requests["requests"][0]
    note = one["note"] + " " + ("to follow former participants for years " * 130)[:5_000]
    requests["requests"] = [{**one, "id": f"r-{i:04d}", "note": note} for i in range(150)]
    path = folder / "requests.yaml"
    path.write_text(yaml.safe_dump(requests, sort_keys=False), encoding="utf-8")
    return path, "r-0075"


def _run(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when_writing(argv: list[str], folder: Path) -> bool:
    """SIGKILL the run the moment its temporary file appears; True if it was caught so."""
    proc = _run(argv)
    caught = False
    while proc.poll() is None:
        with os.scandir(folder) as entries:
            if any(e.name.endswith(".tmp") for e in entries):
                proc.send_signal(signal.SIGKILL)
                caught = True
                break
        # Without a pause this loop took a core for the whole run (1.6 s of CPU a run, as
        # much as the run itself); the temporary file lives far longer than a millisecond
        # (caught 6 times out of 6 with the pause, as without it).
        time.sleep(0.001)
    proc.wait()
    return caught


def _kill_run_after(argv: list[str], delay: float) -> None:
    proc = _run(argv)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["report", "request update"])
def test_killed_cli_leaves_old_file_or_whole_new_one(command: str, tmp_path: Path) -> None:
    """A real `gapcheck` writing a large file, killed at several moments.

    `report -o` writes over an earlier report; `request update` rewrites its own input, the
    one file a user cannot make again. Either way the file is the old one or the whole new
    one, never a part; a killed run leaves at most a hidden temporary file beside it.
    """
    if command == "report":
        source = _big_questionnaire(tmp_path)
        old = b"an earlier report\n"

        def argv(target: Path) -> list[str]:
            report = ["report", str(source), "--format", "html", "-o", str(target)]
            return [str(GAPCHECK), *report, "--force"]  # the old file is not a report
    else:
        requests, rid = _big_requests(tmp_path)
        old = requests.read_bytes()

        def argv(target: Path) -> list[str]:
            update = ["request", "update", str(target), rid, "--status", "matched"]
            return [str(GAPCHECK), *update, "--date", "2026-07-01"]

    reference = tmp_path / "reference" / "out"
    reference.parent.mkdir()
    reference.write_bytes(old)
    subprocess.run(argv(reference), check=True, capture_output=True)
    new = reference.read_bytes()
    assert new != old and len(new) > 500_000

    caught_writing = 0
    # Twice while its temporary file is written, then early, midway and late (eight moments
    # until make test had to fit in 6 minutes: the three dropped found nothing these do not).
    moments: list[float | None] = [None, None, 0.05, 0.3, 1.2]
    for i, delay in enumerate(moments):
        folder = tmp_path / f"run-{i}"
        folder.mkdir()
        target = folder / "out"
        target.write_bytes(old)
        if delay is None:
            caught_writing += _kill_when_writing(argv(target), folder)
        else:
            _kill_run_after(argv(target), delay)
        content = target.read_bytes()
        assert content in (old, new), f"a partial file after a kill at {delay}"
        leftovers = [p.name for p in folder.iterdir() if p != target]
        # request update's lock file (capacity/locking.py) is left in place by design
        leftovers = [n for n in leftovers if n != ".out.lock"]
        assert all(n.startswith(".out.") and n.endswith(".tmp") for n in leftovers), leftovers
    assert caught_writing, "no run was killed while writing; the test proved nothing"


# ------------------------------------------------------------ where output may not go


def test_output_paths_that_cannot_be_written(tmp_path: Path) -> None:
    """A wrong -o is bad input (exit 2, one line, nothing written), never a traceback."""
    from click.testing import CliRunner

    from gapcheck.cli import cli

    report = EXAMPLES / "arcadia-2026.yaml"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    folder = tmp_path / "matches" / "matches.md"
    folder.mkdir(parents=True)
    practices = tmp_path / "practices"
    shutil.copytree(EXAMPLES.parents[1] / "practices", practices)
    before = (practices / "GP01.yaml").read_bytes()
    cases = [
        (["report", report, "-o", a_file / "report.md"], "a part of this path is a file"),
        (
            ["match", "--requests", _requests(tmp_path), "--offers", OFFER, "-o", folder.parent],
            "this is a folder",
        ),
        (
            ["--practices", practices, "report", report, "-f", "md", "-o", practices / "GP01.yaml"],
            "this is inside the knowledge base folder",
        ),
    ]
    for args, expected in cases:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert expected in result.stderr.splitlines()[0]
        assert result.stderr.endswith("nothing was written.\n")
    assert a_file.read_text() == "keep me"
    assert (practices / "GP01.yaml").read_bytes() == before
    assert not list(folder.parent.glob("matches.*.tmp")) and folder.is_dir()


def test_a_failing_disk_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError while writing (disk full) ends with one line and exit status 1; the old
    file stays, and no temporary file is left."""
    from click.testing import CliRunner

    from gapcheck.cli import cli

    target = tmp_path / "report.md"
    target.write_text("old report")

    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), dst)

    monkeypatch.setattr(os, "replace", full)
    result = CliRunner().invoke(
        cli, ["report", str(EXAMPLES / "arcadia-2026.yaml"), "-o", str(target), "--force"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr == (
        f"Error: {target}: No space left on device; a file being written is left as it was\n"
    )
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


OFFER = EXAMPLES.parents[1] / "offers" / "examples" / "meridia-justice.yaml"


def _requests(folder: Path) -> Path:
    path = folder / "requests.yaml"
    made = invoke("request", "new", EXAMPLES / "arcadia-2026.yaml", "-o", path)
    assert made.exit_code == 0, made.output
    return path


def test_no_command_writes_over_its_own_input(tmp_path: Path) -> None:
    """report and request new are checked in their own tests; here compare, import, match."""
    from click.testing import CliRunner

    from gapcheck.catalogue import load_catalogue
    from gapcheck.cli import cli
    from gapcheck.questionnaire_files import load_questionnaire_file
    from gapcheck.workbook import write_workbook

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    shutil.copy(EXAMPLES / "arcadia-2026.yaml", old)
    shutil.copy(EXAMPLES / "arcadia-2028.yaml", new)
    catalogue = load_catalogue()
    xlsx = tmp_path / "arcadia.xlsx"
    xlsx.write_bytes(write_workbook(catalogue, load_questionnaire_file(old, catalogue)))
    out = tmp_path / "matches"
    out.mkdir()
    requests = out / "matches.json"  # a requests file, named like one of match's outputs
    shutil.copy(_requests(tmp_path), requests)
    inputs = [old, new, xlsx, requests]
    before = {p: p.read_bytes() for p in inputs}
    for args in (
        ["compare", old, new, "-o", new],
        ["compare", old, new, "-o", tmp_path / "." / "old.yaml"],
        ["questionnaire", "import", xlsx, "-o", xlsx],
        ["match", "--requests", requests, "--offers", OFFER, "-o", out],
    ):
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in inputs} == before
    assert sorted(p.name for p in out.iterdir()) == ["matches.json"]  # nothing else written
