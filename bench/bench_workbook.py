"""Reading a questionnaire workbook (read_workbook), against the same with openpyxl's own reading.

workbook/load.py restyles one merged range of each kind through openpyxl and copies the
result to the others. Baseline for each row: the very same read_workbook with the workbook
opened by openpyxl's ExcelReader as it was before (every range restyled), measured in the
same run, alternately. Rows: the blank questionnaire, a filled one (the Arcadia example), and
the case where copying never pays: a workbook whose 300 merged ranges (25,575 cells) are all
of different sizes, so that each one is restyled by openpyxl and the copying is pure cost.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.questionnaire import new_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import load, read_workbook, write_workbook
from harness import Result, paired

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_workbooks as H  # noqa: E402

BASELINE = "openpyxl's own reading"
HEIGHTS, WIDTHS = range(1, 11), range(1, 31)


def _openpyxl_read(path: Path) -> tuple[Any, dict[str, str]]:
    """How read.py opened a workbook before load.py."""
    reader = ExcelReader(path, data_only=True)
    reader.read()
    return reader.wb, {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}


@contextmanager
def _plain() -> Iterator[None]:
    kept = load.read
    load.read = _openpyxl_read
    try:
        yield
    finally:
        load.read = kept


def _unalike(base: bytes) -> bytes:
    """`base` with a merged range of each size up to 10 x 30, below and right of the
    questionnaire on its first section sheet."""
    marks, row = [], 200
    for height in HEIGHTS:
        for width in WIDTHS:
            last = f"{get_column_letter(10 + width - 1)}{row + height - 1}"
            marks.append(f'<mergeCell ref="J{row}:{last}"/>')
            row += height
    extra = "".join(marks).encode()
    return H.rebuild(
        base,
        {H.SECTION: lambda xml: re.sub(rb'<mergeCells count="\d+">', rb"\g<0>" + extra, xml)},
        H.STORED,
    )


def _row(name: str, path: Path, cat: Catalogue) -> Result:
    def fast() -> object:
        return read_workbook(path, cat)

    def plain() -> object:
        with _plain():
            return read_workbook(path, cat)

    if fast() != plain():
        raise AssertionError(f"{name}: the two readings differ")
    fast_s, plain_s = paired(fast, plain, 15)
    return Result(name, "", fast_s, BASELINE, plain_s)


def run() -> list[Result]:
    cat = load_catalogue()
    blank = write_workbook(cat, new_questionnaire(cat, "Arcadia"))
    arcadia = ROOT / "questionnaires" / "examples" / "arcadia-2026.yaml"
    filled = write_workbook(cat, load_questionnaire_file(arcadia, cat))
    books: dict[str, bytes] = {
        "read_workbook: blank questionnaire (200 merged ranges)": blank,
        "read_workbook: filled questionnaire (arcadia-2026)": filled,
        f"read_workbook: {len(HEIGHTS) * len(WIDTHS)} more merged ranges, no two alike": (
            _unalike(blank)
        ),
    }
    results = []
    with tempfile.TemporaryDirectory(prefix="gapcheck-bench-") as tmp:
        for i, (name, data) in enumerate(books.items()):
            path = Path(tmp) / f"book{i}.xlsx"
            path.write_bytes(data)
            results.append(_row(name, path, cat))
    return results
