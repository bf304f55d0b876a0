"""Names and ids that look alike must be alike: invisible and bidirectional control characters
are refused where they could make one State pass for another, and names are NFC-normalised."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.questionnaire import new_questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.workbook import write_workbook
from tests.conftest import EXAMPLES

ARCADIA = EXAMPLES / "arcadia-2026.yaml"
LOOKALIKES = {
    "\u200b": "U+200B (ZERO WIDTH SPACE)",
    "\u202e": "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    "\u2066": "U+2066 (LEFT-TO-RIGHT ISOLATE)",
    "\u200d": "U+200D (ZERO WIDTH JOINER)",
    "\ufeff": "U+FEFF (ZERO WIDTH NO-BREAK SPACE)",
    "\u00ad": "U+00AD (SOFT HYPHEN)",
}


def _impostor(tmp_path: Path, char: str) -> Path:
    """Arcadia's own questionnaire under a name that looks the same in a list."""
    text = ARCADIA.read_text(encoding="utf-8")
    fake = tmp_path / "impostor.yaml"
    fake.write_text(
        text.replace('state: "Republic of Arcadia"', f'state: "Republic of Arca{char}dia"', 1),
        encoding="utf-8",
    )
    assert fake.read_text(encoding="utf-8") != text
    return fake


@pytest.mark.parametrize(("char", "described"), LOOKALIKES.items())
def test_a_lookalike_state_cannot_ask_for_help_in_the_real_states_name(
    runner: CliRunner, tmp_path: Path, char: str, described: str
) -> None:
    out = tmp_path / "requests.yaml"
    result = runner.invoke(cli, ["request", "new", str(_impostor(tmp_path, char)), "-o", str(out)])
    assert result.exit_code == 2
    assert (
        f"state: the name holds an invisible character, {described}, at character 17; delete it"
    ) in result.stderr
    assert char not in result.stderr  # shown by its code, never as itself
    assert not out.exists()


def test_names_are_read_in_one_unicode_form(catalogue: Catalogue, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "République de Côte")
    path = tmp_path / "q.yaml"
    path.write_text(f"state: {decomposed}\n", encoding="utf-8")
    assert load_questionnaire_file(path, catalogue).state == "République de Côte"


def test_a_workbook_states_name_is_checked_at_its_cell(
    catalogue: Catalogue, runner: CliRunner, tmp_path: Path
) -> None:
    book = tmp_path / "arcadia.xlsx"
    book.write_bytes(write_workbook(catalogue, new_questionnaire(catalogue, "Arcadia")))
    wb = openpyxl.load_workbook(book)
    cover = wb["Cover"]
    cell = next(c for c in cover["B"] if c.value == "Arcadia")
    cell.value = "Arc\u202eadia"
    wb.save(book)
    result = runner.invoke(cli, ["report", str(book)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{book}:Cover!{cell.coordinate}: the name holds an invisible character, U+202E "
        "(RIGHT-TO-LEFT OVERRIDE), at character 4; delete it (retype the name if you cannot "
        "find it): such characters make one name look like another"
    )


def test_free_text_keeps_what_was_typed(catalogue: Catalogue, tmp_path: Path) -> None:
    # only names and ids are refused: a comment may quote anything
    path = tmp_path / "q.yaml"
    path.write_text(
        'state: Arcadia\npractices:\n  GP01:\n    notes: "a\\u200bb \\u202ec"\n', encoding="utf-8"
    )
    assert load_questionnaire_file(path, catalogue).practices["GP01"].notes == "a\u200bb \u202ec"
