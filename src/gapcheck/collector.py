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
