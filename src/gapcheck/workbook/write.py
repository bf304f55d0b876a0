"""Build a questionnaire workbook an official can fill in without instructions.

Yellow cells are the answers (unlocked); everything else is locked by sheet protection without
a password, so nothing is lost if a ministry removes it, and the workbook structure is locked so
sheets keep the names the reader looks for.
"""

from __future__ import annotations

import io
import math
import re
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from gapcheck import __version__
from gapcheck.models.questionnaire import NA, Answer, PracticeAnswers, Questionnaire
from gapcheck.workbook import layout as L

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from gapcheck.catalogue import Catalogue
    from gapcheck.models.catalogue import Practice

_ANSWER_FILL = PatternFill("solid", start_color="FFF8DC")
_PRACTICE_FILL = PatternFill("solid", start_color="DCE6F1")
_HEADER_FILL = PatternFill("solid", start_color="D9D9D9")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
_EMPTY = PracticeAnswers()
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def write_workbook(catalogue: Catalogue, q: Questionnaire) -> bytes:
    """The questionnaire `q` (blank or filled) as .xlsx bytes, laid out from `catalogue`."""
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = L.COVER
    _cover(cover, catalogue, q)
    for section_id, title in catalogue.sections.items():
        ws = wb.create_sheet(L.section_sheet(section_id, title))
        _section(ws, catalogue, section_id, title, q)
    _meta(wb.create_sheet(L.META), catalogue)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"Self-assessment questionnaire: {q.state}"
    wb.properties.subject = catalogue.meta.source.title
    wb.properties.creator = f"gapcheck {__version__}"
    wb.properties.keywords = f"gapcheck catalogue {catalogue.version} {catalogue.fingerprint}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _clean(text: str) -> str:
    # XML, so a cell, cannot hold control characters or U+FFFE/U+FFFF, and Excel turns
    # CR LF into LF anyway.
    text = _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _put(ws: Worksheet, coord: str, value: object, answer: bool = False) -> Cell:
    cell: Cell = ws[coord]
    if isinstance(value, str):
        if value:
            cell.value = _clean(value)
            cell.data_type = "s"  # text such as "=1+1" stays text, never a formula
    elif value is not None:
        cell.value = value  # type: ignore[assignment]  # numbers and dates from our own model
    cell.alignment = _WRAP
    if answer:
        cell.protection = _UNLOCKED
        cell.fill = _ANSWER_FILL
        cell.border = _BOX
    return cell


def _list_check(ws: Worksheet, items: tuple[str, ...], title: str, prompt: str) -> DataValidation:
    dv = DataValidation(
        type="list", formula1='"' + ",".join(items) + '"', allow_blank=True, showErrorMessage=True
    )
    dv.errorTitle = "Choose from the list"
    dv.error = "Choose one of: " + ", ".join(items) + ". Or leave the cell empty."
    dv.promptTitle = title
    dv.prompt = prompt
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    return dv


def _level_text(level: float | None) -> str | float | None:
    if level is None:
        return None
    return L.level_label(int(level)) if float(level).is_integer() else level


def _print_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "&A, page &P of &N"


def _fit_rows(ws: Worksheet) -> None:
    """Row heights that show every wrapped line on screen and on paper.

    Excel never grows a row to fit a merged cell, so heights are estimated here from the
    text length and column widths (a width unit is about one character). A free-text answer
    spanning columns gets room for two lines, to write on a printed copy too.
    """
    spans = {r.start_cell.coordinate: (r.min_col, r.max_col) for r in ws.merged_cells.ranges}
    widths = {
        col: ws.column_dimensions[get_column_letter(col)].width or 9
        for col in range(1, ws.max_column + 1)
    }
    for row in ws.iter_rows():
        height = 0.0
        for cell in row:
            first, last = spans.get(cell.coordinate, (cell.column, cell.column))
            if last > first and not cell.protection.locked:
                height = max(height, 2 * 11 * 1.4 + 2)
            if not isinstance(cell.value, str) or ws.column_dimensions[cell.column_letter].hidden:
                continue
            width = sum(widths.get(c, 9) for c in range(first, last + 1))
            lines = sum(max(1, math.ceil(len(part) / width)) for part in cell.value.split("\n"))
            size = cell.font.size or 11
            height = max(height, lines * size * 1.4 + 2)
        if height > 17 and row[0].row is not None:
            ws.row_dimensions[row[0].row].height = round(height, 1)


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    # Officials may still resize rows and columns to read long text.
    ws.protection.formatRows = False
    ws.protection.formatColumns = False


def _cover(ws: Worksheet, catalogue: Catalogue, q: Questionnaire) -> None:
    source = catalogue.meta.source
    ws.column_dimensions[L.COVER_LABEL].width = 52
    ws.column_dimensions[L.COVER_VALUE].width = 60
    ws.column_dimensions[L.COVER_KEY].hidden = True
    lines: list[tuple[str, bool]] = [
        (f"Self-assessment questionnaire: {source.title}", True),
        (
            f"{source.publisher}. Catalogue version {catalogue.version}. The Memorandum is "
            "non-binding: adapt your targets to your State's legal system, priorities and "
            "circumstances.",
            False,
        ),
        ("", False),
        ("About this assessment (fill in the yellow cells)", True),
    ]
    row = _lines(ws, 1, lines)
    ws["A1"].font = Font(bold=True, size=14)
    yes_no = _list_check(ws, L.YES_NO, "Yes or no", "Choose yes or no.")
    target = _list_check(
        ws, L.TARGET_LABELS, "Target level", "The level you aim for in most practices."
    )
    share = _list_check(
        ws,
        L.SHARE_CHOICES,
        "Who may see our requests",
        "unit: the Administrative Unit only; providers: providers too, without your State's "
        "name; members: members by name; public: also the public overview. Empty: providers "
        "if confidential, members if not.",
    )
    values: dict[str, object] = {
        "state": q.state,
        "institution": q.institution,
        "respondent": q.respondent,
        "date": q.date,
        "confidential": "yes" if q.confidential else "no",
        "languages": ", ".join(q.languages),
        "language": q.language or "",
        "region": q.region,
        "default_target": _level_text(q.default_target),
        # empty: the default from `confidential`, as in YAML
        "share_requests": str(q.share_requests) if q.share_requests is not None else None,
    }
    for key, label in L.COVER_FIELDS:
        _put(ws, f"{L.COVER_LABEL}{row}", label)
        cell = _put(ws, f"{L.COVER_VALUE}{row}", values[key], answer=True)
        ws[f"{L.COVER_KEY}{row}"] = key
        if key == "date":
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(horizontal="left", vertical="top")
        elif key == "confidential":
            yes_no.add(cell)
        elif key == "default_target":
            target.add(cell)
        elif key == "share_requests":
            share.add(cell)
        row += 1
    scale = [f"    {label}" for label in L.TARGET_LABELS]
    help_lines: list[tuple[str, bool]] = [
        ("", False),
        ("How to answer", True),
        (
            "Each section of the Memorandum has its own sheet: see the tabs at the bottom. "
            "For each question, choose in the yellow 'Your answer' cell the level that "
            "describes your State today:",
            False,
        ),
        *((line, False) for line in scale),
        (
            f"    {NA} - the element does not apply to your State: then say why in the "
            "'Reason' cell next to it",
            False,
        ),
        (
            "Leave the cell empty if you do not know yet: it counts as not answered, never as 0.",
            False,
        ),
        (
            "Below each practice's questions you can set a target, note your evidence, and "
            "say whether you would like assistance and of what kind.",
            False,
        ),
        (
            "Questions and ids are locked so that your answers are read back correctly. "
            "Please do not rename the sheets.",
            False,
        ),
        (
            "When you are done, save the file in this format (.xlsx). To see your scores: "
            "gapcheck report THIS-FILE.xlsx",
            False,
        ),
    ]
    _lines(ws, row, help_lines)
    _fit_rows(ws)
    _print_setup(ws, landscape=False)
    _protect(ws)


def _lines(ws: Worksheet, row: int, lines: list[tuple[str, bool]]) -> int:
    """Write one paragraph a row across the label and value columns; return the next row."""
    for text, bold in lines:
        if text:
            cell = _put(ws, f"{L.COVER_LABEL}{row}", text)
            cell.font = Font(bold=bold)
            ws.merge_cells(f"{L.COVER_LABEL}{row}:{L.COVER_VALUE}{row}")
        row += 1
    return row


def _section(
    ws: Worksheet, catalogue: Catalogue, section_id: str, title: str, q: Questionnaire
) -> None:
    for col, width in L.WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions[L.COL_KEY].hidden = True
    _put(ws, "A1", f"{section_id}. {title}").font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{L.COL_COMMENT}1")
    _put(
        ws,
        "A2",
        "Choose a level for each question in the yellow cells. n/a needs a reason. "
        "Leave empty what you do not know yet: it counts as not answered, never as 0.",
    )
    ws.merge_cells(f"A2:{L.COL_COMMENT}2")
    for col, text in L.HEADERS.items():
        cell = _put(ws, f"{col}{L.HEADER_ROW}", text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BOX
    checks = {
        "level": _list_check(
            ws,
            L.LEVEL_LABELS,
            "Level today",
            "Choose the level that describes your State today, or n/a with a reason.",
        ),
        "target": _list_check(ws, L.TARGET_LABELS, "Target", "The level you aim for."),
        "yes_no": _list_check(ws, L.YES_NO, "Yes or no", "Choose yes or no."),
    }
    row = L.HEADER_ROW + 1
    for practice in catalogue.in_section(section_id):
        row = _practice(ws, row, catalogue, practice, q.practices.get(practice.id, _EMPTY), checks)
    ws.freeze_panes = f"A{L.HEADER_ROW + 1}"
    ws.print_title_rows = f"{L.HEADER_ROW}:{L.HEADER_ROW}"
    _fit_rows(ws)
    _print_setup(ws, landscape=True)
    _protect(ws)


def _practice(
    ws: Worksheet,
    row: int,
    catalogue: Catalogue,
    practice: Practice,
    answers: PracticeAnswers,
    checks: dict[str, DataValidation],
) -> int:
    for col in (L.COL_ID, L.COL_TEXT, L.COL_ANSWER, L.COL_REASON, L.COL_COMMENT):
        ws[f"{col}{row}"].fill = _PRACTICE_FILL
    _put(ws, f"{L.COL_ID}{row}", practice.id).font = Font(bold=True)
    _put(ws, f"{L.COL_TEXT}{row}", practice.title).font = Font(bold=True)
    row += 1
    _put(ws, f"{L.COL_TEXT}{row}", f"“{' '.join(practice.statement.split())}”").font = Font(
        italic=True
    )
    ws.merge_cells(f"{L.COL_TEXT}{row}:{L.COL_COMMENT}{row}")
    row += 1
    for element in practice.elements:
        a = answers.elements.get(element.id) or Answer()
        _put(ws, f"{L.COL_ID}{row}", element.id)
        _put(ws, f"{L.COL_TEXT}{row}", element.question)
        level = NA if a.na else (None if a.level is None else L.level_label(a.level))
        checks["level"].add(_put(ws, f"{L.COL_ANSWER}{row}", level, answer=True))
        _put(ws, f"{L.COL_REASON}{row}", a.reason, answer=True)
        _put(ws, f"{L.COL_COMMENT}{row}", a.comment, answer=True)
        ws[f"{L.COL_KEY}{row}"] = element.id
        row += 1
    kinds = ", ".join(catalogue.assistance.values())
    wish = answers.assistance
    values: dict[str, object] = {
        "target": _level_text(answers.target),
        "not_applicable": answers.not_applicable,
        "evidence": answers.evidence,
        "notes": answers.notes,
        "assistance.wanted": "yes" if wish.wanted else None,
        "assistance.kinds": ", ".join(catalogue.assistance.get(k, k) for k in wish.kinds),
        "assistance.note": wish.note,
        "assistance.time_frame": wish.time_frame,
    }
    for key, label in L.PRACTICE_FIELDS:
        text = label or f"Kinds of assistance, separated by commas: {kinds}"
        _put(ws, f"{L.COL_ID}{row}", practice.id)
        _put(ws, f"{L.COL_TEXT}{row}", text)
        cell = _put(ws, f"{L.COL_ANSWER}{row}", values[key], answer=True)
        if key == "target":
            checks["target"].add(cell)
        elif key == "assistance.wanted":
            checks["yes_no"].add(cell)
        else:
            ws.merge_cells(f"{L.COL_ANSWER}{row}:{L.COL_COMMENT}{row}")
        ws[f"{L.COL_KEY}{row}"] = L.field_key(practice.id, key)
        row += 1
    return row + 1


def _meta(ws: Worksheet, catalogue: Catalogue) -> None:
    for row in (
        ("format", L.FORMAT),
        ("catalogue_version", catalogue.version),
        ("fingerprint", catalogue.fingerprint),
        ("made_by", f"gapcheck {__version__}"),
    ):
        ws.append(row)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
