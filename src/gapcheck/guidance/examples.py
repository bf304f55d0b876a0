"""Example questionnaires that may be published on the site."""

from __future__ import annotations

import re
from pathlib import Path

from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Problem
from gapcheck.guidance.pages import Example


def load_examples(folder: str | Path | None, catalogue: Catalogue) -> list[Example]:
    """Every questionnaire in `folder` that is not confidential, checked like any other.

    A confidential one is dropped here, before its answers reach any page; pages.py drops
    it again, so that neither check alone has to be right.
    """
    if folder is None:
        return []
    from gapcheck.questionnaire import load_questionnaire

    out: list[Example] = []
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            q = load_questionnaire(path, catalogue)
        except InputError as e:
            problems.extend(e.problems)
            continue
        if not q.confidential:
            out.append(Example(slug(path.stem), q))
    if problems:
        raise InputError(problems)
    return out


def slug(name: str) -> str:
    """A file name fit for a URL: arcadia-2026, never a space or a dot."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "example"
