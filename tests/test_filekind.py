"""A spreadsheet under any name gets "this is a spreadsheet; save it as .xlsx", found by content."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.filekind import Kind, sniff
from gapcheck.questionnaire import new_questionnaire
from gapcheck.workbook import write_workbook
from tests.conftest import EXAMPLES, ODS_BYTES, XLS_BYTES

SAVE_AS = (
    "gapcheck reads questionnaire workbooks in the .xlsx format only (other files are YAML): "
    "open it in your spreadsheet program and save it as 'Excel Workbook (.xlsx)'"
)
ODS = "this is a spreadsheet, a LibreOffice or OpenOffice spreadsheet (.ods); " + SAVE_AS
XLS = (
    "this is a spreadsheet, an old Excel workbook (.xls) or another Office 97-2003 file; " + SAVE_AS
)


def _fail(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "UTF-16" not in result.stderr
    return result.stderr.splitlines()


@pytest.mark.parametrize("name", ["arcadia.ods", "arcadia.yaml", "arcadia.xls"])
@pytest.mark.parametrize(("content", "message"), [(ODS_BYTES, ODS), (XLS_BYTES, XLS)])
def test_a_spreadsheet_given_as_a_questionnaire_says_save_it_as_xlsx(
    runner: CliRunner, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "report.md"
    lines = _fail(runner, "report", str(path), "-o", str(out))
    assert lines[0] == f"{path}: {message}"
    assert not out.exists()


@pytest.mark.parametrize("command", ["report", "validate"])
def test_a_workbook_renamed_yaml_says_to_name_it_xlsx(
    runner: CliRunner, tmp_path: Path, catalogue: Catalogue, command: str
) -> None:
    path = tmp_path / "arcadia.yaml"
    path.write_bytes(write_workbook(catalogue, new_questionnaire(catalogue, "Arcadia")))
    lines = _fail(runner, command, str(path))
    assert lines[0] == (
        f"{path}: this is an Excel workbook (.xlsx), not a YAML file; if it is a questionnaire, "
        "give it a name ending in .xlsx and gapcheck reads it as a workbook"
    )


def test_offers_and_requests_files_are_checked_by_content_too(
    runner: CliRunner, tmp_path: Path
) -> None:
    offers = tmp_path / "offers.yaml"
    offers.write_bytes(ODS_BYTES)
    requests = tmp_path / "requests.yaml"
    requests.write_bytes(XLS_BYTES)
    lines = _fail(runner, "match", str(requests), str(offers), "-o", str(tmp_path / "m"))
    assert lines[:2] == [f"{offers}: {ODS}", f"{requests}: {XLS}"]
    assert not (tmp_path / "m").exists()


def test_text_in_any_encoding_is_left_to_the_text_reader() -> None:
    yaml_text = (EXAMPLES / "arcadia-2026.yaml").read_bytes()
    assert sniff(yaml_text) is Kind.TEXT
    assert sniff("state: Arcadia".encode("utf-16")) is Kind.OTHER
    assert sniff(b"") is Kind.EMPTY
    assert sniff(b"%PDF-1.7\n") is Kind.PDF
