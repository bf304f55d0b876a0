"""Build a questionnaire workbook an official can fill in without instructions.

Yellow cells are the answers (unlocked); everything else is locked by sheet protection without
a password, so nothing is lost if a ministry removes it, and the workbook structure is locked so
sheets keep the names the reader looks for.

A workbook is written in one of the six languages (or a pseudo-language): every label,
instruction and drop-down in it, the knowledge base's texts from `localise`, and the sheets
right to left for Arabic. The official statement of each practice stays in English. What the
reader relies on does not change with the language: the hidden keys, and the section id that
starts each section sheet's name.
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
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import SOURCE_LANGUAGE, direction
from gapcheck.models.questionnaire import Answer, PracticeAnswers, Questionnaire
from gapcheck.workbook import layout as L
from gapcheck.workbook.styling import merge, set_style
from gapcheck.workbook.words import LANGUAGE_LABELS, Words, words

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
# One object per style: styling.py tells styles apart by identity.
_TITLE = Font(bold=True, size=14)
_BOLD = Font(bold=True)
_PLAIN = Font(bold=False)
_ITALIC = Font(italic=True)
_DATE = "yyyy-mm-dd"
_AT_START = {
    "ltr": Alignment(horizontal="left", vertical="top"),
    "rtl": Alignment(horizontal="right", vertical="top"),
}
_EMPTY = PracticeAnswers()
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")


def write_workbook(catalogue: Catalogue, q: Questionnaire, language: str | None = None) -> bytes:
    """The questionnaire `q` (blank or filled) as .xlsx bytes, laid out from `catalogue`, in
    `language` (default: the questionnaire's own, else English)."""
    language = language or q.language or SOURCE_LANGUAGE
    w = words(language)
    shown = localise(catalogue, language)
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = L.sheet_name(w.gettext(L.COVER))
    _cover(cover, shown, q, w)
    for section_id, title in shown.sections.items():
        ws = wb.create_sheet(L.section_sheet(section_id, title))
        _section(ws, shown, section_id, title, q, w)
    _meta(wb.create_sheet(L.META), catalogue, language)
    if direction(language) == "rtl":
        for ws in wb.worksheets:
            ws.sheet_view.rightToLeft = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = w.gettext("Self-assessment questionnaire: %(state)s") % {"state": q.state}
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
    if answer:
        set_style(cell, alignment=_WRAP, protection=_UNLOCKED, fill=_ANSWER_FILL, border=_BOX)
    else:
        set_style(cell, alignment=_WRAP)
    return cell


def _list_check(
    ws: Worksheet, w: Words, items: tuple[str, ...], title: str, prompt: str
) -> DataValidation:
    dv = DataValidation(
        type="list", formula1='"' + ",".join(items) + '"', allow_blank=True, showErrorMessage=True
    )
    # Excel refuses a file whose check has a title over 32 characters, an error message over
    # 225 or a prompt over 255: a longer translation is cut rather than break the workbook
    dv.errorTitle = w.gettext("Choose from the list")[:32]
    dv.error = (
        w.gettext("Choose one of: %(choices)s. Or leave the cell empty.")
        % {"choices": ", ".join(items)}
    )[:225]
    dv.promptTitle = title[:32]
    dv.prompt = prompt[:255]
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    return dv


def _level_text(level: float | None, w: Words) -> str | float | None:
    if level is None:
        return None
    return w.level(int(level)) if float(level).is_integer() else level


def _print_setup(ws: Worksheet, landscape: bool, w: Words) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:
        # &A, &P and &N are the spreadsheet's codes for the sheet, page and pages
        footer.center.text = w.gettext("%(sheet)s, page %(page)s of %(pages)s") % {
            "sheet": "&A",
            "page": "&P",
            "pages": "&N",
        }


def _fit_rows(ws: Worksheet) -> None:
    """Row heights that show every wrapped line on screen and on paper.

    Excel never grows a row to fit a merged cell, so heights are estimated here from the
    text length and column widths (a width unit is about one character). A free-text answer
    spanning columns gets room for two lines, to write on a printed copy too.
    """
    spans = {r.start_cell.coordinate: (r.min_col, r.max_col) for r in ws.merged_cells.ranges}
    columns = {
        col: ws.column_dimensions[get_column_letter(col)] for col in range(1, ws.max_column + 1)
    }
    widths = {col: found.width or 9 for col, found in columns.items()}
    hidden = {col for col, found in columns.items() if found.hidden}
    for row in ws.iter_rows():
        height = 0.0
        for cell in row:
            first, last = spans.get(cell.coordinate, (cell.column, cell.column))
            if last > first and not cell.protection.locked:
                height = max(height, 2 * 11 * 1.4 + 2)
            if not isinstance(cell.value, str) or cell.column in hidden:
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


def _cover(ws: Worksheet, catalogue: Catalogue, q: Questionnaire, w: Words) -> None:
    source = catalogue.meta.source
    ws.column_dimensions[L.COVER_LABEL].width = 52
    ws.column_dimensions[L.COVER_VALUE].width = 60
    ws.column_dimensions[L.COVER_KEY].hidden = True
    lines: list[tuple[str, bool]] = [
        (w.gettext("Self-assessment questionnaire: %(title)s") % {"title": source.title}, True),
        (
            w.gettext(
                "%(publisher)s. Catalogue version %(version)s. The Memorandum is non-binding: "
                "adapt your targets to your State's legal system, priorities and circumstances."
            )
            % {"publisher": source.publisher, "version": catalogue.version},
            False,
        ),
        ("", False),
        (w.gettext("About this assessment (fill in the yellow cells)"), True),
    ]
    row = _lines(ws, 1, lines)
    set_style(ws["A1"], font=_TITLE)
    yes_no = _list_check(
        ws, w, (w.yes, w.no), w.gettext("Yes or no"), w.gettext("Choose yes or no.")
    )
    target = _list_check(
        ws,
        w,
        w.targets,
        w.gettext("Target level"),
        w.gettext("The level you aim for in most practices."),
    )
    language = _list_check(
        ws,
        w,
        LANGUAGE_LABELS,
        w.gettext("Language of the reports"),
        w.gettext("The language of your reports; empty means English."),
    )
    share = _list_check(
        ws,
        w,
        L.SHARE_CHOICES,
        w.gettext("Who may see our requests"),
        w.gettext(
            "unit: the Administrative Unit only; providers: providers too, without your "
            "State's name; members: members by name; public: also the public overview. "
            "Empty: providers if confidential, members if not."
        ),
    )
    values: dict[str, object] = {
        "state": q.state,
        "institution": q.institution,
        "respondent": q.respondent,
        "date": q.date,
        "confidential": w.yes if q.confidential else w.no,
        "languages": ", ".join(q.languages),
        "language": _language_label(q.language),
        "region": q.region,
        "default_target": _level_text(q.default_target, w),
        # empty: the default from `confidential`, as in YAML
        "share_requests": str(q.share_requests) if q.share_requests is not None else None,
    }
    for key, _ in L.COVER_FIELDS:
        _put(ws, f"{L.COVER_LABEL}{row}", w.cover_label(key))
        cell = _put(ws, f"{L.COVER_VALUE}{row}", values[key], answer=True)
        ws[f"{L.COVER_KEY}{row}"] = key
        if key == "date":
            # dates line up with the text above them: at the start of the line
            set_style(cell, number_format=_DATE, alignment=_AT_START[direction(w.language)])
        elif key == "confidential":
            yes_no.add(cell)
        elif key == "default_target":
            target.add(cell)
        elif key == "share_requests":
            share.add(cell)
        elif key == "language":
            language.add(cell)
        row += 1
    scale = [f"    {label}" for label in w.targets]
    answer, reason = w.gettext(L.HEADERS[L.COL_ANSWER]), w.gettext("Reason")
    help_lines: list[tuple[str, bool]] = [
        ("", False),
        (w.gettext("How to answer"), True),
        (
            w.gettext(
                "Each section of the Memorandum has its own sheet: see the tabs at the bottom. "
                "For each question, choose in the yellow '%(answer)s' cell the level that "
                "describes your State today:"
            )
            % {"answer": answer},
            False,
        ),
        *((line, False) for line in scale),
        (
            "    "
            + w.gettext(
                "%(na)s - the element does not apply to your State: then say why in the "
                "'%(reason)s' cell next to it"
            )
            % {"na": w.na, "reason": reason},
            False,
        ),
        (
            w.gettext(
                "Leave the cell empty if you do not know yet: it counts as not answered, "
                "never as 0."
            ),
            False,
        ),
        (
            w.gettext(
                "Below each practice's questions you can set a target, note your evidence, and "
                "say whether you would like assistance and of what kind."
            ),
            False,
        ),
        (
            w.gettext(
                "Questions and ids are locked so that your answers are read back correctly. "
                "Please do not rename the sheets."
            ),
            False,
        ),
        (
            w.gettext(
                "When you are done, save the file in this format (.xlsx). To see your scores: "
                "%(command)s"
            )
            % {"command": "gapcheck report THIS-FILE.xlsx"},
            False,
        ),
    ]
    _lines(ws, row, help_lines)
    _fit_rows(ws)
    _print_setup(ws, landscape=False, w=w)
    _protect(ws)


def _language_label(code: str | None) -> str:
    return next((label for label in LANGUAGE_LABELS if label[:2] == code), "") if code else ""


def _lines(ws: Worksheet, row: int, lines: list[tuple[str, bool]]) -> int:
    """Write one paragraph a row across the label and value columns; return the next row."""
    for text, bold in lines:
        if text:
            cell = _put(ws, f"{L.COVER_LABEL}{row}", text)
            set_style(cell, font=_BOLD if bold else _PLAIN)
            merge(ws, f"{L.COVER_LABEL}{row}:{L.COVER_VALUE}{row}")
        row += 1
    return row


def _section(
    ws: Worksheet, catalogue: Catalogue, section_id: str, title: str, q: Questionnaire, w: Words
) -> None:
    for col, width in L.WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions[L.COL_KEY].hidden = True
    set_style(_put(ws, "A1", f"{section_id}. {title}"), font=_TITLE)
    merge(ws, f"A1:{L.COL_COMMENT}1")
    _put(
        ws,
        "A2",
        w.gettext(
            "Choose a level for each question in the yellow cells. %(na)s needs a reason. "
            "Leave empty what you do not know yet: it counts as not answered, never as 0."
        )
        % {"na": w.na},
    )
    merge(ws, f"A2:{L.COL_COMMENT}2")
    for col, text in L.HEADERS.items():
        cell = _put(ws, f"{col}{L.HEADER_ROW}", w.gettext(text))
        set_style(cell, font=_BOLD, fill=_HEADER_FILL, border=_BOX)
    yes_no = (w.yes, w.no)
    checks = {
        "level": _list_check(
            ws,
            w,
            w.levels,
            w.gettext("Level today"),
            w.gettext("Choose the level that describes your State today, or %(na)s with a reason.")
            % {"na": w.na},
        ),
        "target": _list_check(
            ws, w, w.targets, w.gettext("Target"), w.gettext("The level you aim for.")
        ),
        "yes_no": _list_check(
            ws, w, yes_no, w.gettext("Yes or no"), w.gettext("Choose yes or no.")
        ),
    }
    row = L.HEADER_ROW + 1
    for practice in catalogue.in_section(section_id):
        answers = q.practices.get(practice.id, _EMPTY)
        row = _practice(ws, row, catalogue, practice, answers, checks, w)
    ws.freeze_panes = f"A{L.HEADER_ROW + 1}"
    ws.print_title_rows = f"{L.HEADER_ROW}:{L.HEADER_ROW}"
    _fit_rows(ws)
    _print_setup(ws, landscape=True, w=w)
    _protect(ws)


def _statement(ws: Worksheet, row: int, practice: Practice, w: Words) -> int:
    """The Memorandum's words, in English, as the official text; in another language
    labelled so, and followed by the unofficial translation where there is one."""
    quoted = f"“{' '.join(practice.statement.split())}”"
    if w.language != SOURCE_LANGUAGE:
        quoted = w.gettext("Official text (English): %(statement)s") % {"statement": quoted}
    set_style(_put(ws, f"{L.COL_TEXT}{row}", quoted), font=_ITALIC)
    merge(ws, f"{L.COL_TEXT}{row}:{L.COL_COMMENT}{row}")
    row += 1
    unofficial = getattr(practice, "unofficial_statement", None)
    if w.language != SOURCE_LANGUAGE and unofficial:
        text = f"{w.gettext(L.UNOFFICIAL)} {' '.join(unofficial.split())}"
        _put(ws, f"{L.COL_TEXT}{row}", text)
        merge(ws, f"{L.COL_TEXT}{row}:{L.COL_COMMENT}{row}")
        row += 1
    return row


def _practice(
    ws: Worksheet,
    row: int,
    catalogue: Catalogue,
    practice: Practice,
    answers: PracticeAnswers,
    checks: dict[str, DataValidation],
    w: Words,
) -> int:
    for col in (L.COL_ID, L.COL_TEXT, L.COL_ANSWER, L.COL_REASON, L.COL_COMMENT):
        set_style(ws[f"{col}{row}"], fill=_PRACTICE_FILL)
    set_style(_put(ws, f"{L.COL_ID}{row}", practice.id), font=_BOLD)
    set_style(_put(ws, f"{L.COL_TEXT}{row}", practice.title), font=_BOLD)
    row = _statement(ws, row + 1, practice, w)
    for element in practice.elements:
        a = answers.elements.get(element.id) or Answer()
        _put(ws, f"{L.COL_ID}{row}", element.id)
        _put(ws, f"{L.COL_TEXT}{row}", element.question)
        level = w.na if a.na else (None if a.level is None else w.level(a.level))
        checks["level"].add(_put(ws, f"{L.COL_ANSWER}{row}", level, answer=True))
        _put(ws, f"{L.COL_REASON}{row}", a.reason, answer=True)
        _put(ws, f"{L.COL_COMMENT}{row}", a.comment, answer=True)
        ws[f"{L.COL_KEY}{row}"] = element.id
        row += 1
    kinds = ", ".join(catalogue.assistance.values())
    wish = answers.assistance
    values: dict[str, object] = {
        "target": _level_text(answers.target, w),
        "not_applicable": answers.not_applicable,
        "evidence": answers.evidence,
        "notes": answers.notes,
        "assistance.wanted": w.yes if wish.wanted else None,
        "assistance.kinds": ", ".join(catalogue.assistance.get(k, k) for k in wish.kinds),
        "assistance.note": wish.note,
        "assistance.time_frame": wish.time_frame,
    }
    for key, label in L.PRACTICE_FIELDS:
        if label is None:
            text = w.gettext("Kinds of assistance, separated by commas: %(kinds)s") % {
                "kinds": kinds
            }
        else:
            text = w.gettext(label)
        _put(ws, f"{L.COL_ID}{row}", practice.id)
        _put(ws, f"{L.COL_TEXT}{row}", text)
        cell = _put(ws, f"{L.COL_ANSWER}{row}", values[key], answer=True)
        if key == "target":
            checks["target"].add(cell)
        elif key == "assistance.wanted":
            checks["yes_no"].add(cell)
        else:
            merge(ws, f"{L.COL_ANSWER}{row}:{L.COL_COMMENT}{row}")
        ws[f"{L.COL_KEY}{row}"] = L.field_key(practice.id, key)
        row += 1
    return row + 1


def _meta(ws: Worksheet, catalogue: Catalogue, language: str) -> None:
    for row in (
        ("format", L.FORMAT),
        ("catalogue_version", catalogue.version),
        ("fingerprint", catalogue.fingerprint),
        ("made_by", f"gapcheck {__version__}"),
        # the language it was written in: the reader also accepts the names of the kinds of
        # assistance in that language
        ("language", language),
    ):
        ws.append(row)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
