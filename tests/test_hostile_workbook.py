"""Hostile workbooks, each read by the CLI in a child process with 1 GB of memory and 20 s.

The children are forked from a server that imported gapcheck once (tests/forked_cli.py):
the limits are each child's own, and the import is no longer most of what a case costs.

The bounds are generous guards, not timings: before the pre-open count read what openpyxl
parses, some of these took 13 to 150 s and up to 2 GB, and some were accepted. Each must now
be refused with its message (exit 2, nothing written), or read as a workbook should be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.questionnaire import new_questionnaire
from gapcheck.workbook import write_workbook
from gapcheck.workbook.scan import (
    MAX_CELLS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_MEMBERS,
    MAX_RANGES,
    MAX_RATIO,
    MAX_ROWS_ALL,
    MAX_STYLES,
    MAX_UNPACKED,
    NOT_XLSX,
    _attr,
)
from tests import hostile_workbooks as H
from tests.forked_cli import Server, server

MEMORY = 1 << 30
SECONDS = 20
CELLS = f"more than {MAX_CELLS:,} cells (merged and linked ranges included)"
ELEMENTS = f"more than {MAX_ELEMENTS:,} XML elements"
RATIO = f"unpacks to more than {MAX_RATIO} times its size (a zip bomb?)"
FORMULA = "this cell holds a formula whose result was not saved with the file"


@pytest.fixture(scope="module")
def base(catalogue: Catalogue) -> bytes:
    return write_workbook(catalogue, new_questionnaire(catalogue, "Arcadia"))


@pytest.fixture(scope="module")
def gapcheck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with server(tmp_path_factory.mktemp("forked"), ("gapcheck.workbook",)) as running:
        yield running


def run_import(gapcheck: Server, path: Path) -> tuple[int, str, Path]:
    """`gapcheck questionnaire import PATH -o OUT` in a child process under the bounds."""
    out = path.with_suffix(".yaml")
    args = ["questionnaire", "import", str(path), "-o", str(out)]
    done = gapcheck.run(args, {"RLIMIT_AS": MEMORY}, timeout=SECONDS)
    return done.returncode, done.stderr, out


def assert_refused(gapcheck: Server, path: Path, where: str, expected: str) -> None:
    code, err, out = run_import(gapcheck, path)
    assert code == 2, err
    assert "Traceback" not in err and "MemoryError" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"{where}: ") and expected in first, err
    assert not out.exists()


def _in_section(change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    return lambda base: H.rebuild(base, {H.SECTION: change})


REFUSED: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    **{
        f"range, {spelling}": (_in_section(change), CELLS)
        for spelling, change in H.RANGE_SPELLINGS.items()
    },
    "range, UTF-16 sheet": (H.range_in_utf16, CELLS),
    "range, sheet under another part name": (H.range_in_another_part, CELLS),
    "row heights": (H.many_rows, f"more than {MAX_ROWS_ALL:,} rows"),
    "huge sheetData": (H.huge_sheet_data, CELLS),
    "many styles": (H.many_styles, f"styles hold more than {MAX_STYLES:,} elements"),
    "conditional format over many ranges": (H.many_ranges, f"more than {MAX_RANGES:,} ranges"),
    "many shared strings": (H.shared_string_count_bomb, f"more than {MAX_CELLS:,} shared texts"),
    "many elements": (H.many_elements, ELEMENTS),
    "one huge shared string": (H.shared_string_size_bomb, RATIO),
    "zip bomb": (H.zip_bomb, f"the workbook unpacks to more than {MAX_UNPACKED // 2**20} MB"),
    "compression ratio": (H.ratio_bomb, RATIO),
    "many parts": (H.many_members, f"holds more than {MAX_MEMBERS:,} parts"),
    "entity expansion": (H.entity_bomb, "declares a document type or entities"),
    "deep nesting": (H.deep_nesting, f"is nested more than {MAX_DEPTH} deep"),
    "no workbook part": (H.missing("xl/workbook.xml"), NOT_XLSX),
    "no content types": (H.missing("[Content_Types].xml"), NOT_XLSX),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_quickly_whatever_the_spelling(
    case: str, base: bytes, tmp_path: Path, gapcheck: Server
) -> None:
    build, expected = REFUSED[case]
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(build(base))
    assert_refused(gapcheck, path, str(path), expected)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("build", "message"),
    [
        (H.formula_without_value, FORMULA),
        (H.error_value, "this cell shows an error instead of a value"),
        (H.empty_confidentiality, "choose yes or no in this cell"),
    ],
    ids=["formula", "error", "empty"],
)
def test_unknowable_confidentiality_is_refused_at_its_cell(
    build: Callable[[bytes], bytes], message: str, base: bytes, tmp_path: Path, gapcheck: Server
) -> None:
    path = tmp_path / "cover.xlsx"
    path.write_bytes(build(base))
    assert_refused(gapcheck, path, f"{path}:Cover!{H.cover_cell(base, 'confidential')}", message)


def test_chart_sheet_in_place_of_a_sheet(base: bytes, tmp_path: Path, gapcheck: Server) -> None:
    path = tmp_path / "chart.xlsx"
    path.write_bytes(H.chart_sheet(base))
    assert_refused(gapcheck, path, f"{path}:Cover", "this sheet is a chart, not a sheet of cells")


def test_missing_sheet_part(base: bytes, tmp_path: Path, gapcheck: Server) -> None:
    path = tmp_path / "no-sheet.xlsx"
    path.write_bytes(H.missing(H.SECTION)(base))
    assert_refused(gapcheck, path, str(path), "the sheet 'B Prison Context' is missing")


@pytest.mark.parametrize(
    "build", [H.formula_with_value, H.huge_dimension], ids=["cached formula", "dimension"]
)
def test_harmless_oddities_are_read(
    build: Callable[[bytes], bytes], base: bytes, tmp_path: Path, gapcheck: Server
) -> None:
    """A formula saved with its result (as spreadsheet programs save one) is read as the
    result; a dimension is not used by the reader, so a huge one costs nothing."""
    path = tmp_path / "odd.xlsx"
    path.write_bytes(build(base))
    code, err, out = run_import(gapcheck, path)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    expected = "confidential: true" if build is H.formula_with_value else "confidential: false"
    assert expected in text


def test_the_base_workbook_is_read(base: bytes, tmp_path: Path, gapcheck: Server) -> None:
    """The generator's starting point is a good workbook: what is refused is the change."""
    path = tmp_path / "base.xlsx"
    path.write_bytes(H.rebuild(base))
    code, err, out = run_import(gapcheck, path)
    assert code == 0, err
    assert 'state: "Arcadia"' in out.read_text(encoding="utf-8")


def test_running_out_of_memory_is_not_called_damage(
    base: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A MemoryError inside the spreadsheet library says so (exit 1), never "damaged"."""
    from openpyxl.reader.excel import ExcelReader

    def exhausted(self: ExcelReader) -> None:
        raise MemoryError

    monkeypatch.setattr(ExcelReader, "read", exhausted)
    path = tmp_path / "good.xlsx"
    path.write_bytes(base)
    out = tmp_path / "good.yaml"
    result = CliRunner().invoke(cli, ["questionnaire", "import", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: the computer ran out of memory while reading this workbook; close "
        "other programs and try again\n"
    )
    assert not out.exists()


# Attribute names as expat gives them: plain, or "namespace-URI local" for a prefixed one.
_NAMES = [
    "ref",
    "sqref",
    "r",
    "t",
    "u ref",
    "http://x/y ref",
    "a b sqref",
    "u r",
    "refx",
    "x ref y",
]


@given(
    attrs=st.dictionaries(st.sampled_from(_NAMES), st.text(max_size=2), max_size=5),
    local=st.sampled_from(["ref", "sqref", "r", "t"]),
)
def test_an_attribute_is_found_whatever_its_prefix(attrs: dict[str, str], local: str) -> None:
    """The scan counts a range written `x:ref="..."` as openpyxl's `ref`: the plain name
    first, else the first of that local name in any namespace."""
    expected = (
        attrs[local]
        if local in attrs
        else next((v for k, v in attrs.items() if k.rpartition(" ")[2] == local), None)
    )
    assert _attr(attrs, local) == expected
