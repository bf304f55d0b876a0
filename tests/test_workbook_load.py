"""workbook/load.py reads a workbook with each kind of merged range merged once by openpyxl
and copied after: what it reads must be what openpyxl's own `load_workbook` reads."""

from __future__ import annotations

import functools
import io
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.merge import MergedCellRange

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.i18n.messages import CHOICES
from gapcheck.questionnaire import new_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import load, write_workbook
from tests import hostile_workbooks as H

EXAMPLES = Path(__file__).resolve().parent.parent / "questionnaires" / "examples"


def _view(wb: Any) -> list[Any]:
    """Everything a reader of the workbook could tell apart: every sheet's cells in the
    order openpyxl keeps them (what is and is not a MergedCell, values, types, style
    arrays), its size and merged ranges, and the workbook's lists of styles."""
    sheets = []
    for ws in wb.worksheets:
        cells = [
            (
                place,
                type(cell).__name__,
                cell.value,
                cell.data_type,
                None if cell._style is None else tuple(cell._style),
            )
            for place, cell in ws._cells.items()
        ]
        ranges = sorted(
            (type(r).__name__, r.coord, r.start_cell.coordinate) for r in ws.merged_cells.ranges
        )
        sheets.append((ws.title, ws.max_row, ws.max_column, cells, ranges))
    styles = [list(wb._borders), list(wb._protections), [tuple(a) for a in wb._cell_styles]]
    return [wb.sheetnames, sheets, styles]


def _both(path: Path) -> tuple[Any, Any]:
    """What openpyxl's load_workbook and load.read each make of `path`: the workbook's view,
    or the exception raised, by type and text."""

    def outcome(read: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return _view(read(path))
            except Exception as e:  # as gapcheck catches openpyxl's errors
                return (type(e).__name__, str(e))

    return (
        outcome(lambda p: openpyxl.load_workbook(p, data_only=True)),
        outcome(lambda p: load.read(p)[0]),
    )


@functools.cache
def _shipped() -> Catalogue:
    return load_catalogue()


@functools.cache
def _blank(language: str) -> bytes:
    catalogue = _shipped()
    return write_workbook(catalogue, new_questionnaire(catalogue, "Arcadia"), language)


@pytest.mark.parametrize("language", CHOICES)
def test_blank_workbook_reads_as_openpyxl_reads_it(language: str, tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    path.write_bytes(_blank(language))
    plain, fast = _both(path)
    assert fast == plain
    assert sum(len(sheet[4]) for sheet in plain[1]) >= 200  # the ranges were there to read


@pytest.mark.parametrize("language", ["en", "fr"])
def test_filled_workbook_reads_as_openpyxl_reads_it(language: str, tmp_path: Path) -> None:
    catalogue = _shipped()
    q = load_questionnaire_file(EXAMPLES / "arcadia-2026.yaml", catalogue)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(write_workbook(catalogue, q, language))
    plain, fast = _both(path)
    assert fast == plain
    values = [cell[2] for sheet in plain[1] for cell in sheet[3]]
    assert "Republic of Arcadia" in values


def test_most_ranges_are_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The time saved: openpyxl restyles one range of each kind, not each range."""
    formatted = []
    restyle = MergedCellRange.format

    def counted(self: MergedCellRange) -> None:
        formatted.append(self.coord)
        restyle(self)

    monkeypatch.setattr(MergedCellRange, "format", counted)
    path = tmp_path / "blank.xlsx"
    path.write_bytes(_blank("en"))
    wb, _ = load.read(path)
    ranges = sum(len(ws.merged_cells.ranges) for ws in wb.worksheets)
    assert 0 < len(formatted) < ranges / 5
    # and every range's covered cells are MergedCells all the same
    for ws in wb.worksheets:
        for r in ws.merged_cells.ranges:
            covered = [ws._cells[place] for place in list(r.cells)[1:]]
            assert all(isinstance(cell, MergedCell) for cell in covered)


def test_the_view_tells_a_missing_placeholder(tmp_path: Path) -> None:
    """A reading that left a covered cell as it was written would not pass for openpyxl's."""
    path = tmp_path / "blank.xlsx"
    path.write_bytes(_blank("en"))
    wb = openpyxl.load_workbook(path, data_only=True)
    before = _view(wb)
    ws = wb.worksheets[1]
    place = list(next(iter(ws.merged_cells.ranges)).cells)[1]
    ws._cells[place] = Cell(ws, row=place[0], column=place[1])
    assert _view(wb) != before


# Hand-written workbooks: cells with any of the styles below, merged ranges of any size,
# overlapping, repeated, over missing cells and over cells that hold values.
_BORDERS = (
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    '<border><left style="thin"><color rgb="FFA6A6A6"/></left><right style="thin">'
    '<color rgb="FFA6A6A6"/></right><top style="thin"><color rgb="FFA6A6A6"/></top>'
    '<bottom style="thin"><color rgb="FFA6A6A6"/></bottom><diagonal/></border>',
    '<border><bottom style="thick"><color theme="1"/></bottom></border>',
    '<border><right style="double"/><top style="dashed"><color indexed="10"/></top></border>',
)
_XFS = (
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="2" xfId="0" applyProtection="1">'
    '<protection locked="0"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="3" xfId="0" applyProtection="1">'
    '<protection locked="1" hidden="1"/></xf>',
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyProtection="1">'
    '<protection locked="0"/></xf>',
    # a style pointing past the borders: openpyxl fails when it restyles a range with it
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="9" xfId="0"/>',
)
_STYLES = (
    f'<styleSheet xmlns="{H.MAIN}"><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
    f'</fill></fills><borders count="{len(_BORDERS)}">{"".join(_BORDERS)}</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    f'</cellStyleXfs><cellXfs count="{len(_XFS)}">{"".join(_XFS)}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
ROWS, COLUMNS = 5, 6

_cell = st.tuples(
    st.integers(1, ROWS),
    st.integers(1, COLUMNS),
    st.sampled_from(range(len(_XFS))),
    st.sampled_from([None, "7", "text"]),
)
_range = st.tuples(
    st.integers(1, ROWS), st.integers(1, COLUMNS), st.integers(1, 3), st.integers(1, 4)
)


@functools.cache
def _base() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "one"  # type: ignore[union-attr]
    wb.create_sheet("two")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(cells: list[tuple[int, int, int, str | None]], ranges: list[Any]) -> bytes:
    placed = {(row, column): (style, value) for row, column, style, value in cells}
    rows = []
    for row in sorted({row for row, _ in placed}):
        xml = []
        for column in sorted(c for r, c in placed if r == row):
            style, value = placed[row, column]
            ref = f'r="{openpyxl.utils.get_column_letter(column)}{row}" s="{style}"'
            if value is None:
                xml.append(f"<c {ref}/>")
            elif value.isdigit():
                xml.append(f"<c {ref}><v>{value}</v></c>")
            else:
                xml.append(f'<c {ref} t="inlineStr"><is><t>{value}</t></is></c>')
        rows.append(f'<row r="{row}">{"".join(xml)}</row>')
    merges = "".join(
        f'<mergeCell ref="{openpyxl.utils.get_column_letter(c)}{r}:'
        f'{openpyxl.utils.get_column_letter(c + w - 1)}{r + h - 1}"/>'
        for r, c, h, w in ranges
    )
    merged = f'<mergeCells count="{len(ranges)}">{merges}</mergeCells>' if ranges else ""
    return (
        f'<worksheet xmlns="{H.MAIN}"><sheetData>{"".join(rows)}</sheetData>{merged}</worksheet>'
    ).encode()


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(_cell, max_size=25), ranges=st.lists(_range, max_size=12))
# two ranges alike but for the last cell's borders, which merging gives the first cell
@example(cells=[(1, 2, 3, None), (2, 1, 1, "7")], ranges=[(1, 1, 1, 2), (2, 1, 1, 2)])
# the second range of a kind over a value, and a range over no cell at all
@example(cells=[(1, 1, 1, "a"), (2, 1, 1, "b"), (2, 2, 0, "7")], ranges=[(1, 1, 1, 2)] * 2)
@example(cells=[], ranges=[(3, 3, 2, 2), (4, 4, 1, 1)])
# ranges too large to be remembered (load.MOST_COPIED), twice over the same cells
@example(cells=[(1, 1, 1, None), (5, 6, 2, "7")], ranges=[(1, 1, 9, 9), (1, 1, 9, 9), (2, 2, 2, 2)])
# a style past the borders: refused by both, on the first range or on a later one
@example(cells=[(1, 1, 5, None)], ranges=[(1, 1, 1, 3)])
@example(cells=[(1, 1, 1, None), (2, 1, 5, None)], ranges=[(1, 1, 1, 2), (2, 1, 1, 2)])
def test_any_sheet_reads_as_openpyxl_reads_it(
    cells: list[tuple[int, int, int, str | None]], ranges: list[Any], tmp_path_factory: Any
) -> None:
    sheet = _sheet(cells, ranges)
    book = H.rebuild(
        _base(),
        {
            "xl/styles.xml": lambda _: _STYLES.encode(),
            # both sheets alike: the second's ranges are all of kinds seen in the first
            "xl/worksheets/sheet1.xml": lambda _: sheet,
            "xl/worksheets/sheet2.xml": lambda _: sheet,
        },
    )
    path = tmp_path_factory.mktemp("any") / "any.xlsx"
    path.write_bytes(book)
    plain, fast = _both(path)
    assert fast == plain
