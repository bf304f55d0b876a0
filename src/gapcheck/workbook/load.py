"""openpyxl's reading of a workbook, with its merged ranges bound at the cost of one merge a kind.

Reading a sheet, openpyxl merges each of its merged ranges the way `ws.merge_cells` does:
the first cell gets the last one's right and bottom borders, every other cell of the range
becomes a MergedCell, and every cell is given the range's borders and protection. The
restyling builds, hashes and compares Border objects for every cell of every range, and was
two thirds of the time gapcheck took to read a questionnaire (200 ranges a workbook).

What a range leaves in its cells depends only on the style arrays of its first and last
cells (or their absence) and on its size: the arrays index the workbook's lists of borders
and protections, which only ever grow. So here the first range of each kind is merged by
openpyxl itself, and the arrays it leaves are remembered; the next range of that kind gets
the same cells with copies of them (workbook/styling.py does the same when writing). Every
cell, value, MergedCell, range and style list is the one openpyxl's own reading gives, and
a file openpyxl fails on (a style that points past the workbook's borders) fails here at the
same range with the same error: a range of the kind that fails is always merged by openpyxl.

This relies on openpyxl 3.1's internals (pinned below 3.2 in pyproject.toml): how
`ExcelReader.read_worksheets` makes each sheet's WorksheetReader (see _ExcelReader), and
what `WorksheetReader.bind_merged_cells`, `MergedCellRange` and
`Worksheet._clean_merge_range` do. tests/test_workbook_load.py compares
the result with openpyxl's own `load_workbook`. openpyxl's classes are not changed: anyone
else reading a workbook in the process gets openpyxl's ordinary reading.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from types import FunctionType
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.reader import excel
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._reader import WorksheetReader
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange

# A style array as a key ("absent" for no cell at all), and what a kind of range leaves in
# its cells, in the range's order (row by row, the first cell first).
_Key = tuple[tuple[int, ...] | str | None, tuple[int, ...] | str | None, int, int]
_Arrays = list[Any]
# A questionnaire's ranges have 2 to 5 cells. Remembering a range is a copy of each of its
# cells' arrays, a small part of what openpyxl's restyling costs but pure cost when no
# other range is of its kind: larger ranges, rare and seldom alike, are left to openpyxl.
MOST_COPIED = 64


def read(path: Path) -> tuple[Any, dict[str, str]]:
    """The workbook as `ExcelReader(path, data_only=True).read()` reads it, and the zip part
    of each sheet by title. openpyxl's exceptions pass through unchanged."""
    reader = _ExcelReader(path, data_only=True)
    reader.read()
    parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
    return reader.wb, parts


def _copy(style: StyleArray | None) -> StyleArray | None:
    # what copy(style) gives (StyleArray.__copy__), without the copy module's dispatch: one
    # a cell of a range of each kind
    return None if style is None else StyleArray(style)


def _array(cell: Any) -> tuple[int, ...] | str | None:
    if cell is None:
        return "absent"
    style = cell._style
    return None if style is None else tuple(style)


def bind_range(ws: Any, ref: str, known: dict[_Key, _Arrays]) -> MergedCellRange:
    """`MergedCellRange(ws, ref)` then `ws._clean_merge_range` of it, as openpyxl reads a
    merged range, with the cells' arrays copied when a range of its kind was merged before."""
    cells: dict[tuple[int, int], Any] = ws._cells
    # MergedCellRange without its __init__'s restyling of the first cell (_get_borders),
    # whose result is in the arrays when the kind is known: the same attributes, and the
    # same refusal of a bad reference
    merged = MergedCellRange.__new__(MergedCellRange)
    merged.ws = ws
    CellRange.__init__(merged, range_string=ref)
    first, last = (merged.min_row, merged.min_col), (merged.max_row, merged.max_col)
    size = merged.size
    key = (_array(cells.get(first)), _array(cells.get(last)), size["rows"], size["columns"])
    arrays = known.get(key)
    if arrays is None:
        merged = MergedCellRange(ws, ref)
        ws._clean_merge_range(merged)
        if size["rows"] * size["columns"] <= MOST_COPIED:
            known[key] = [_copy(cells[place]._style) for place in merged.cells]
        return merged
    places = list(merged.cells)
    start = cells.get(first)
    if start is None:  # made as _get_borders makes it
        start = ws.cell(row=merged.min_row, column=merged.min_col)
    merged.start_cell = start
    for (row, column), style in zip(places[1:], arrays[1:], strict=True):
        cell: Any = MergedCell(ws, row, column)
        cell._style = _copy(style)
        cells[row, column] = cell
    start._style = _copy(arrays[0])
    return merged


class _WorksheetReader(WorksheetReader):
    def __init__(self, *args: Any, known: dict[_Key, _Arrays]) -> None:
        super().__init__(*args)
        self.known = known  # one workbook's: the arrays index its style lists

    def bind_merged_cells(self) -> None:
        # WorksheetReader.bind_merged_cells, with bind_range in place of its two calls
        merged: Any = self.parser.merged_cells
        if not merged:
            return
        ranges = [bind_range(self.ws, cr.ref, self.known) for cr in merged.mergeCell]
        self.ws.merged_cells = MultiCellRange(ranges)


# openpyxl's ExcelReader.read_worksheets makes each sheet's reader with the WorksheetReader
# of its module's globals. It is run here as it is, its own code, with globals in which that
# name is ours: nothing of openpyxl's is changed, for this read or any other. Should a later
# openpyxl stop naming it, the sheets are read by openpyxl's own reader, only slower.
# (tests/test_workbook_load.py checks that ours is the one used.)
_READ_WORKSHEETS = ExcelReader.read_worksheets


class _ExcelReader(ExcelReader):
    def read_worksheets(self) -> None:
        known: dict[_Key, _Arrays] = {}
        names = {**vars(excel), "WorksheetReader": partial(_WorksheetReader, known=known)}
        FunctionType(_READ_WORKSHEETS.__code__, names)(self)
