"""Whole commands, start-up included, each against the smallest program that could do less.

- `gapcheck --help` against a bare click group printing its help (goal: within 1.3x).
- One report (JSON, HTML) against a Python process that only reads and validates the same
  questionnaire with the same catalogue (goal: within 1.5x). The compiled templates are in the
  cache, as they are from a user's second run on.
Both sides of each row run alternately, so they see the same machine load.

gapcheck's modules are compiled to bytecode first, as they are in any real install (pip
compiles a wheel's modules; a plain run writes __pycache__ on first use). Without that, an
editable install run with PYTHONDONTWRITEBYTECODE set (the Makefile sets it) compiles
gapcheck's sources again on every start while click's come compiled from site-packages:
about 0.15x of a bare click group's start went to that, not to gapcheck.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from harness import Result, paired_commands, python

EXAMPLE = Path(__file__).resolve().parents[1] / "questionnaires" / "examples" / "arcadia-2026.yaml"
BARE_GROUP = (
    "import click\n"
    "@click.group()\n"
    "def cli():\n"
    "    'A bare group.'\n"
    "@cli.command()\n"
    "def one():\n"
    "    'One command.'\n"
    "cli(['--help'])\n"
)
READ_ONLY = (
    "import sys\n"
    "from gapcheck.catalogue import load_catalogue\n"
    "from gapcheck.questionnaire_files import load_questionnaire_file\n"
    "load_questionnaire_file(sys.argv[1], load_catalogue())\n"
)


def compile_gapcheck() -> None:
    """Bytecode for every gapcheck module, beside its source as Python itself would put it
    (__pycache__ is ignored by git), whatever PYTHONDONTWRITEBYTECODE says."""
    spec = importlib.util.find_spec("gapcheck")
    assert spec is not None and spec.submodule_search_locations
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def run() -> list[Result]:
    compile_gapcheck()
    py = python()
    gapcheck = shutil.which("gapcheck", path=str(Path(py).parent)) or "gapcheck"
    bare = [py, "-c", BARE_GROUP]
    read = [py, "-c", READ_ONLY, str(EXAMPLE)]
    out = []
    with tempfile.TemporaryDirectory(prefix="gapcheck-bench-cache-") as cache:
        env = {**os.environ, "GAPCHECK_CACHE_DIR": cache}
        for argv, what in (
            ([gapcheck, "--help"], "gapcheck --help"),
            ([gapcheck, "-V"], "gapcheck --version"),
        ):
            mine, base = paired_commands(argv, bare, env=env)
            out.append(Result(what, "", mine, "a bare click group's --help", base))
        for fmt in ("json", "html", "md"):
            argv = [gapcheck, "report", str(EXAMPLE), "--format", fmt]
            mine, base = paired_commands(argv, read, env=env)
            out.append(
                Result(
                    f"gapcheck report --format {fmt}", "1 file", mine, "read + validate only", base
                )
            )
        mine, base = paired_commands([gapcheck, "validate"], read, repeat=9, env=env)
        out.append(Result("gapcheck validate", "25 practices", mine, "read + validate only", base))
        mine, base = paired_commands([py, "-c", "import click, networkx"], bare, repeat=9, env=env)
        out.append(
            Result("import networkx (for scale)", "", mine, "a bare click group's --help", base)
        )
    return out
