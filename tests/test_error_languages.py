"""Input errors in the reader's language: --lang when the command has it, else the
terminal's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); the positions, the exit status and what is
(not) written are the same in every language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.messages import terminal_language, translator
from gapcheck.models.values import parse_yes_no
from gapcheck.render.questionnaire_yaml import blank_in
from gapcheck.workbook import write_workbook
from gapcheck.workbook.layout import COL_ANSWER, COL_KEY
from tests.conftest import invoke
from tests.i18n_support import english_left

BAD_YAML = """\
state: Arcadia
date: 31/02/2026
confidential: maybe
languages: [en, Frenchish]
practices:
  GP01:
    elements:
      GP01.7: in plase
      GP01.8: 2.5
      GP01.2: 7
      GP01.3: n/a
    target: eleven
"""


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANGUAGE": "de:ar", "LANG": "de_DE.UTF-8"}, "ar"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "fr_FR.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ru_RU", "LANG": "C"}, "ru"),
        ({"LANG": "es_AR.UTF-8@euro"}, "es"),
    ],
)
def test_the_terminal_language_is_read_as_gettext_reads_it(
    environ: dict[str, str], language: str
) -> None:
    assert terminal_language(environ) == language


def _errors(path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    ran = invoke("report", path, "-o", path.with_suffix(".md"), *args, env=env)
    assert ran.exit_code == 2
    assert not path.with_suffix(".md").exists()
    return ran.stderr.splitlines()


def _positions(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines[:-1]]


def test_every_yaml_error_speaks_the_pseudo_language(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(BAD_YAML, encoding="utf-8")
    english = _errors(q)
    accented = _errors(q, "--lang", "en-XA")
    assert len(english) == len(accented) > 6
    assert _positions(accented) == _positions(english)
    # what is left in English is what the file holds (quoted back) and the field names
    quoted = ["31/02/2026", "maybe", "Frenchish", "in plase", "in place", "eleven"]
    quoted += ["{level: n/a, reason: why it does not apply}"]
    fields = ["date", "confidential", "languages", "practices", "elements", "target", "GP01"]
    for line, before in zip(accented, english, strict=True):
        assert line != before
        message = line.split(": ", 1)[1] if ": " in line else line
        assert english_left(message, [str(q), *quoted, *fields, "YYYY-MM-DD"]) == [], line


def test_the_terminal_language_is_used_and_lang_wins(tmp_path: Path) -> None:
    q = tmp_path / "q.yaml"
    q.write_text(BAD_YAML, encoding="utf-8")
    english = _errors(q)
    french = _errors(q, env={"LANG": "fr_FR.UTF-8"})
    t = translator("fr")
    n = len(english) - 1
    summary = t.ngettext(
        "%(num)d problem found; nothing was written.",
        "%(num)d problems found; nothing was written.",
        n,
    )
    assert french[-1] == summary % {"num": n} != english[-1]
    assert _positions(french) == _positions(english)
    assert french != english
    # --lang speaks over the terminal's language
    assert _errors(q, "--lang", "en", env={"LANG": "fr_FR.UTF-8"}) == english


def _french_workbook(path: Path, catalogue: Catalogue) -> None:
    blank = blank_in(catalogue, "Arcadia", dt.date(2026, 3, 1), "fr")
    path.write_bytes(write_workbook(catalogue, blank, "fr"))
    wb = openpyxl.load_workbook(path)
    cover = wb.worksheets[0]
    assert isinstance(cover, Worksheet)
    state = next(c for c in cover["C"] if c.value == "state")
    cover[f"B{state.row}"] = None  # the State's name rubbed out
    sheet = next(wb[s] for s in wb.sheetnames if s.startswith("B "))
    assert isinstance(sheet, Worksheet)
    rows = {str(c.value): c.row for c in sheet[COL_KEY] if c.value}
    sheet[f"{COL_ANSWER}{rows['GP03.5']}"] = "oui"  # a yes where a level goes
    sheet[f"{COL_ANSWER}{rows['GP03.7']}"] = "s.o."  # n/a without its reason
    wb.save(path)


def test_a_french_workbook_is_refused_in_french_at_the_same_cells(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    book = tmp_path / "arcadie.xlsx"
    _french_workbook(book, catalogue)
    out = tmp_path / "arcadie.yaml"
    english = invoke("questionnaire", "import", book, "-o", out)
    french = invoke("questionnaire", "import", book, "-o", out, env={"LANG": "fr_FR.UTF-8"})
    assert english.exit_code == french.exit_code == 2
    assert not out.exists()
    lines_en, lines_fr = english.stderr.splitlines(), french.stderr.splitlines()
    assert len(lines_en) == len(lines_fr) == 4
    assert _positions(lines_fr) == _positions(lines_en)
    t = translator("fr")
    assert any(
        t.gettext("the State's name is missing; write it in this cell") in x for x in lines_fr
    )
    assert all(a != b for a, b in zip(lines_en, lines_fr, strict=True))


@pytest.mark.parametrize("language", ["fr", "es", "ar", "ru", "zh"])
def test_yes_and_no_of_every_language_are_read_in_yaml_as_in_the_workbook(language: str) -> None:
    t = translator(language)
    yes, no = t.pgettext("answer", "yes"), t.pgettext("answer", "no")
    assert (parse_yes_no(yes), parse_yes_no(no.upper())) == (True, False)
    with pytest.raises(ValueError, match="write yes or no"):
        parse_yes_no("peut-être")
