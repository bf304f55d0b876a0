"""A workbook's zip file, read by a real XML parser under limits before openpyxl builds anything.

openpyxl builds a Python object for every element it reads and for every cell of a merged or
hyperlinked range, so a file of a few kilobytes can ask for billions of them, and a zip
member can unpack to gigabytes. Looking for one spelling of `ref="..."` with a regular
expression misses the same range written with other quotes, entity references, a namespace
prefix, another part name or another encoding. This module reads every part with expat, the
parser openpyxl itself uses, so it counts exactly what openpyxl will be given, and stops at
the first limit passed: a hostile file is refused in well under a second, whatever its
spelling. It also notes the cells whose value cannot be known (a formula saved without its
result, an error such as #REF!), which openpyxl would read as empty or as text.

Limits are explained in docs/limits.md.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
    range_boundaries,
)
from openpyxl.utils.exceptions import CellCoordinatesException

from gapcheck.errors import InputError, Message, message_of

# A blank questionnaire workbook is about 40 KB; it unpacks to about 200 KB in 15 parts
# holding about 6,000 XML elements and 2,700 cells. Filled in, it grows by its text.
MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_RATIO = 100  # unpacked / packed, for a member of more than RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_CELLS = 50_000
MAX_DEPTH = 64
# Elements openpyxl turns into costly objects, each kind with its own budget (measured in
# bench/bench_worst.py): local name -> (what it is, limit, how many a questionnaire has).
MAX_ROWS_ALL = 20_000
MAX_RANGES = 10_000
MAX_STYLES = 20_000
COSTLY: dict[str, tuple[str, int, int]] = {
    "row": (Message("rows"), MAX_ROWS_ALL, 440),
    "col": (Message("column settings"), 1_000, 33),
    "si": (Message("shared texts"), MAX_CELLS, 0),
    "definedName": (Message("defined names"), 1_000, 0),
}
_CHUNK = 1 << 16
_SHEET_ROWS, _SHEET_COLS = 1_048_576, 16_384  # a whole column or row: "A:A", "1:1"

NOT_XLSX = Message(
    "this is not an Excel workbook (.xlsx) or it is damaged; open it in your spreadsheet "
    "program and save it again as 'Excel Workbook (.xlsx)'"
)
_COPY = Message("copy your answers into a new workbook (gapcheck questionnaire new --format xlsx)")


class _Refused(Exception):
    """A limit passed inside one part: the message says which."""


@dataclass
class Contents:
    """What the scan learnt: cells whose value cannot be known, by part and coordinate."""

    unknown: dict[str, dict[str, str]] = field(default_factory=dict)


def scan(path: Path, name: str) -> Contents:
    """Check the zip container and every XML part of `path`; raise InputError past a limit."""
    if path.stat().st_size > MAX_BYTES:
        raise InputError.at(
            name,
            Message(
                "file is larger than %(mb)s MB; this is not a gapcheck workbook",
                mb=MAX_BYTES // 2**20,
            ),
        )
    if not zipfile.is_zipfile(path):
        raise InputError.at(name, NOT_XLSX)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_container(members, name)
            counter = _Counter()
            for info in members:
                if not info.is_dir():
                    counter.part(archive, info)
    except _Refused as e:
        raise InputError.at(name, message_of(e)) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error):
        raise InputError.at(name, NOT_XLSX) from None
    except (NotImplementedError, RuntimeError):  # an unknown compression method, encryption
        raise InputError.at(name, NOT_XLSX) from None
    return Contents(counter.unknown)


def _check_container(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_MEMBERS:
        raise InputError.at(
            name,
            Message(
                "the workbook holds more than %(most)s parts; a questionnaire has about 15",
                most=format(MAX_MEMBERS, ","),
            ),
        )
    # the declared sizes bound what zipfile will unpack: it stops at file_size, and a member
    # that holds more fails its checksum
    if sum(info.file_size for info in members) > MAX_UNPACKED:
        raise InputError.at(
            name,
            Message(
                "the workbook unpacks to more than %(mb)s MB; file refused",
                mb=MAX_UNPACKED // 2**20,
            ),
        )
    for info in members:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError.at(
                name,
                Message(
                    "the part %(part)s unpacks to more than %(ratio)s times its "
                    "size (a zip bomb?); file refused",
                    part=info.filename[:80],
                    ratio=MAX_RATIO,
                ),
            )


class _Counter:
    """Counts elements, cells and range areas across all parts, as openpyxl would build them."""

    def __init__(self) -> None:
        self.elements = 0
        self.cells = 0
        self.ranges = 0
        self.styles = 0
        self.costly = dict.fromkeys(COSTLY, 0)
        self.unknown: dict[str, dict[str, str]] = {}

    def part(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        part = _Part(self, info.filename)
        with archive.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                try:
                    part.parser.Parse(chunk, False)
                except expat.ExpatError:
                    # not XML (an image, printer settings) or broken XML: openpyxl's parser
                    # stops at the same place, having built no more than was counted here
                    return
            try:
                part.parser.Parse(b"", True)
            except expat.ExpatError:
                return
        if part.unknown:
            self.unknown[info.filename] = part.unknown

    def add_elements(self, n: int) -> None:
        self.elements += n
        if self.elements > MAX_ELEMENTS:
            raise _Refused(
                Message(
                    "the workbook holds more than %(most)s XML elements (cells, rows, "
                    "styles, texts...); a questionnaire has about 6,000: %(copy)s",
                    most=format(MAX_ELEMENTS, ","),
                    copy=_COPY,
                )
            )

    def add_costly(self, local: str) -> None:
        self.costly[local] += 1
        what, limit, usual = COSTLY[local]
        if self.costly[local] > limit:
            raise _Refused(
                Message(
                    "the workbook holds more than %(most)s %(what)s; a questionnaire has "
                    "%(usual)s: %(copy)s",
                    most=format(limit, ","),
                    what=what,
                    usual=format(usual, ","),
                    copy=_COPY,
                )
            )

    def add_ranges(self, n: int) -> None:
        self.ranges += n
        if self.ranges > MAX_RANGES:
            raise _Refused(
                Message(
                    "the workbook lists more than %(most)s ranges of cells in its "
                    "conditional formats, checks and selections; a questionnaire has 182: "
                    "%(copy)s",
                    most=format(MAX_RANGES, ","),
                    copy=_COPY,
                )
            )

    def add_style(self) -> None:
        self.styles += 1
        if self.styles > MAX_STYLES:
            raise _Refused(
                Message(
                    "the workbook's styles hold more than %(most)s elements (formats, "
                    "fonts, fills, borders); a questionnaire has about 180: %(copy)s",
                    most=format(MAX_STYLES, ","),
                    copy=_COPY,
                )
            )

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            raise _Refused(
                Message(
                    "the workbook has more than %(most)s cells (merged and linked ranges "
                    "included); a questionnaire has about 2,700: %(copy)s",
                    most=format(MAX_CELLS, ","),
                    copy=_COPY,
                )
            )


class _Part:
    """One zip member under an expat parser that refuses document type declarations."""

    def __init__(self, counter: _Counter, name: str) -> None:
        self.counter = counter
        self.name = name
        self.depth = 0
        self.row = 0
        self.col = 0
        self.cell: str | None = None
        self.cell_type = ""
        self.formula = self.value = False
        self.styles = False  # the part is a style sheet
        self.unknown: dict[str, str] = {}
        p = expat.ParserCreate(namespace_separator=" ")
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartDoctypeDeclHandler = self.doctype
        p.EntityDeclHandler = self.doctype
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.buffer_text = True
        self.parser = p

    def doctype(self, *_: object) -> None:
        # entities are how a few bytes of XML expand to gigabytes; no workbook declares any
        raise _Refused(
            Message(
                "the part %(part)s declares a document type or entities, which a "
                "workbook never does; file refused",
                part=self.name[:80],
            )
        )

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(
                Message(
                    "the part %(part)s is nested more than %(most)s deep",
                    part=self.name[:80],
                    most=MAX_DEPTH,
                )
            )
        self.counter.add_elements(1)
        local = tag.rpartition(" ")[2]
        if self.depth == 1:
            self.styles = local == "styleSheet"
        if self.styles:
            self.counter.add_style()
        if local in COSTLY:
            self.counter.add_costly(local)
        sqref = _attr(attrs, "sqref")
        if sqref is not None:
            # each range of a list becomes an object in openpyxl
            self.counter.add_ranges(len(sqref.split()))
        if local == "row":
            self.row = _int(_attr(attrs, "r"), self.row + 1)
            self.col = 0
        elif local == "c":
            self.counter.add_cells(1)
            self.start_cell(attrs)
        elif local == "f" and self.cell is not None:
            self.formula = True
        elif local in ("v", "is") and self.cell is not None:
            self.value = True
        elif local in ("mergeCell", "hyperlink") and (ref := _attr(attrs, "ref")) is not None:
            # openpyxl makes a cell object for every cell these ranges cover
            self.counter.add_cells(_area(ref))

    def start_cell(self, attrs: dict[str, str]) -> None:
        ref = _attr(attrs, "r")
        try:
            letters, self.row = coordinate_from_string(ref or "")
            self.col = column_index_from_string(letters)
        except (ValueError, CellCoordinatesException):
            self.col += 1  # as openpyxl numbers a cell written without its address
        try:
            self.cell = f"{get_column_letter(self.col)}{self.row}"
        except ValueError:
            self.cell = None
        self.cell_type = _attr(attrs, "t") or ""
        self.formula = self.value = False

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.cell is None or tag.rpartition(" ")[2] != "c":
            return
        if self.cell_type == "e":
            self.unknown[self.cell] = (
                "this cell shows an error instead of a value; type the answer itself"
            )
        elif self.formula and not self.value:
            self.unknown[self.cell] = (
                "this cell holds a formula whose result was not saved with the file, so "
                "its value cannot be known; type the answer itself instead of a formula"
            )
        self.cell = None


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever namespace prefix it was written with."""
    if local in attrs:
        return attrs[local]
    # expat names an attribute of a namespace "URI local"; this is asked of every element
    # of every part, so a plain loop and endswith, not a generator and rpartition
    spelt = " " + local
    for key, value in attrs.items():
        if key.endswith(spelt):
            return value
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _area(ref: str) -> int:
    """Cells covered by a range list such as `A1:C3 E5`, as openpyxl would expand it."""
    total = 0
    for part in ref.split():
        try:
            min_col, min_row, max_col, max_row = range_boundaries(part)
        except (ValueError, TypeError, CellCoordinatesException):
            total += 1  # openpyxl refuses it too
            continue
        cols = abs((max_col or _SHEET_COLS) - (min_col or 1)) + 1
        rows = abs((max_row or _SHEET_ROWS) - (min_row or 1)) + 1
        total += cols * rows
    return total
