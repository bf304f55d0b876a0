"""Questionnaire files, YAML or workbook: the one way every command and page reads them.

A file named .xlsx is a workbook made by gapcheck; any other is YAML (whose reader says so
when it is in fact a spreadsheet). `report`, `validate`, `compare`, `score`, the request
commands and the site all read through `load_questionnaire_file`, so a file is accepted or
refused alike everywhere. This module sits above both readers: neither imports it.
"""

from __future__ import annotations

from pathlib import Path

from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Message, shorten
from gapcheck.migration import Migration, migration_from, previous_catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.yamlio import Document, load_yaml

# The workbook reader is imported inside the functions that read a workbook: it brings
# openpyxl, about 230 ms at best on this machine, to a YAML report that never opens one
# (python -X importtime, measured for this change).


def is_workbook(path: str | Path) -> bool:
    """Whether `path` names a questionnaire workbook (.xlsx) rather than a YAML file."""
    return str(path).lower().endswith(".xlsx")


def load_questionnaire_file(path: str | Path, catalogue: Catalogue) -> Questionnaire:
    """Read a questionnaire (YAML, or a workbook made by gapcheck) and check it."""
    if is_workbook(path):
        from gapcheck.workbook.read import read_workbook

        return read_workbook(path, catalogue)
    return parse_questionnaire(load_yaml(path), catalogue)


def read_outdated(path: str | Path, catalogue: Catalogue) -> tuple[Questionnaire, Migration]:
    """Read a questionnaire (YAML or workbook) made for an earlier catalogue version."""
    name = str(path)
    doc: Document | None = None
    if is_workbook(path):
        from gapcheck.workbook.read import made_for

        version = made_for(path)
    else:
        doc = load_yaml(path)
        raw = doc.data.get("catalogue_version")
        version = "" if raw is None else str(raw)

    def refuse(message: str) -> InputError:
        if doc is not None and "catalogue_version" in doc.data:
            return InputError([doc.problem(("catalogue_version",), message)])
        return InputError.at(name, message)

    if version == catalogue.version:
        raise refuse(
            Message(
                "this questionnaire is already for catalogue version %(version)s; there is "
                "nothing to upgrade",
                version=version,
            )
        )
    migration = migration_from(catalogue, version)
    if migration is None:
        known = ", ".join(m.from_version for m in catalogue.migrations) or Message("none")
        raise refuse(
            Message(
                "gapcheck cannot carry a questionnaire from catalogue version "
                "%(version)s to %(current)s (it knows the way "
                "from: %(known)s); make a new one with gapcheck questionnaire new and copy your "
                "answers across",
                version=shorten(version) or Message("(not given)"),
                current=catalogue.version,
                known=known,
            )
        )
    previous = previous_catalogue(catalogue, migration)
    if doc is None:
        from gapcheck.workbook.read import read_workbook

        return read_workbook(path, previous), migration
    return parse_questionnaire(doc, previous), migration
