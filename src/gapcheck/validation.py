"""Validate any one gapcheck file, recognising its kind from its content."""

from __future__ import annotations

from pathlib import Path

from gapcheck.capacity.loading import parse_capacity_file
from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Message
from gapcheck.filekind import content_kind
from gapcheck.i18n.checks import check_translation_file, is_translation
from gapcheck.models.catalogue import Practice
from gapcheck.questionnaire import parse_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.yamlio import load_yaml, validate_document


def validate_file(path: str | Path, catalogue: Catalogue) -> str:
    """Validate one file; return its kind or raise InputError."""
    if str(path).lower().endswith(".xlsx"):
        load_questionnaire_file(path, catalogue)  # as `report` reads it
        return "questionnaire workbook"
    doc = load_yaml(path)
    if is_translation(doc.data):
        # checked before content_kind: a practice's translation has a statement and elements
        check_translation_file(path, catalogue)
        return "translation"
    kind = content_kind(doc.data)
    if kind == "questionnaire":
        parse_questionnaire(doc, catalogue)
    elif kind in ("offers", "requests"):
        parse_capacity_file(doc, kind, catalogue)
    elif kind == "practice":
        validate_document(doc, Practice)
    else:
        raise InputError(
            [
                doc.problem(
                    (),
                    Message(
                        "not a gapcheck file: expected a questionnaire (state, practices), "
                        "offers, requests or a practice"
                    ),
                )
            ]
        )
    return kind
