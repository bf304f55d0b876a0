"""One vocabulary of forgiving input: a workbook cell and a YAML value accept and refuse the
same things (yes/no, targets, languages), and read them the same way."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire import new_questionnaire, parse_questionnaire
from gapcheck.workbook import read_workbook, write_workbook
from gapcheck.workbook.layout import section_sheet
from gapcheck.yamlio import parse_yaml

SHEET_B = "B Prison Context"

# Each value as a person could type it, in a YAML file or a cell; some good, some not.
YES_NO: list[Any] = [
    "yes", "Yes", "YES", " no ", "y", "n", "x", "true", "False", "on", "off",
    "1", "0", 1, 0, "yes please", "maybe", "2", 2, "si", "nope",
]  # fmt: skip
TARGETS: list[Any] = [
    "3", 3, 2.5, "2.5", "2,5", "0", "4", "4.0", "5", 5, "-1", "three", "3 or 4", "n/a",
]  # fmt: skip
LANGUAGES: list[Any] = [
    "en", "EN", "en, fr", "en; fr", "en fr", "fr,ar", "english", "en, english", "e", "ENG",
]  # fmt: skip


def blank_book(catalogue: Catalogue) -> openpyxl.Workbook:
    q = new_questionnaire(catalogue, "Arcadia", dt.date(2026, 3, 1))
    return openpyxl.load_workbook(io.BytesIO(write_workbook(catalogue, q)))


def head(catalogue: Catalogue, **fields: Any) -> list[str]:
    values = {"confidential": "no", **fields}
    return [
        f"catalogue_version: {json.dumps(catalogue.version)}",
        "state: Arcadia",
        *(f"{k}: {json.dumps(v)}" for k, v in values.items()),
    ]


Case = tuple[str, Any, Any]  # practice, target, assistance wanted


def via_workbook(
    catalogue: Catalogue, path: Path, cases: list[Case]
) -> tuple[Questionnaire | None, set[tuple[str, str]]]:
    """Each case typed into its practice's rows; the questionnaire (or None) and the
    (practice, field) pairs refused."""
    wb = blank_book(catalogue)
    cells: dict[str, tuple[str, str]] = {}
    for pid, target, wanted in cases:
        p = catalogue.by_id[pid]
        ws = wb[section_sheet(p.section, catalogue.sections[p.section])]
        row = {str(c.value): c.row for c in ws["F"] if c.value}
        for field, value in (("target", target), ("assistance.wanted", wanted)):
            ws[f"C{row[f'{pid} {field}']}"] = value
            cells[f"{ws.title}!C{row[f'{pid} {field}']}"] = (pid, field)
    wb.save(path)
    try:
        return read_workbook(path, catalogue), set()
    except InputError as e:
        return None, {cells[p.path.removeprefix(f"{path}:")] for p in e.problems}


def via_yaml(
    catalogue: Catalogue, cases: list[Case]
) -> tuple[Questionnaire | None, set[tuple[str, str]]]:
    """The same values in a YAML file (JSON is YAML: a string stays a string)."""
    lines = [*head(catalogue), "practices:"]
    at: dict[int, tuple[str, str]] = {}
    for pid, target, wanted in cases:
        lines += [f"  {pid}:", f"    target: {json.dumps(target)}"]
        at[len(lines)] = (pid, "target")
        lines.append(f"    assistance: {{wanted: {json.dumps(wanted)}}}")
        at[len(lines)] = (pid, "assistance.wanted")
    try:
        return parse_questionnaire(parse_yaml("\n".join(lines) + "\n", "q.yaml"), catalogue), set()
    except InputError as e:
        return None, {at[p.line] for p in e.problems if p.line is not None}


def test_targets_and_yes_no_read_alike(catalogue: Catalogue, tmp_path: Path) -> None:
    """A target and a yes/no for help in each practice's rows: the same values are refused
    in a workbook and in a YAML file, and those taken are read the same."""
    pids = [p.id for p in catalogue]
    assert len(pids) >= max(len(TARGETS), len(YES_NO))
    cases = [
        (pid, TARGETS[i % len(TARGETS)], YES_NO[i % len(YES_NO)]) for i, pid in enumerate(pids)
    ]
    _, refused_book = via_workbook(catalogue, tmp_path / "all.xlsx", cases)
    _, refused_yaml = via_yaml(catalogue, cases)
    assert refused_book == refused_yaml
    assert refused_book and len(refused_book) < 2 * len(cases)  # some taken, some refused

    taken = [
        (pid, t if (pid, "target") not in refused_book else None, w)
        for pid, t, w in cases
        if (pid, "assistance.wanted") not in refused_book
    ]
    book, none_refused = via_workbook(catalogue, tmp_path / "taken.xlsx", taken)
    from_yaml, _ = via_yaml(catalogue, taken)
    assert book is not None and from_yaml is not None, none_refused
    for pid, _, _ in taken:
        a, b = book.practices[pid], from_yaml.practices[pid]
        assert (a.target, a.assistance.wanted) == (b.target, b.assistance.wanted), pid


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("confidential", "Yes"),
        ("confidential", "yes please"),
        ("languages", "en; fr"),
        ("languages", "english"),
        ("default_target", "2,5"),
        ("default_target", "five"),
    ],
)
def test_cover_cells_read_alike(
    catalogue: Catalogue, tmp_path: Path, field: str, value: Any
) -> None:
    wb = blank_book(catalogue)
    ws = wb["Cover"]
    row = {str(c.value): c.row for c in ws["C"] if c.value}
    ws[f"B{row['confidential']}"] = "no"
    ws[f"B{row[field]}"] = value
    path = tmp_path / "q.xlsx"
    wb.save(path)
    try:
        book: Questionnaire | None = read_workbook(path, catalogue)
    except InputError:
        book = None
    try:
        text = "\n".join(head(catalogue, **{field: value})) + "\n"
        from_yaml: Questionnaire | None = parse_questionnaire(parse_yaml(text, "q.yaml"), catalogue)
    except InputError:
        from_yaml = None
    assert (book is None) == (from_yaml is None)
    if book is not None and from_yaml is not None:
        assert getattr(book, field) == getattr(from_yaml, field)


def test_field_words_are_the_models(catalogue: Catalogue) -> None:
    """The Cover sheet and the online form label each field with the model's own words."""
    from gapcheck.guidance.form import form_data
    from gapcheck.models.questionnaire import OVERVIEW_OPT_INS, QUESTIONNAIRE_FIELDS

    ws = blank_book(catalogue)["Cover"]
    labels = {str(c.value): str(ws[f"A{c.row}"].value) for c in ws["C"] if c.value}
    form = {f["key"]: (f["label"], f["hint"]) for f in form_data(catalogue)["metadata"]}
    assert list(form) == list(QUESTIONNAIRE_FIELDS)
    for key in QUESTIONNAIRE_FIELDS:
        info = Questionnaire.model_fields[key]
        # the workbook does not ask the overview opt-ins (their default, no, stands)
        assert key in OVERVIEW_OPT_INS or labels[key].startswith(info.title or "-"), key
        assert info.title
        assert form[key] == (info.title, info.description or ""), key
