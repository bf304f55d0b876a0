"""CLI start-up: `gapcheck --help` against a bare click program, and the import of networkx."""

from __future__ import annotations

import shutil
from pathlib import Path

from harness import Result, command_time, python


def run() -> list[Result]:
    py = python()
    gapcheck = shutil.which("gapcheck", path=str(Path(py).parent)) or "gapcheck"
    bare = command_time([py, "-c", "import click"])
    out = [
        Result(
            "gapcheck --help",
            "",
            command_time([gapcheck, "--help"]),
            "python -c 'import click'",
            bare,
        ),
        Result(
            "gapcheck --version",
            "",
            command_time([gapcheck, "--version"]),
            "python -c 'import click'",
            bare,
        ),
        Result(
            "gapcheck validate",
            "25 practices",
            command_time([gapcheck, "validate"]),
            "python -c 'import click'",
            bare,
        ),
        Result(
            "import networkx (for scale)",
            "",
            command_time([py, "-c", "import click, networkx"]),
            "python -c 'import click'",
            bare,
        ),
    ]
    return out
