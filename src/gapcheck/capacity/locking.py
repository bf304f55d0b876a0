"""One writer at a time for a file that gapcheck reads, changes and writes back.

`request update` and `match --record` read a requests file, change it and write it back by
renaming a new file over it. Two runs at once would each read the same old text and the
second rename would drop the first one's change. An advisory lock (fcntl.flock) on a lock
file beside the requests file makes the second wait until the first has written. The lock
is on a file of its own, `.NAME.lock`, because the requests file itself is replaced on each
write: a lock held on the old file would not stop a run that opens the new one. The lock
file is empty and left in place (removing it would let two runs lock two different files).

Links are followed first, so runs through a link and through the file's own name share the
same lock, and the file written is the one the link points to.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from gapcheck.errors import InputError, Message

WAIT = 60.0  # seconds; a run holding the lock longer than this is stuck, not busy


def lock_path(target: str | Path) -> Path:
    real = Path(os.path.realpath(target))
    return real.with_name(f".{real.name}.lock")


@contextmanager
def locked(target: str | Path, wait: float = WAIT) -> Iterator[None]:
    """Hold the lock of `target` (waiting up to `wait` seconds for another run)."""
    import fcntl

    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        # a folder the user may read but not write: the write would fail anyway; say so now
        raise InputError.at(
            str(target),
            Message(
                "cannot make the lock file %(name)s beside it (%(why)s)",
                name=path.name,
                why=str(e.strerror),
            ),
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise InputError.at(
                        str(target),
                        Message(
                            "another gapcheck run has been changing this file for over "
                            "%(seconds)s seconds; try again once it has finished",
                            seconds=format(wait, ".0f"),
                        ),
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def all_locked(targets: Sequence[str | Path]) -> Iterator[None]:
    """Hold the locks of several files, taken in one fixed order so that two runs never
    wait on each other's."""
    unique = sorted({str(lock_path(t)): t for t in targets}.items())
    with ExitStack() as stack:
        for _, target in unique:
            stack.enter_context(locked(target))
        yield
