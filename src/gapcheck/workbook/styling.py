"""Set cell styles and merge cells at the cost of one openpyxl call per distinct change.

openpyxl keeps a cell's style as an array of indexes into the workbook's lists of fonts,
fills, borders, alignments and protections. Setting `cell.font` hashes the Font (a walk over
every field of it, and of its colour) to find its index, and merging a range sets the first
cell's borders and protection again on every cell of it. A questionnaire workbook makes the
same few changes to thousands of cells, and that was most of the time it took to write one.

Here the first time a change is made to a cell with a given style array, it is made the
ordinary way and the array it leaves is remembered; the next cell with the same array and
the same change gets a copy of it. The workbook's lists only ever grow, and grow in the same
order as without this module, so every cell ends with the array openpyxl would have given
it and the file written is the same, byte for byte.

What is remembered belongs to one workbook (its indexes mean nothing in another) and is
dropped with it. Style values are told apart by identity: give the same object for the same
style (module constants), and never change one after it has been used.
"""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import MergedCell
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# A cell's style array as a key: None for a cell that has never had a style.
_Key = tuple[int, ...] | None
# What the cells of a merged range hold afterwards, in the range's order (row by row).
_Merged = list[Any]


class _Memo:
    def __init__(self) -> None:
        # (array before, attribute, id of the value) -> (array after, the value). The value is
        # kept so that its id cannot be reused by another object while this memo lives.
        self.changes: dict[tuple[_Key, str, int], tuple[Any, object]] = {}
        # (first cell's array, last cell's array or "absent", rows, columns) -> arrays after
        self.merges: dict[tuple[_Key, _Key | str, int, int], _Merged] = {}


_MEMOS: WeakKeyDictionary[Workbook, _Memo] = WeakKeyDictionary()


def _memo(ws: Any) -> _Memo:
    wb: Workbook = ws.parent
    memo = _MEMOS.get(wb)
    if memo is None:
        memo = _MEMOS[wb] = _Memo()
    return memo


def _array(cell: Any) -> _Key:
    style = cell._style
    return None if style is None else tuple(style)


def set_style(cell: Cell | MergedCell, **styles: object) -> None:
    """`cell.font = ...`, `cell.fill = ...` and so on, in the order given, for the style
    attributes of an openpyxl cell (font, fill, border, alignment, protection,
    number_format)."""
    memo = _memo(cell.parent)
    target: Any = cell
    for name, value in styles.items():
        key = (_array(target), name, id(value))
        known = memo.changes.get(key)
        if known is None:
            setattr(target, name, value)
            memo.changes[key] = (copy(target._style), value)
        else:
            target._style = copy(known[0])


def merge(ws: Worksheet, coord: str) -> None:
    """`ws.merge_cells(coord)`: the same cells, borders and protection."""
    memo = _memo(ws)
    cells: Any = ws._cells
    span = CellRange(coord)
    places = list(span.cells)  # row by row, the first cell first
    first, last = cells.get(places[0]), cells.get(places[-1])
    # The first cell's style, and the last one's borders, which merging gives the first
    # cell, are all that decide what the range's cells hold afterwards.
    key = (
        None if first is None else _array(first),
        "absent" if last is None else _array(last),
        span.size["rows"],
        span.size["columns"],
    )
    known = memo.merges.get(key)
    if known is None:
        ws.merge_cells(coord)
        memo.merges[key] = [copy(cells[place]._style) for place in places]
        return
    # What merge_cells does, with the arrays it would leave: the range (its first cell
    # made if missing), then a MergedCell in every other place.
    merged = MergedCellRange(ws, coord)
    ws.merged_cells.add(merged)
    for (row, column), style in zip(places[1:], known[1:], strict=True):
        cell: Any = MergedCell(ws, row, column)
        cell._style = copy(style)
        cells[row, column] = cell
    start: Any = merged.start_cell
    start._style = copy(known[0])
