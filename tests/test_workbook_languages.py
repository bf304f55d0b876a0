"""The blank questionnaire in six languages (YAML and workbook), and a workbook filled in any
of them read back as the same language-neutral questionnaire (issue #14)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import CHOICES, translator
from gapcheck.models.questionnaire import Questionnaire, field_words
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.questionnaire_yaml import blank_in, blank_questionnaire
from gapcheck.workbook import read_workbook, write_workbook
from gapcheck.workbook.layout import COVER_FIELDS, SHARE_CHOICES
from gapcheck.workbook.words import fold, words
from tests.conftest import invoke
from tests.i18n_support import english_left

DATE = dt.date(2026, 3, 1)
# Words each language's workbook shows, as its catalogue translates them (the column head
# "Your answer" and the yes of the drop-downs).
SHOWN = {"fr": ("Votre réponse", "oui"), "ar": ("إجابتكم", "نعم"), "zh": ("您的回答", "是")}


@functools.cache
def _shipped() -> Catalogue:
    return load_catalogue()


@functools.cache
def _book(language: str) -> bytes:
    catalogue = _shipped()
    return write_workbook(catalogue, blank_in(catalogue, "Arcadia", DATE, "fr"), language)


def _rows(ws: Worksheet, column: str) -> dict[str, int]:
    """Each hidden key of a sheet (column F of a section sheet, C of the Cover) and its row."""
    return {
        str(c.value): int(c.row)
        for c in ws[column]
        if c.value is not None and c.row is not None and c.row > 2
    }


def _choices(ws: Worksheet, coord: str) -> list[str]:
    """The items of the drop-down a person opens in `coord`."""
    for dv in ws.data_validations.dataValidation:
        if coord in dv.sqref:
            return str(dv.formula1).strip('"').split(",")
    raise AssertionError(f"no drop-down at {ws.title}!{coord}")


def _sheet(wb: openpyxl.Workbook, section: str) -> Worksheet:
    ws = next(wb[s] for s in wb.sheetnames if s.split(" ")[0] == section)
    assert isinstance(ws, Worksheet)
    return ws


def _fill_by_picking(path: Path) -> None:
    """Fill the workbook as a person would, picking each answer from its own drop-down."""
    wb = openpyxl.load_workbook(path)
    cover = wb.worksheets[0]
    keys = _rows(cover, "C")
    picks: dict[str, int] = {"confidential": 0, "default_target": 4, "language": 3}
    for key, index in picks.items():
        coord = f"B{keys[key]}"
        cover[coord] = _choices(cover, coord)[index]
    ws = _sheet(wb, "B")
    rows = _rows(ws, "F")
    answers = {"GP03.1": 3, "GP03.2": 2, "GP03.10": 0, "GP03.7": 5, "GP03 target": 4}
    for key, index in answers.items():
        coord = f"C{rows[key]}"
        ws[coord] = _choices(ws, coord)[index]
    ws[f"D{rows['GP03.7']}"] = "Aucun détenu de ce type"  # the State's words, never translated
    wanted = f"C{rows['GP03 assistance.wanted']}"
    ws[wanted] = _choices(ws, wanted)[0]
    # the kinds as the workbook's own line lists them, in its language
    listed = str(ws[f"B{rows['GP03 assistance.kinds']}"].value)
    names = re.split(r":\s*|：", listed)[-1].split(", ")
    ws[f"C{rows['GP03 assistance.kinds']}"] = ", ".join(n.strip() for n in names[:2])
    ws[f"C{rows['GP03.8']}"] = 4  # typed, not picked: a bare number
    ws[f"C{rows['GP03.9']}"] = "in place"  # English words in any workbook
    wb.save(path)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_filled_in_any_language_reads_as_the_same_questionnaire(
    language: str, tmp_path: Path
) -> None:
    catalogue = _shipped()
    read: dict[str, Questionnaire] = {}
    for lang in ("en", language):
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(_book(lang))
        _fill_by_picking(path)
        read[lang] = read_workbook(path, catalogue)
    assert read[language] == read["en"]
    q = read[language]
    gp03 = q.practices["GP03"]
    levels = {e: (a.level, a.na) for e, a in gp03.elements.items() if a.answered}
    assert levels == {
        "GP03.1": (3, False),
        "GP03.2": (2, False),
        "GP03.10": (0, False),
        "GP03.7": (None, True),
        "GP03.8": (4, False),
        "GP03.9": (3, False),
    }
    assert gp03.elements["GP03.7"].reason == "Aucun détenu de ce type"
    assert (gp03.target, gp03.assistance.wanted) == (4, True)
    assert gp03.assistance.kinds == list(catalogue.assistance)[:2]
    assert (q.confidential, q.default_target, q.language) == (True, 4, "fr")


@pytest.mark.slow
def test_arabic_sheets_are_right_to_left_and_others_not() -> None:
    for language, rtl in (("ar", True), ("ar-XB", True), ("fr", False), ("zh", False)):
        wb = openpyxl.load_workbook(io.BytesIO(_book(language)))
        assert [bool(ws.sheet_view.rightToLeft) for ws in wb.worksheets] == [rtl] * len(
            wb.worksheets
        ), language


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_workbook_speaks_its_language_and_keeps_the_english_statement(language: str) -> None:
    catalogue = _shipped()
    wb = openpyxl.load_workbook(io.BytesIO(_book(language)))
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    text = "\n".join(cells)
    for p in catalogue:
        assert " ".join(p.statement.split()) in text, p.id
    head, yes = SHOWN[language]
    assert head in text
    assert yes in _choices(wb.worksheets[0], f"B{_rows(wb.worksheets[0], 'C')['confidential']}")
    shown = localise(catalogue, language)
    assert shown.by_id["GP03"].elements[0].question in text
    # the sheets are named in the language, each starting with its section's id
    assert [s.split(" ")[0] for s in wb.sheetnames[1:-1]] == list(catalogue.sections)
    assert wb.sheetnames[1].startswith(f"A {shown.sections['A'].split()[0]}")


@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_yaml_speaks_its_language_and_keeps_the_english_statement(language: str) -> None:
    catalogue = _shipped()
    text = blank_questionnaire(catalogue, "Arcadia", DATE, language)
    unwrapped = _norm(re.sub(r"\n\s*# ", " ", text))
    for p in catalogue:
        assert _norm(p.statement) in unwrapped, p.id
    shown = localise(catalogue, language)
    assert shown.by_id["GP12"].title in text
    assert f"\nlanguage: {language}\n" in text
    assert translator(language).gettext("Per practice you can also set:") in text
    assert "Per practice you can also set:" not in text


def _norm(text: str) -> str:
    """Text as compared once a comment's lines are joined again: one space between words, and
    a word broken at its hyphen made whole."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def _allowed(catalogue: Catalogue) -> list[str]:
    """What a pseudo-language output keeps in English on purpose: the knowledge base's own
    texts (the pseudo-languages have none of their own), the sources' names, the State's
    words, commands and ids of data."""
    texts = [catalogue.meta.source.title, catalogue.meta.source.publisher, "Arcadia"]
    texts += list(catalogue.sections.values()) + list(catalogue.assistance.values())
    texts += list(catalogue.assistance)
    for p in catalogue:
        texts += [" ".join(p.statement.split()), p.title, p.statement]
        texts += [e.question for e in p.elements]
    return [
        *(_norm(t) for t in texts),
        "evidence, notes",  # keys of the YAML file: data, the same in every language
        # who may see the requests: the drop-down's values are the file's, the same in any language
        ",".join(SHARE_CHOICES),
        ", ".join(SHARE_CHOICES),
        "gapcheck report THIS-FILE.xlsx",
        "gapcheck report THIS-FILE.yaml",
        "gapcheck schema questionnaire",
        "yaml-language-server",
    ]


def test_pseudo_language_workbook_has_no_english_left() -> None:
    catalogue = _shipped()
    wb = openpyxl.load_workbook(io.BytesIO(_book("en-XA")))
    shown: list[str] = list(wb.sheetnames[:1])
    for ws in wb.worksheets[:-1]:  # the hidden gapcheck sheet is data, not words
        shown += [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        for dv in ws.data_validations.dataValidation:
            shown += [dv.formula1 or "", dv.error or "", dv.errorTitle or ""]
            shown += [dv.prompt or "", dv.promptTitle or ""]
        footer = ws.oddFooter
        if footer is not None and footer.center.text:
            shown.append(footer.center.text)
    shown.append(wb.properties.title or "")
    # the hidden keys name rows for the reader (GP03 assistance.kinds): ids, not words
    shown = [s for s in shown if not re.fullmatch(r"GP\d\d( [a-z_.]+)?|[a-z_]+", s)]
    assert english_left("\n".join(shown), _allowed(catalogue)) == []


def test_pseudo_language_yaml_has_no_english_left() -> None:
    catalogue = _shipped()
    text = blank_questionnaire(catalogue, "Arcadia", DATE, "en-XA")
    comments = "\n".join(
        line.split("#", 1)[1] for line in text.splitlines() if line.lstrip().startswith("#")
    )
    assert english_left(_norm(comments), _allowed(catalogue)) == []


def test_english_is_unchanged_by_default() -> None:
    catalogue = _shipped()
    blank = blank_questionnaire(catalogue, "Arcadia", DATE)
    assert "Per practice you can also set:" in blank
    assert "\nlanguage:" not in blank
    wb = openpyxl.load_workbook(io.BytesIO(write_workbook(catalogue, blank_in(catalogue, "A"))))
    assert wb.sheetnames[:3] == ["Cover", "A Defining Goals and Objectives", "B Prison Context"]
    assert not wb.worksheets[0].sheet_view.rightToLeft


def test_cover_rows_are_translated_in_every_language() -> None:
    """The Cover's labels are the model's words: each one is in the workbook's catalogue."""
    for language in ("fr", "es", "ar", "ru", "zh"):
        t = translator(language)
        # share_requests: the Cover's row for it comes with the consent to share requests
        for key in {*(k for k, _ in COVER_FIELDS), "share_requests"}:
            for text in field_words(key):
                if text:
                    assert t.gettext(text) != text, (language, text)


@pytest.mark.parametrize("language", CHOICES)
def test_drop_down_lists_fit_a_spreadsheet(language: str) -> None:
    """Excel keeps at most 255 characters of a list written in its check, and a comma ends
    an item: every language's labels must fit."""
    w = words(language)
    for items in (w.levels, w.targets, (w.yes, w.no)):
        assert len(",".join(items)) <= 255
        assert not any("," in item or '"' in item for item in items)


@pytest.mark.parametrize("language", ["ar", "en-XA"])
def test_drop_down_messages_keep_within_excel_limits(language: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_book(language)))
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert len(dv.errorTitle or "") <= 32 and len(dv.promptTitle or "") <= 32
            assert len(dv.error or "") <= 225 and len(dv.prompt or "") <= 255


def test_labels_of_every_language_never_clash() -> None:
    meaning: dict[str, object] = {}
    for language in CHOICES:
        w = words(language)
        pairs = [(w.level(n), n) for n in range(5)] + [(w.na, "n/a")]
        pairs += [(w.yes, True), (w.no, False)]
        for label, value in pairs:
            assert meaning.setdefault(fold(label), value) == value, (language, label)


@functools.cache
def _english_book() -> bytes:
    catalogue = _shipped()
    return write_workbook(catalogue, blank_in(catalogue, "Arcadia", DATE))


def _variant(text: str, how: int) -> str:
    return [text, text.upper(), f"  {text} ", text.replace(" - ", "-")][how]


@pytest.mark.slow  # a workbook written and read for each example
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(
        st.tuples(
            st.integers(0, 9),  # which element of GP03
            st.sampled_from(CHOICES),
            st.integers(0, 5),  # a level, or 5 for n/a
            st.integers(0, 3),  # as picked, in capitals, padded, without spaces
        ),
        min_size=1,
        max_size=10,
        unique_by=lambda p: p[0],
    )
)
def test_a_level_label_of_any_language_in_any_cell_reads_as_its_level(
    picks: list[tuple[int, str, int, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    catalogue = _shipped()
    path = tmp_path_factory.mktemp("labels") / "q.xlsx"
    path.write_bytes(_english_book())
    wb = openpyxl.load_workbook(path)
    ws = _sheet(wb, "B")
    rows = _rows(ws, "F")
    elements = catalogue.by_id["GP03"].element_ids
    expected: dict[str, Any] = {}
    for index, language, level, how in picks:
        eid = elements[index % len(elements)]
        w = words(language)
        label = w.na if level == 5 else w.level(level)
        ws[f"C{rows[eid]}"] = _variant(label, how)
        ws[f"D{rows[eid]}"] = "reason"
        expected[eid] = (None, True) if level == 5 else (level, False)
    wb.save(path)
    answers = read_workbook(path, catalogue).practices["GP03"].elements
    assert {e: (answers[e].level, answers[e].na) for e in expected} == expected


# ------------------------------------------------------------------------------ end to end


def test_questionnaire_new_with_lang_end_to_end(tmp_path: Path) -> None:
    yaml_path, book = tmp_path / "arcadie.yaml", tmp_path / "arcadie.xlsx"
    for path in (yaml_path, book):
        code, _, err = invoke(
            "questionnaire", "new", "--state", "Arcadie", "--lang", "fr", "-o", path
        )
        assert code == 0, err
    text = yaml_path.read_text(encoding="utf-8")
    assert "# COMMENT LE REMPLIR" in text
    catalogue = _shipped()
    q = load_questionnaire_file(yaml_path, catalogue)
    assert (q.language, q.languages) == ("fr", ["fr"])
    assert openpyxl.load_workbook(book).sheetnames[0] == "Page de garde"
    # the workbook's Cover says French: the YAML read back from it is commented in French
    code, out, err = invoke("questionnaire", "import", book, "-o", "-")
    assert code == 0, err
    assert "# COMMENT LE REMPLIR" in out and "\nlanguage: fr\n" in out
    # --lang wins over the questionnaire's own language
    code, out, _ = invoke("questionnaire", "import", book, "--lang", "zh", "-o", "-")
    assert code == 0 and "# 填写说明" in out
    code, _, err = invoke("questionnaire", "new", "--state", "X", "--lang", "de")
    assert code == 2 and "--lang" in err


def test_error_in_a_french_workbook_names_its_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "fr.xlsx"
    book.write_bytes(_book("fr"))
    wb = openpyxl.load_workbook(book)
    ws = _sheet(wb, "B")
    coord = f"C{_rows(ws, 'F')['GP03.5']}"
    ws[coord] = "peut-être"
    wb.save(book)
    code, out, err = invoke("questionnaire", "import", book, "-o", tmp_path / "fr.yaml")
    assert (code, out) == (2, "")
    assert f"{book}:{ws.title}!{coord}: 'peut-être' is not a level" in err


def _soffice(profile: Path, target: str, sources: list[Path], out: Path) -> bool:
    """Convert `sources` headless with LibreOffice, in one start of it; whether every file
    was written."""
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return proc.returncode == 0 and all((out / f"{s.stem}.{target}").exists() for s in sources)


@pytest.mark.slow
@pytest.mark.office
def test_libreoffice_opens_the_workbooks(tmp_path: Path) -> None:
    """The French and the Arabic (right-to-left) workbooks open in LibreOffice Calc and print
    to PDF: both in one start of LibreOffice, which costs seconds and a new profile each time."""
    books = [tmp_path / f"{language}.xlsx" for language in ("fr", "ar")]
    for book in books:
        book.write_bytes(_book(book.stem))
    profile = tmp_path / "profile"
    if not _soffice(profile, "pdf", books, tmp_path):
        # Say why. `make test` installs LibreOffice Calc (make office); run by hand without
        # it, this fails with the way to get it rather than skipping what it checks.
        install = "make office, or: apt-get install --no-install-recommends libreoffice-calc-nogui"
        assert shutil.which("soffice") is not None, f"LibreOffice is needed: {install}"
        probe = tmp_path / "probe.csv"
        probe.write_text("a,b\n1,2\n", encoding="utf-8")
        # Debian's LibreOffice without libreoffice-calc opens no spreadsheet at all
        assert _soffice(profile, "xlsx", [probe], tmp_path), (
            f"LibreOffice Calc is needed: {install}"
        )
        raise AssertionError("LibreOffice Calc opens a spreadsheet but not these workbooks")
    for book in books:
        assert book.with_suffix(".pdf").read_bytes().startswith(b"%PDF"), book.name
