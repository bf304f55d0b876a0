"""The library's exceptions. No click here: the CLI maps these to exit codes at one boundary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, with a 1-based position when there is one."""

    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class GapcheckError(Exception):
    """Something went wrong that is not the user's input (exit status 1)."""

    exit_code = 1


class InputError(GapcheckError):
    """The user's input is wrong; carries every problem found (exit status 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, path: str | Path, message: str, line: int | None = None, col: int | None = None
    ) -> InputError:
        return cls([Problem(str(path), line, col, message)])


def _problem_order(p: Problem) -> tuple[str, int, int, str]:
    return (p.path, p.line or 0, p.col or 0, p.message)
