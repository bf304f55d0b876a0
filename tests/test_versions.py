"""One rule for questionnaires made for another catalogue version, YAML and workbook alike:
read by element id with a note that says which way the versions differ; an id the catalogue
in use does not have is refused with both versions named."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.cli import cli


def _write(tmp_path: Path, version: str, element: str = "GP01.2") -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(
        f'catalogue_version: "{version}"\nstate: Arcadia\npractices:\n  GP01:\n'
        f"    elements:\n      {element}: 3\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("version", "notice"),
    [
        (
            "0.9",
            "This questionnaire was made for catalogue version 0.9, older than the version in "
            "use (1.1). Its answers are matched to the questions by element id; elements added "
            "since count as not answered.",
        ),
        (
            "2.0",
            "This questionnaire was made for catalogue version 2.0, newer than the version in "
            "use (1.1). Its answers are matched to these older questions by element id; to "
            "score it against the questions it answered, use the catalogue it was made for "
            "(gapcheck --practices FOLDER ...).",
        ),
        (
            "draft",
            "This questionnaire was made for catalogue version draft; the version in use is "
            "1.1. Its answers are matched to the questions by element id; elements it does not "
            "answer count as not answered.",
        ),
    ],
)
def test_another_version_is_read_with_a_note_that_says_which_way(
    runner: CliRunner, tmp_path: Path, version: str, notice: str
) -> None:
    result = runner.invoke(cli, ["report", str(_write(tmp_path, version))])
    assert result.exit_code == 0, result.stderr
    assert notice in result.stdout


def test_the_same_version_has_no_note(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", str(_write(tmp_path, "1.1"))])
    assert result.exit_code == 0
    assert "was made for catalogue version" not in result.stdout


def test_an_id_of_another_version_is_refused_naming_both(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, "2.0", "GP01.99")
    result = runner.invoke(cli, ["report", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:6:7: unknown element id 'GP01.99' for GP01; its elements are GP01.7, GP01.8, "
        "GP01.2, GP01.3, GP01.4, GP01.9, GP01.10, GP01.6 "
        "(this questionnaire was made for catalogue version 2.0, the catalogue in use is 1.1: "
        "read it with the catalogue it was made for, gapcheck --practices FOLDER ...)"
    )
