"""Example questionnaires that may be published on the site."""

from __future__ import annotations

import re
from pathlib import Path

from gapcheck.catalogue import Catalogue
from gapcheck.errors import Problem, Problems
from gapcheck.guidance.pages import Example
from gapcheck.questionnaire_files import load_questionnaire_file

# Page names the site already uses in reports/, and why a report cannot take them.
RESERVED = {"index": "its report would replace the list of example reports (reports/index.html)"}


def load_examples(folder: str | Path | None, catalogue: Catalogue) -> list[Example]:
    """Every questionnaire in `folder` that is not confidential, checked like any other.

    A confidential one is dropped here, before its answers reach any page; pages.py drops
    it again, so that neither check alone has to be right.
    """
    if folder is None:
        return []
    out: list[Example] = []
    problems = Problems()
    pages: dict[str, Path] = {}  # each example's page, to refuse two files sharing one
    for path in sorted(Path(folder).glob("*.yaml")):
        q = problems.attempt(load_questionnaire_file, path, catalogue)
        if q is None or q.confidential:
            continue
        name = slug(path.stem)
        if name in RESERVED:
            problems.add(Problem(str(path), None, None, f"{RESERVED[name]}; rename this file"))
        elif name in pages:
            problems.add(
                Problem(
                    str(path),
                    None,
                    None,
                    f"its report would have the same page (reports/{name}.html) as "
                    f"{pages[name].name}'s; rename one of the two files",
                )
            )
        else:
            pages[name] = path
            out.append(Example(name, q))
    problems.raise_any()
    return out


def slug(name: str) -> str:
    """A file name fit for a URL: arcadia-2026, never a space or a dot."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "example"
