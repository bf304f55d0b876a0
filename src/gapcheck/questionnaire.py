"""Questionnaires: load and cross-check a filled one, generate a blank one."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from pathlib import Path

from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Problem, at_most, shorten
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.yamlio import Document, load_yaml, validate


def load_questionnaire(path: str | Path, catalogue: Catalogue) -> Questionnaire:
    """Read a questionnaire (YAML, or a workbook made by gapcheck) and check it."""
    if str(path).lower().endswith(".xlsx"):
        from gapcheck.workbook import read_workbook

        return read_workbook(path, catalogue)
    return parse_questionnaire(load_yaml(path), catalogue)


def parse_questionnaire(doc: Document, catalogue: Catalogue) -> Questionnaire:
    q: Questionnaire = validate(doc, Questionnaire)
    problems = check_questionnaire(q, doc, catalogue)
    if problems:
        raise InputError(problems)
    return q


def check_questionnaire(q: Questionnaire, doc: Document, catalogue: Catalogue) -> list[Problem]:
    """Ids and kinds of help must exist in the catalogue; answers must fit their practice."""
    return at_most(_problems(q, doc, catalogue))


def _problems(q: Questionnaire, doc: Document, catalogue: Catalogue) -> Iterator[Problem]:
    known = list(catalogue.by_id)
    for pid, answers in q.practices.items():
        if pid not in catalogue.by_id:
            yield doc.problem(
                ("practices", pid), _unknown(f"practice id '{pid}'", pid, known), True
            )
            continue
        element_ids = catalogue.by_id[pid].element_ids
        for eid in answers.elements:
            if eid not in element_ids:
                yield doc.problem(
                    ("practices", pid, "elements", eid),
                    _unknown(f"element id '{eid}' for {pid}", eid, element_ids),
                    True,
                )
        for i, kind in enumerate(answers.assistance.kinds):
            if kind not in catalogue.assistance:
                yield doc.problem(
                    ("practices", pid, "assistance", "kinds", i),
                    _unknown(f"kind of assistance '{kind}'", kind, list(catalogue.assistance)),
                )


def _unknown(what: str, value: str, allowed: list[str]) -> str:
    what = shorten(what, 100)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown {what}; did you mean '{close[0]}'?"
    return f"unknown {what}; use one of: {', '.join(allowed)}"


def new_questionnaire(
    catalogue: Catalogue, state: str, date: dt.date | None = None, lang: str = "en"
) -> Questionnaire:
    """An empty questionnaire for `state`, dated today unless told otherwise."""
    return Questionnaire(
        catalogue_version=catalogue.version,
        state=state,
        date=date or dt.date.today(),
        languages=[lang],
    )


def blank_questionnaire(
    catalogue: Catalogue, state: str, date: dt.date | None = None, lang: str = "en"
) -> str:
    """A YAML questionnaire with every question as a comment, ready to fill by hand."""
    from gapcheck.questionnaire_yaml import render_questionnaire

    return render_questionnaire(catalogue, new_questionnaire(catalogue, state, date, lang))
