"""workbook/styling.py makes each distinct style change and merge once through openpyxl and
copies the result: the cells, and the file written, must be what openpyxl alone gives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire import new_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import styling, write
from gapcheck.workbook.styling import merge, set_style

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires" / "examples"
_THIN = Side(style="thin", color="A6A6A6")
_THICK = Side(style="thick")
# The values a style attribute may take, each one object (styling tells them apart by
# identity), among them borders that merging spreads over a range.
STYLES: dict[str, list[Any]] = {
    "font": [Font(bold=True), Font(italic=True, size=14), Font(bold=False)],
    "fill": [
        PatternFill("solid", start_color="FFF8DC"),
        PatternFill("solid", start_color="D9D9D9"),
    ],
    "border": [
        Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
        Border(bottom=_THICK),
        Border(right=_THICK, top=_THIN),
    ],
    "alignment": [Alignment(wrap_text=True, vertical="top"), Alignment(horizontal="right")],
    "protection": [Protection(locked=False), Protection(locked=True, hidden=True)],
    "number_format": ["yyyy-mm-dd", "0.00"],
}
ROWS, COLUMNS = 6, 5

change = st.tuples(
    st.just("style"),
    st.integers(1, ROWS),
    st.integers(1, COLUMNS),
    st.lists(
        st.sampled_from(list(STYLES)).flatmap(
            lambda name: st.tuples(st.just(name), st.integers(0, len(STYLES[name]) - 1))
        ),
        min_size=1,
        max_size=3,
    ),
)
# A range within one row, as the questionnaire merges them; ranges may overlap.
merging = st.tuples(
    st.just("merge"), st.integers(1, ROWS), st.integers(1, COLUMNS - 1), st.integers(1, 3)
)


def _apply(ws: Worksheet, steps: list[Any], fast: bool) -> None:
    for step in steps:
        if step[0] == "style":
            _, row, column, changes = step
            cell = ws.cell(row, column)
            values = {name: STYLES[name][i] for name, i in changes}
            if fast:
                set_style(cell, **values)
            else:
                for name, value in values.items():
                    setattr(cell, name, value)
        else:
            _, row, first, width = step
            last = min(COLUMNS, first + width)
            coord = f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"
            if fast:
                merge(ws, coord)
            else:
                ws.merge_cells(coord)


def _members(data: bytes) -> dict[str, bytes]:
    """The file's parts, without the moments it was made and saved (which always differ)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            part = z.read(name)
            if name == "docProps/core.xml":
                part = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", part)
            out[name] = part
    return out


def _saved(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _arrays(ws: Worksheet) -> dict[tuple[int, int], tuple[str, Any]]:
    """Every cell's kind (a merged cell or not) and style array."""
    cells: dict[tuple[int, int], Any] = ws._cells
    return {
        place: (type(cell).__name__, None if cell._style is None else tuple(cell._style))
        for place, cell in sorted(cells.items())
    }


@settings(max_examples=75)
@given(st.lists(st.one_of(change, merging), max_size=40))
# merging gives the first cell the last one's right and bottom borders: two ranges whose
# first cells look alike end differently when only one's last cell has a border
@example([("style", 1, 3, [("border", 2)]), ("merge", 1, 1, 2), ("merge", 2, 1, 2)])
@example([("merge", 2, 1, 2), ("style", 1, 3, [("border", 1)]), ("merge", 1, 1, 2)])
def test_same_cells_and_file_as_openpyxl_alone(steps: list[Any]) -> None:
    plain, fast = Workbook(), Workbook()
    # the same steps twice on one sheet: the second time, every change is a copy
    for wb, quick in ((plain, False), (fast, True)):
        for title in ("one", "two"):
            ws = wb.create_sheet(title)
            _apply(ws, steps, quick)
    for title in ("one", "two"):
        assert _arrays(fast[title]) == _arrays(plain[title])
        assert fast[title].merged_cells.ranges == plain[title].merged_cells.ranges
    assert _members(_saved(fast)) == _members(_saved(plain))


def test_a_change_is_made_by_openpyxl_once_per_style() -> None:
    wb = Workbook()
    ws = wb.create_sheet("s")
    bold = STYLES["font"][0]
    for row in range(1, 50):
        set_style(ws.cell(row, 1), font=bold)
    # one font more than a new workbook has, and every cell pointing at it
    assert len(wb._fonts) == 2  # type: ignore[attr-defined]
    assert {ws.cell(row, 1).font.b for row in range(1, 50)} == {True}
    memo = styling._MEMOS[wb]
    assert len(memo.changes) == 1


def _plain_set(cell: Any, **styles: object) -> None:
    for name, value in styles.items():
        setattr(cell, name, value)


def _plain_merge(ws: Worksheet, coord: str) -> None:
    ws.merge_cells(coord)


def _questionnaires(catalogue: Catalogue) -> list[Questionnaire]:
    filled = load_questionnaire_file(EXAMPLES / "arcadia-2026.yaml", catalogue)
    return [new_questionnaire(catalogue, "Your State"), filled]


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_written_workbook_is_the_one_openpyxl_alone_writes(
    catalogue: Catalogue, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = localise(catalogue, language)
    for q in _questionnaires(catalogue):
        fast = write.write_workbook(shown, q, language)
        with monkeypatch.context() as m:
            m.setattr(write, "set_style", _plain_set)
            m.setattr(write, "merge", _plain_merge)
            plain = write.write_workbook(shown, q, language)
        assert _members(fast) == _members(plain)
