"""`gapcheck ARGS` in real processes that do not import gapcheck again: each is forked from
a server that imported it once.

A new `gapcheck` process spends about 0.8 s of CPU importing gapcheck, pydantic, openpyxl
and numpy before it reads its input, and the tests that run hostile files under a memory
limit start dozens of them: that start-up was most of their cost. Here one server process
imports them once and forks a child per run. Each child is still a process of its own, with
its own limits (the kernel refuses it memory past its RLIMIT_AS, as it would a fresh one),
killed on time-out, and with the exit status and output `gapcheck ARGS` gives: it runs
`main()` as the console script does. The server runs nothing itself, so no run sees what
another did.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

SERVER = r"""
import json, os, resource, sys, traceback
from gapcheck.cli import main
for module in sys.argv[1:]:
    __import__(module)
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            for name, value in job["limits"].items():
                resource.setrlimit(getattr(resource, name), (value, value))
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            for fd, path in ((1, job["stdout"]), (2, job["stderr"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
            sys.argv = ["gapcheck", *job["args"]]
            main()
            code = 0
        except SystemExit as e:  # what the interpreter makes of sys.exit(e.code)
            if e.code is None or isinstance(e.code, int):
                code = e.code or 0
            else:
                print(e.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    print(pid, flush=True)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


class Done(NamedTuple):
    """What one run did, as subprocess.run(capture_output=True, text=True) tells it."""

    returncode: int
    stdout: str
    stderr: str


class Server:
    """Runs `gapcheck ARGS` in a child forked from one process that imported gapcheck."""

    def __init__(self, proc: subprocess.Popen[bytes], folder: Path) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        self._proc = proc
        self._stdin, self._replies = proc.stdin, proc.stdout.fileno()
        self._folder = folder
        self._buffer = b""

    def _reply(self, timeout: float | None = None) -> int | None:
        """The server's next line, a number; None if it did not come within `timeout`.
        Read from the pipe itself: a buffered reader could hold a line select() cannot see."""
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._replies, 4096)
            assert chunk, "the server ended"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return int(line)

    def run(self, args: list[str], limits: Mapping[str, int], timeout: float) -> Done:
        """`gapcheck ARGS` with resource `limits` (RLIMIT_AS: bytes...); killed and
        subprocess.TimeoutExpired raised after `timeout` seconds."""
        out, err = self._folder / "stdout", self._folder / "stderr"
        job = {"args": args, "limits": dict(limits), "stdout": str(out), "stderr": str(err)}
        self._stdin.write(json.dumps(job).encode() + b"\n")
        self._stdin.flush()
        pid = self._reply()
        assert pid is not None
        code = self._reply(timeout)
        if code is None:
            os.kill(pid, signal.SIGKILL)
            self._reply()
            raise subprocess.TimeoutExpired(["gapcheck", *args], timeout)
        return Done(code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))


@contextmanager
def server(folder: Path, preload: tuple[str, ...] = ()) -> Iterator[Server]:
    """A server with gapcheck.cli and the `preload` modules imported (those a command
    imports when it runs, such as gapcheck.workbook), writing runs' output in `folder`."""
    with subprocess.Popen(
        [sys.executable, "-c", SERVER, *preload],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        try:
            yield Server(proc, folder)
        finally:
            assert proc.stdin is not None
            proc.stdin.close()
            proc.wait(timeout=30)
