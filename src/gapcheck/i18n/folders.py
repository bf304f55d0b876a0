"""The language folders of a translations tree: the knowledge base's i18n/ and the site's
docs/i18n/ are laid out alike and read alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from gapcheck.errors import Problem, Problems
from gapcheck.models.translation import LANGUAGES


def language_folders(
    root: Path, problems: Problems, stray: Callable[[Path], Problem | None]
) -> Iterator[Path]:
    """Each folder of `root` named after a language, in name order (nothing if `root` is not
    a folder).

    Every other entry goes to `stray`, and the problem it returns (None: leave the entry be)
    is added to `problems`, so that one run reports every misplaced file and folder. Names
    starting with a dot are passed over: an editor's or a version control system's own files.
    """
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and entry.name in LANGUAGES:
            yield entry
        else:
            problem = stray(entry)
            if problem is not None:
                problems.add(problem)
