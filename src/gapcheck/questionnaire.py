"""Questionnaires: cross-check a filled one, start a new one.

Reading a file (YAML or workbook) is `gapcheck.questionnaire_files`; writing one out is
`gapcheck.render.questionnaire_yaml` and `gapcheck.workbook.write`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Message, Problem, at_most, shorten, unknown
from gapcheck.migration import outdated_problem
from gapcheck.models.capacity import normalise_slug
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.models.values import invisible
from gapcheck.yamlio import Document, validate_document


def parse_questionnaire(doc: Document, catalogue: Catalogue) -> Questionnaire:
    """Validate a parsed file; report wrong values and unknown ids together, in one pass."""
    outdated = outdated_problem(doc, catalogue)
    if outdated is not None:  # its ids would be reported as unknown: say what to run instead
        raise InputError([outdated])
    unknown_ids = check_ids(doc, catalogue)
    try:
        q: Questionnaire = validate_document(doc, Questionnaire)
    except InputError as e:
        raise InputError(at_most([*e.problems, *unknown_ids])) from None
    if unknown_ids:
        raise InputError(unknown_ids)
    return q


def version_notice(
    made_for: str, catalogue: Catalogue, gettext: Callable[[str], str] = str
) -> str | None:
    """What a report says about a questionnaire made for another catalogue version.

    The one rule, for YAML files and workbooks alike: answers are matched by element id, so a
    questionnaire made for another version is read as long as every id it answers exists in
    the catalogue in use (`check_ids` refuses the others, with `version_hint`). `gettext`
    translates the sentence (a report's language).
    """
    if not made_for or made_for == catalogue.version:
        return None
    older = _older(made_for, catalogue.version)
    versions = {"made_for": made_for, "in_use": catalogue.version}
    if older is None:
        return (
            gettext(
                "This questionnaire was made for catalogue version %(made_for)s; the version in "
                "use is %(in_use)s. Its answers are matched to the questions by element id; "
                "elements it does not answer count as not answered."
            )
            % versions
        )
    if older:
        return (
            gettext(
                "This questionnaire was made for catalogue version %(made_for)s, older than the "
                "version in use (%(in_use)s). Its answers are matched to the questions by element "
                "id; elements added since count as not answered."
            )
            % versions
        )
    return (
        gettext(
            "This questionnaire was made for catalogue version %(made_for)s, newer than the "
            "version in use (%(in_use)s). Its answers are matched to these older questions by "
            "element id; to score it against the questions it answered, use the catalogue it was "
            "made for (gapcheck --practices FOLDER ...)."
        )
        % versions
    )


def version_hint(made_for: str, catalogue: Catalogue) -> str:
    """Said with an unknown id when the questionnaire was made for another catalogue."""
    if not made_for or made_for == catalogue.version:
        return ""
    return Message(
        " (this questionnaire was made for catalogue version %(made_for)s, the catalogue in "
        "use is %(in_use)s: read it with the catalogue it was made for, "
        "gapcheck --practices FOLDER ...)",
        made_for=made_for,
        in_use=catalogue.version,
    )


def _older(a: str, b: str) -> bool | None:
    """Whether version `a` comes before `b`, or None when they cannot be compared."""
    try:
        ta, tb = (tuple(int(n) for n in v.split(".")) for v in (a, b))
    except ValueError:
        return None
    return ta < tb if ta != tb else None


def check_ids(doc: Document, catalogue: Catalogue) -> list[Problem]:
    """Practice, element and assistance ids must exist in the catalogue.

    Works on the raw data, so that an unknown id is reported even when a value elsewhere
    in the file is wrong too.
    """
    return at_most(_problems(doc, catalogue))


def _problems(doc: Document, catalogue: Catalogue) -> Iterator[Problem]:
    practices = doc.data.get("practices")
    if not isinstance(practices, dict):
        return
    known = list(catalogue.by_id)
    made_for = doc.data.get("catalogue_version")
    hint = version_hint(made_for if isinstance(made_for, str) else "", catalogue)
    for pid, answers in practices.items():
        hidden = invisible(pid, Message("practice id"))
        if hidden:
            yield doc.problem(("practices", pid), hidden, True)
            continue
        if pid not in catalogue.by_id:
            yield doc.problem(
                ("practices", pid),
                Message(
                    "unknown practice id '%(id)s'; practices run from %(first)s to "
                    "%(last)s%(hint)s",
                    id=shorten(pid),
                    first=known[0],
                    last=known[-1],
                    hint=hint,
                ),
                True,
            )
            continue
        if not isinstance(answers, dict):
            continue
        element_ids = catalogue.by_id[pid].element_ids
        elements = answers.get("elements")
        for eid in elements if isinstance(elements, dict) else ():
            hidden = invisible(eid, Message("element id"))
            if hidden:
                yield doc.problem(("practices", pid, "elements", eid), hidden, True)
            elif eid not in element_ids:
                yield doc.problem(
                    ("practices", pid, "elements", eid),
                    Message(
                        "unknown element id '%(id)s' for %(practice)s; its elements are "
                        "%(elements)s%(hint)s",
                        id=shorten(eid),
                        practice=pid,
                        elements=", ".join(element_ids),
                        hint=hint,
                    ),
                    True,
                )
        assistance = answers.get("assistance")
        kinds = assistance.get("kinds") if isinstance(assistance, dict) else None
        for i, kind in enumerate(kinds if isinstance(kinds, list) else ()):
            if isinstance(kind, str) and normalise_slug(kind) not in catalogue.assistance:
                yield doc.problem(
                    ("practices", pid, "assistance", "kinds", i),
                    unknown(Message("kind of assistance"), kind, catalogue.assistance),
                )


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
