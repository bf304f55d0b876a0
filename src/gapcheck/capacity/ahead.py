"""Parse many large requests or offers files in two processes while this one checks them.

Reading 20,000 requests (ten files of 2,000) was the largest part of a match after the
solve: YAML parsing, in Python, about 70% of it. The files are independent, so two worker
processes parse them (without positions, yamlio's fast path) and send back the plain data,
which costs a few hundredths of a second a file to pickle against a second or more to parse,
while this process validates each file as it arrives. Small inputs are read here: starting
the workers would cost more than it saves. A file with a problem comes back as None and is
read again here, with positions, to report it (gapcheck.capacity.loading).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from gapcheck.collector import paused
from gapcheck.errors import InputError
from gapcheck.yamlio import Document, load_yaml

# Below this many bytes in all (or with one file), the files are parsed in this process.
# One requests file of 2,000 requests is about 770 KB and takes about half a second.
AHEAD_FROM = 2 * 1024 * 1024
WORKERS = 2


def documents(paths: Sequence[str | Path], kind: str) -> Iterator[Document | None]:
    """Each file's document without positions, in order; None for a file this could not
    parse (or did not try to): the caller reads it itself."""
    if not _worth_it(paths):
        yield from (None for _ in paths)
        return
    context = multiprocessing.get_context("fork")
    done = 0
    try:
        pool = ProcessPoolExecutor(min(WORKERS, len(paths)), mp_context=context)
        try:
            for path, data in zip(paths, pool.map(_parse, [str(p) for p in paths]), strict=True):
                done += 1
                yield None if data is None or kind not in data else Document(str(path), data)
        finally:
            # when the caller stops early (a problem across files), the files not yet
            # started are not parsed for nothing
            pool.shutdown(cancel_futures=True)
    except (OSError, BrokenProcessPool):
        # the workers could not start, or one died (out of memory): the rest is read here
        yield from (None for _ in paths[done:])


def _worth_it(paths: Sequence[str | Path]) -> bool:
    if len(paths) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        return sum(os.path.getsize(p) for p in paths) >= AHEAD_FROM
    except OSError:
        return False  # a missing file: the reading here says so


def _parse(path: str) -> Any:
    try:
        with paused():  # as in this process: see gapcheck.collector
            data = load_yaml(path, positions=False).data
    except InputError:
        return None
    return data if isinstance(data, dict) else None
