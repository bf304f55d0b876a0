"""`questionnaire import` never writes a YAML file that gapcheck could not read back.

A workbook cell holds up to 32,767 characters (Excel's limit, which openpyxl keeps too), so
a workbook within every workbook limit can still turn into YAML over yamlio.MAX_BYTES: the
import refuses it, saying why and how to fix it, and writes nothing.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import layout
from gapcheck.yamlio import MAX_BYTES

# Letters and spaces drawn at random: text that packs like prose, not like a zip bomb, so
# the workbook's own limits (size, compression ratio) let it through.
EXCEL_CELL = 32_767
_WORDS = string.ascii_lowercase + " " * 5


def _prose(rng: random.Random, size: int) -> str:
    return "x" + "".join(rng.choices(_WORDS, k=size - 2)) + "x"


def _fill_text(book: Path, size: int) -> int:
    """Evidence and notes of every practice, and every element's comment: `size` characters
    of text each. Returns the characters written."""
    rng = random.Random(15)
    wb = openpyxl.load_workbook(book)
    written = 0
    key_col = openpyxl.utils.column_index_from_string(layout.COL_KEY)
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows(min_row=layout.HEADER_ROW + 1, max_col=key_col):
            key = row[key_col - 1].value
            if not isinstance(key, str):
                continue
            if key.endswith((" evidence", " notes")):
                cell = ws[f"{layout.COL_ANSWER}{row[0].row}"]
            elif " " not in key:  # an element's row: its comment
                cell = ws[f"{layout.COL_COMMENT}{row[0].row}"]
            else:
                continue
            cell.value = _prose(rng, size)
            written += size
    wb.save(book)
    return written


def test_import_refuses_yaml_it_could_not_read_back(tmp_path: Path) -> None:
    runner = CliRunner()
    book, out = tmp_path / "estoria.xlsx", tmp_path / "estoria.yaml"
    made = runner.invoke(
        cli,
        ["questionnaire", "new", "--state", "Estoria", "--date", "2026-03-01", "-o", str(book)],
        catch_exceptions=False,
    )
    assert made.exit_code == 0, made.output
    written = _fill_text(book, EXCEL_CELL - 700)
    assert written > MAX_BYTES  # every cell is within its limit, the whole is not

    result = runner.invoke(cli, ["questionnaire", "import", str(book), "-o", str(out)])

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{book}: the questionnaire would be larger than {MAX_BYTES // 2**20} MB, which "
        "gapcheck could not read back; shorten the longest notes and evidence"
    ), result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_import_just_under_the_limit_is_read_back(tmp_path: Path, catalogue: Catalogue) -> None:
    """The same workbook with shorter text is imported, and the YAML loads again."""
    runner = CliRunner()
    book, out = tmp_path / "estoria.xlsx", tmp_path / "estoria.yaml"
    runner.invoke(
        cli,
        ["questionnaire", "new", "--state", "Estoria", "--date", "2026-03-01", "-o", str(book)],
        catch_exceptions=False,
    )
    written = _fill_text(book, EXCEL_CELL // 2)
    assert MAX_BYTES // 2 < written < MAX_BYTES

    result = runner.invoke(
        cli, ["questionnaire", "import", str(book), "-o", str(out)], catch_exceptions=False
    )

    assert result.exit_code == 0, result.output
    assert out.stat().st_size <= MAX_BYTES
    assert load_questionnaire_file(out, catalogue).state == "Estoria"
