"""Run the README's console examples as a user would type them, in order, in one folder.

In the spirit of sqlite-utils' documentation tests: every `$ ` line of a ```console block is
run by bash, and each must exit 0; the lines shown below a command (without `$`) must appear
in its output, in that order (`...` stands for any text, e.g. a folder that differs from one
machine to the next). ```text blocks are illustrations (errors, a browser step) and are not run.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"^```console\n(.*?)^```", re.M | re.S)
# Serves until stopped: started and stopped by its own tests instead.
NOT_RUN = ("gapcheck site serve",)


@dataclass
class Step:
    command: str
    shown: list[str] = field(default_factory=list)


def console_steps(readme: Path = README) -> list[Step]:
    steps: list[Step] = []
    for block in BLOCK.findall(readme.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append(Step(line[2:]))
            elif line.strip() and steps:
                steps[-1].shown.append(line)
    return [s for s in steps if not s.command.startswith(NOT_RUN)]


def run_tour(folder: Path, bin_dir: Path, steps: list[Step]) -> None:
    """Run every step in `folder` with `bin_dir` first on PATH; fail at the first one wrong."""
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_MKDOCS_2_WARNING": "1",
    }
    env.pop("GAPCHECK_PRACTICES", None)
    for step in steps:
        result = subprocess.run(
            ["bash", "-c", step.command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        said = f"$ {step.command}\n{result.stdout}{result.stderr}"
        assert result.returncode == 0, f"exit status {result.returncode}:\n{said}"
        assert "Traceback" not in result.stderr, said
        lines = (result.stdout + result.stderr).splitlines()
        for shown in step.shown:
            pattern = re.compile(".*".join(re.escape(part) for part in shown.split("...")))
            while lines and not pattern.fullmatch(lines[0]):
                lines.pop(0)
            assert lines, f"not printed as the README shows: {shown!r}\n{said}"
            lines.pop(0)
