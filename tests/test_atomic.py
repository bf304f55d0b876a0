"""Killing a writer at any moment leaves either the old file or the whole new one."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

WRITER = """
import sys
from gapcheck.yamlio import write_atomic
sys.stdout.write("ready\\n"); sys.stdout.flush()
write_atomic(sys.argv[1], "new " * 40_000_000)   # 160 MB: takes a while to write and fsync
"""
NEW = b"new " * 40_000_000


def _kill_after(target: Path, delay: float) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_killed_writer_leaves_old_file_intact(tmp_path: Path) -> None:
    caught_mid_write = 0
    for i, delay in enumerate([0.02, 0.1, 0.2, 0.3, 0.5, 0.8]):
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
