"""Pause Python's cyclic garbage collector while large acyclic data is built.

The collector runs every few hundred new objects and walks every container still alive: with
the million dicts, lists and models of 20,000 requests and 5,000 offers alive, those walks
took more time than the parsing itself (measured in bench/bench_matching.py). What is built
here holds no reference cycles, so reference counting frees it as before; the collector
resumes, as it was, when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def give_back() -> None:
    """Hand the memory freed so far back to the system, before a step that needs a lot.

    glibc keeps freed blocks of its heap for reuse, so that a process's peak is what it ever
    held plus what the next step asks for: after the pairs of 20,000 requests are built,
    over 100 MB of their scratch arrays stay resident (measured). Elsewhere than glibc there
    is no malloc_trim, and nothing is done.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
