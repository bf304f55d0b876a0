"""No pydantic or PyYAML wording reaches a user: every refusal speaks the writer's language.

Two walks: every error type pydantic_core can raise goes through the one translator, and every
key of a questionnaire, an offers file and a requests file is given every kind of wrong value,
then every refusal is read as a user would read it.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core.core_schema import ErrorType

from gapcheck.errors import InputError
from gapcheck.models.capacity import OffersFile, RequestsFile
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.plain_errors import _EXPLAINERS, explain
from gapcheck.yamlio import Document, validate_document

PROGRAMMERS_WORDS = re.compile(
    r"instance of|Input should|pattern|!!|\bfloat\b|int_parsing|\bint\b|\bstr\b|\bdict\b"
    r"|dictionary|\bbool\b|NoneType|Value error|Assertion failed|pydantic|validation error"
    r"|unable to interpret|\bstring\b|invalid literal|\bdatetime\b|object has no"
    r"|\ba empty",
    re.IGNORECASE,
)
PYTHONS_VALUES = re.compile(r"\b(None|True|False)\b")  # a user writes yes, no or nothing

QUESTIONNAIRE: dict[str, Any] = {
    "catalogue_version": "1.0",
    "state": "Republic of Arcadia",
    "institution": "Ministry of Justice",
    "respondent": "A. Official",
    "date": "2026-03-16",
    "confidential": False,
    "languages": ["en", "fr"],
    "region": "Europe",
    "default_target": 3,
    "practices": {
        "GP01": {
            "target": 3,
            "not_applicable": "",
            "elements": {"GP01.1": 3, "GP01.2": {"level": "n/a", "reason": "why", "comment": "c"}},
            "evidence": "a decree",
            "notes": "notes",
            "assistance": {"wanted": True, "kinds": ["training"], "note": "n", "time_frame": "t"},
        }
    },
}
OFFERS: dict[str, Any] = {
    "provider": {"name": "Kingdom of Norland", "type": "state", "contact": "x@y.org"},
    "offers": [
        {
            "id": "norland-training",
            "provider": {"name": "Norland Prison Service", "type": "state"},
            "practices": ["GP03"],
            "sections": ["B"],
            "kinds": ["training"],
            "languages": ["en"],
            "regions": ["Europe"],
            "capacity": 3,
            "window": {"from": "2026-01-01", "to": "2026-12-31"},
            "note": "note",
        }
    ],
}
REQUESTS: dict[str, Any] = {
    "catalogue_version": "1.0",
    "requests": [
        {
            "id": "arcadia-2026-03-16-gp03",
            "state": "Republic of Arcadia",
            "institution": "Ministry",
            "contact": "c",
            "assessed": "2026-03-16",
            "practice": "GP03",
            "level": 1.5,
            "target": 3,
            "gap": 1.5,
            "elements": [{"id": "GP03.1", "level": 1, "target": 3}],
            "kinds": ["training"],
            "priority": 2.0,
            "languages": ["en"],
            "region": "Europe",
            "time_frame": "soon",
            "note": "n",
            "confidential": False,
            "status": "matched",
            "history": [
                {"status": "requested", "date": "2026-03-16", "note": "", "offer": ""},
                {"status": "matched", "date": "2026-03-17", "offer": "norland-training"},
            ],
        }
    ],
}
FILES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (Questionnaire, QUESTIONNAIRE),
    (OffersFile, OFFERS),
    (RequestsFile, REQUESTS),
]
WRONG: list[Any] = [
    None,
    True,
    0,
    -1,
    2.5,
    10**30,
    float("nan"),
    "",
    "x",
    "yes please",
    "Arcadia\u200b",
    "2026-13-45",
    "k:v",
    [],
    [1, "a"],
    {},
    {"unknown": 1},
]


def _paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if path:
        yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*path, i))


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    if value is _DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


_DELETE = object()


def _refusals() -> Iterator[tuple[str, str]]:
    for model, base in FILES:
        validate_document(Document("base.yaml", base), model)  # the base itself is fine
        for path in _paths(base):
            for wrong in [*WRONG, _DELETE]:
                doc = Document(f"{model.__name__}.yaml", _set(base, path, wrong))
                try:
                    validate_document(doc, model)
                except InputError as e:
                    for p in e.problems:
                        yield f"{model.__name__} {path} = {wrong!r}", p.message


REFUSALS = list(_refusals())


def test_the_walk_finds_refusals_in_every_file() -> None:
    kinds = {case.split()[0] for case, _ in REFUSALS}
    assert kinds == {"Questionnaire", "OffersFile", "RequestsFile"}
    assert len(REFUSALS) > 500


def test_every_refusal_speaks_the_users_language() -> None:
    bad = [
        f"{case}: {msg}"
        for case, msg in REFUSALS
        if PROGRAMMERS_WORDS.search(msg) or PYTHONS_VALUES.search(msg)
    ]
    assert bad == []


def test_no_refusal_falls_back_to_the_catch_all() -> None:
    # The catch-all is for error types the models cannot raise today; a real one deserves
    # its own explanation in gapcheck.plain_errors.
    bad = [f"{case}: {msg}" for case, msg in REFUSALS if "cannot be used here" in msg]
    assert bad == []


INPUTS: list[Any] = [None, True, 3, 2.5, "x", [1], {"a": 1}]


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_is_explained_in_plain_words(kind: str) -> None:
    ctx = {
        "pattern": "^[a-z]+$",
        "expected": "'a' or 'b'",
        "min_length": 1,
        "max_length": 200,
        "ge": 0,
        "le": 4,
        "gt": 0,
        "lt": 4,
        "error": "a programmer's words",
        "class_name": "PracticeAnswers",
    }
    for value in INPUTS:
        err: Any = {
            "type": kind,
            "loc": ("practices", "GP01", "notes"),
            "msg": f"Input should be a valid {kind}",
            "input": value,
            "ctx": ctx,
        }
        if kind in ("value_error", "assertion_error"):
            err["msg"] = "Value error, gapcheck's own words"
        message = explain(err)
        assert message and not PROGRAMMERS_WORDS.search(message), (kind, value, message)


def test_the_translator_knows_every_kind_the_models_raise() -> None:
    assert {"string_type", "bool_parsing", "model_type", "literal_error", "missing"} <= set(
        _EXPLAINERS
    )
