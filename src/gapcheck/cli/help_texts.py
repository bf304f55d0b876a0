"""The command line's help texts for Babel: an extraction method (`extract_help`) that reads
them from the command tree, as click shows them, for python -m gapcheck.i18n.extract.

A module of its own: it imports the whole command line, which nothing else here may."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from gapcheck.cli import cli
from gapcheck.cli.language import command_messages, commands_of


def extract_help(
    fileobj: IO[bytes],
    keywords: object,  # noqa: ARG001 (Babel's signature for an extraction method)
    comment_tags: object,  # noqa: ARG001
    options: object,  # noqa: ARG001
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method: the help texts of the commands defined in `fileobj` (a
    module of gapcheck.cli), read from the command tree as click shows them."""
    here = Path(getattr(fileobj, "name", "")).resolve()
    for _, command in commands_of(cli):
        callback = command.callback
        module = sys.modules.get(getattr(callback, "__module__", "") or "")
        if module is None or Path(str(module.__file__)).resolve() != here:
            continue
        line = inspect.getsourcelines(callback)[1] if callback is not None else 0
        for message in command_messages(command):
            yield line, "_", message, []
