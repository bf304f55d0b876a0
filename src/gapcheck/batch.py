"""Many questionnaires at once: one summary row each, or every problem of every file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gapcheck.catalogue import Catalogue
from gapcheck.errors import Problems
from gapcheck.i18n.formats import whole_percent_down
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.scoring import Assessment, score

Row = dict[str, Any]


def summary_row(path: str | Path, a: Assessment) -> Row:
    """State, date, coverage (% of elements answered), overall and section levels (0-4)."""
    row: Row = {
        "file": str(path),
        "state": a.state,
        "date": a.date,
        "coverage_%": whole_percent_down(a.coverage * 100),
        "overall": None if a.overall is None else round(a.overall, 2),
    }
    for s in a.sections:
        row[s.id] = None if s.level is None else round(s.level, 2)
    return row


def load_all(paths: Iterable[str | Path], catalogue: Catalogue) -> list[Questionnaire]:
    """Load every file; if any is bad, raise one InputError with every problem of every file."""
    problems = Problems()
    loaded = [problems.attempt(load_questionnaire_file, path, catalogue) for path in paths]
    problems.raise_any()
    return [q for q in loaded if q is not None]


def score_rows(paths: Iterable[str | Path], catalogue: Catalogue) -> list[Row]:
    """One summary row per questionnaire, in the order given; every problem of every file.

    Each questionnaire is dropped once its row is made: holding a thousand of them only to
    score them later makes the garbage collector rescan them all, and cost grow faster than
    the number of files.
    """
    rows: list[Row] = []
    problems = Problems()
    for path in paths:
        q = problems.attempt(load_questionnaire_file, path, catalogue)
        if q is not None and not problems:
            rows.append(summary_row(path, score(q, catalogue)))
    problems.raise_any()
    return rows
