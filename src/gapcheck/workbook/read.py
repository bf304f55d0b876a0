"""Read a filled questionnaire workbook back into a Questionnaire, or say which cell is wrong.

Levels go through the same `parse_level` and `Questionnaire` model as YAML, so a spreadsheet
and a YAML file accept and refuse the same answers; the workbook's own drop-down labels are
read first, in any of the six languages (workbook/words.py), so a workbook filled in any
language reads as the same questionnaire. Every problem names its cell, as
`FILE.xlsx:B Prison Context!C12: message`, and all of them are reported at once.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapcheck.errors import (
    GapcheckError,
    InputError,
    Message,
    Problem,
    closest,
    did_you_mean,
    message_of,
)
from gapcheck.filekind import refuse_as_workbook, sniff_path
from gapcheck.i18n.content import localise
from gapcheck.migration import migration_from, outdated_message
from gapcheck.models.questionnaire import NA, Questionnaire, parse_level
from gapcheck.models.translation import LANGUAGES
from gapcheck.models.values import parse_language, parse_target, parse_yes_no, split_languages
from gapcheck.plain_errors import explain
from gapcheck.questionnaire import version_hint
from gapcheck.workbook import layout as L
from gapcheck.workbook import load
from gapcheck.workbook.scan import NOT_XLSX, scan
from gapcheck.workbook.words import read_language, read_level, read_yes_no, vocabulary

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from gapcheck.catalogue import Catalogue

# Limits (docs/limits.md); those counted before openpyxl opens the file are in scan.py. A
# questionnaire has fewer than 200 rows a sheet, but reading a sheet row by row makes every
# row up to the last one used.
MAX_ROWS = 5_000
MAX_TEXT = 100_000  # as yamlio.MAX_STRING
_NEW = "gapcheck questionnaire new --format xlsx -o NEW.xlsx"

Loc = tuple[str, ...]


def read_workbook(path: str | Path, catalogue: Catalogue) -> Questionnaire:
    """Read a workbook made by `write_workbook` and filled in by hand."""
    name = str(path)
    try:
        return _read(Path(path), name, catalogue)
    except MemoryError:
        # not "damaged": the limits keep a hostile file far below this, so the computer is
        # short of memory, and the file may well be fine
        raise GapcheckError(
            f"{name}: the computer ran out of memory while reading this workbook; close other "
            "programs and try again"
        ) from None


def _read(path: Path, name: str, catalogue: Catalogue) -> Questionnaire:
    wb, unknown = _open(path, name)
    _check_sheets(wb, name)
    version, same_questions = _check_made_for(wb, name, catalogue)
    language = _gapcheck_meta(wb, name).get("language", "")
    reader = _Reader(name, catalogue, unknown, version, same_questions, language)
    data: dict[str, Any] = {"catalogue_version": version}
    data.update(reader.cover(wb))
    data["practices"] = reader.sections(wb)
    q = reader.validate(data)
    if q is None or reader.problems:
        raise InputError(reader.problems)
    return q


def _open(path: Path, name: str) -> tuple[Workbook, dict[str, dict[str, str]]]:
    """The workbook, and the cells whose value cannot be known, by sheet title and coordinate."""
    if path.is_dir():
        raise InputError.at(name, "this is a folder, not a file; give the path of a .xlsx file")
    if not path.exists():
        raise InputError.at(name, Message("file not found; check the path"))
    if not path.is_file():
        raise InputError.at(name, "this is not a regular file; give the path of a .xlsx file")
    refuse_as_workbook(sniff_path(path), name)
    try:
        contents = scan(path, name)
        with warnings.catch_warnings():
            # openpyxl warns about Excel extensions it drops (e.g. data validation styles);
            # they do not matter for reading values.
            warnings.simplefilter("ignore")
            wb, parts = load.read(path)
    except (InputError, MemoryError):  # said as themselves, not as a damaged file
        raise
    except Exception:  # openpyxl raises many unrelated types for a damaged file
        raise InputError.at(name, NOT_XLSX) from None
    unknown = {title: contents.unknown.get(part, {}) for title, part in parts.items()}
    return wb, unknown


def _check_sheets(wb: Workbook, name: str) -> None:
    """Refuse rows far below the questionnaire, and text no person typed in a cell."""
    problems: list[Problem] = []
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS:
            problems.append(
                Problem(
                    f"{name}:{ws.title}",
                    None,
                    None,
                    f"something is written in row {ws.max_row:,}, far below the questionnaire "
                    f"(it has fewer than {MAX_ROWS:,} rows); clear the cells below your answers",
                )
            )
            continue
        # only the cells that exist: iter_rows would create every empty one up to max_row
        for cell in ws._cells.values():
            if isinstance(cell.value, str) and len(cell.value) > MAX_TEXT:
                problems.append(
                    Problem(
                        f"{name}:{ws.title}!{cell.coordinate}",
                        None,
                        None,
                        f"text longer than {MAX_TEXT:,} characters; shorten it",
                    )
                )
    if problems:
        raise InputError(problems)


def _worksheet(wb: Workbook, title: str, name: str) -> Worksheet | None:
    """The sheet of cells called `title`, None if there is none; a chart in its place is refused."""
    from openpyxl.worksheet.worksheet import Worksheet

    if title not in wb.sheetnames:
        return None
    ws = wb[title]
    if not isinstance(ws, Worksheet):
        raise InputError.at(
            f"{name}:{title}",
            "this sheet is a chart, not a sheet of cells; the questionnaire's sheets must keep "
            f"their cells (make a new workbook with {_NEW} and copy your answers across)",
        )
    return ws


def _check_made_for(wb: Workbook, name: str, catalogue: Catalogue) -> tuple[str, bool]:
    """The catalogue version the workbook was made for, and whether it asks the same
    questions as the catalogue in use. A workbook not made by gapcheck is refused, and so is
    one of a version the knowledge base carries a migration from: it is told to upgrade."""
    meta = _gapcheck_meta(wb, name)
    version, fingerprint = meta.get("catalogue_version", ""), meta.get("fingerprint", "")
    migration = migration_from(catalogue, version) if version != catalogue.version else None
    if migration is not None:
        raise InputError.at(name, outdated_message(name, migration))
    # One rule with YAML questionnaires (gapcheck.questionnaire.version_notice): a workbook
    # made for another catalogue is read by element id, and the report says so.
    return version, fingerprint == catalogue.fingerprint


def _gapcheck_meta(wb: Workbook, name: str) -> dict[str, str]:
    """What gapcheck recorded in its hidden sheet, or a refusal of a workbook it did not make."""
    meta_sheet = _worksheet(wb, L.META, name)
    if meta_sheet is None:
        raise InputError.at(
            name,
            "this workbook was not made by gapcheck (its hidden 'gapcheck' sheet is missing), "
            f"so its answers cannot be matched to questions; make one with {_NEW}",
        )
    meta = {
        str(k): "" if v is None else str(v)
        for k, v, *_ in meta_sheet.iter_rows(max_col=2, values_only=True)
        if k is not None
    }
    if meta.get("format") != L.FORMAT:
        raise InputError.at(
            name,
            f"this workbook has an unknown layout ({meta.get('format') or 'none'}); "
            f"it was not made by this version of gapcheck; make a new one with {_NEW}",
        )
    return meta


def made_for(path: str | Path) -> str:
    """The catalogue version a workbook made by gapcheck was made for."""
    name = str(path)
    wb, _ = _open(Path(path), name)
    _check_sheets(wb, name)
    return _gapcheck_meta(wb, name).get("catalogue_version", "")


def _text(value: object) -> str:
    """What a person typed in a text cell, as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


# Cells are read with the models' own vocabulary (models/values.py), so that a workbook and a
# YAML file accept and refuse the same values; only what is the workbook's own (a drop-down
# label such as "3 - in place", an empty cell for "no help wanted") is handled here.


def _yes_no(value: object) -> bool:
    text = _text(value)
    return False if not text else bool(parse_yes_no(read_yes_no(text)))


def _target(value: object) -> float | None:
    level = read_level(value)
    return parse_target(value if level == NA else level)


def _languages(value: object) -> list[str] | None:
    return [parse_language(c) for c in split_languages(_text(value))] or None


class _Reader:
    def __init__(
        self,
        name: str,
        catalogue: Catalogue,
        unknown: dict[str, dict[str, str]],
        version: str,
        same_questions: bool,
        language: str = "",
    ) -> None:
        self.name = name
        self.unknown = unknown  # sheet title -> coordinate -> why its value cannot be known
        self.catalogue = catalogue
        # a workbook made for other questions lacks the rows of elements added since
        self.rows_may_be_missing = not same_questions
        self.version_hint = version_hint(version, catalogue)
        self.problems: list[Problem] = []
        self.cells: dict[Loc, str] = {}  # where each value came from, for model errors
        self.kinds = {_fold(k): k for k in catalogue.assistance} | {
            _fold(v): k for k, v in catalogue.assistance.items()
        }
        # the names the workbook showed, when it was written in another language
        self.kinds |= {_fold(v): k for k, v in _assistance_in(catalogue, language).items()}

    def where(self, ws: Worksheet, coord: str) -> str:
        return f"{self.name}:{ws.title}!{coord}"

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, None, None, message))

    def value(self, ws: Worksheet, cell: Cell | MergedCell) -> object:
        """The cell's value; ValueError if the file does not hold it (a formula, an error)."""
        why = self.unknown.get(ws.title, {}).get(cell.coordinate)
        if why is not None:
            raise ValueError(why)
        return cell.value

    def cover(self, wb: Workbook) -> dict[str, Any]:
        covers = vocabulary().covers
        title = next((t for t in wb.sheetnames if t in covers), L.COVER)
        ws = _worksheet(wb, title, self.name)
        if ws is None:
            self.fail(self.name, f"the '{L.COVER}' sheet is missing; make a new one with {_NEW}")
            return {}
        found: dict[str, Cell | MergedCell] = {}
        key_col = _col(L.COVER_KEY)
        for row in ws.iter_rows(max_col=key_col):
            key = row[key_col - 1].value
            if isinstance(key, str) and key:
                found.setdefault(key, row[_col(L.COVER_VALUE) - 1])
        out: dict[str, Any] = {}
        for key, label in L.COVER_FIELDS:
            cell = found.get(key)
            if cell is None and key in L.COVER_ADDED:
                continue  # a workbook made before the row was added: the default stands
            if cell is None:
                self.fail(
                    f"{self.name}:{ws.title}",
                    Message(
                        "the row '%(label)s' is missing; make a new workbook with %(command)s",
                        label=label,
                        command=_NEW,
                    ),
                )
                continue
            where = self.where(ws, cell.coordinate)
            self.cells[(key,)] = where
            try:
                value = self._cover_value(key, self.value(ws, cell))
            except ValueError as e:
                self.fail(where, message_of(e))
                continue
            if value is not None:
                out[key] = value
        return out

    def _cover_value(self, key: str, value: object) -> Any:
        if key == "state":
            if not _text(value):
                raise ValueError(Message("the State's name is missing; write it in this cell"))
            return _text(value)
        if key == "date":
            if isinstance(value, (dt.date, str)) or value is None:
                return value
            raise ValueError(Message("write the date as YYYY-MM-DD, e.g. 2026-11-30"))
        if key == "confidential":
            if not _text(value):
                # never assumed off: an empty cell may be a question skipped, not a "no"
                raise ValueError(
                    Message(
                        "say whether your requests for assistance are confidential: choose "
                        "yes or no in this cell"
                    )
                )
            return _yes_no(value)
        if key == "languages":
            return _languages(value)
        if key == "language":
            return read_language(_text(value))
        if key == "default_target":
            return _target(value)
        return _text(value)

    def sections(self, wb: Workbook) -> dict[str, Any]:
        practices: dict[str, Any] = {
            p.id: {"elements": {}, "assistance": {}} for p in self.catalogue
        }
        seen: dict[str, str] = {}
        present: set[str] = set()
        for section_id, title in self.catalogue.sections.items():
            sheet = _section_sheet(wb, section_id, title)
            ws = _worksheet(wb, sheet, self.name)
            if ws is None:
                self.fail(
                    self.name,
                    Message(
                        "the sheet '%(sheet)s' is missing; sheets must keep their names (make "
                        "a new workbook with %(command)s if needed)",
                        sheet=sheet,
                        command=_NEW,
                    ),
                )
                continue
            present.add(section_id)
            self._sheet(ws, practices, seen)
        for p in self.catalogue:
            if p.section not in present:
                continue
            sheet = _section_sheet(wb, p.section, self.catalogue.sections[p.section])
            expected = [*p.element_ids, *(L.field_key(p.id, f) for f, _ in L.PRACTICE_FIELDS)]
            for key in expected:
                if key not in seen and not self.rows_may_be_missing:
                    self.fail(
                        f"{self.name}:{sheet}",
                        Message(
                            "the row for %(key)s is missing; put it back, or make a new "
                            "workbook with %(command)s",
                            key=key,
                            command=_NEW,
                        ),
                    )
        return practices

    def _sheet(self, ws: Worksheet, practices: dict[str, Any], seen: dict[str, str]) -> None:
        key_col = _col(L.COL_KEY)
        for row in ws.iter_rows(min_row=L.HEADER_ROW + 1, max_col=key_col):
            key_cell = row[key_col - 1]
            key = key_cell.value
            if key is None or key == "":
                continue
            key = str(key).strip()
            where = self.where(ws, key_cell.coordinate)
            if key in seen:
                self.fail(
                    where,
                    Message(
                        "the row for %(key)s appears twice (also at %(other)s)",
                        key=key,
                        other=seen[key],
                    ),
                )
                continue
            seen[key] = f"{ws.title}!{key_cell.coordinate}"
            answer, reason, comment = (row[_col(c) - 1] for c in L.ANSWER_COLUMNS)
            if key in self.catalogue.elements:
                pid = self.catalogue.elements[key][0].id
                self._element(ws, practices[pid]["elements"], key, answer, reason, comment)
                continue
            pid, _, field = key.partition(" ")
            if pid in self.catalogue.by_id and field in L.FIELD_NAMES:
                self._field(ws, practices[pid], pid, field, answer)
                continue
            self.fail(where, _unknown_key(key, self.catalogue) + self.version_hint)

    def _element(
        self,
        ws: Worksheet,
        out: dict[str, Any],
        eid: str,
        answer: Cell | MergedCell,
        reason: Cell | MergedCell,
        comment: Cell | MergedCell,
    ) -> None:
        where = self.where(ws, answer.coordinate)
        pid = eid.split(".", maxsplit=1)[0]
        self.cells[("practices", pid, "elements", eid)] = where
        try:
            level = parse_level(read_level(self.value(ws, answer)))
        except ValueError as e:
            self.fail(where, message_of(e))
            return
        texts = []
        for cell in (reason, comment):
            try:
                texts.append(_text(self.value(ws, cell)))
            except ValueError as e:
                self.fail(self.where(ws, cell.coordinate), message_of(e))
                return
        why, note = texts
        if level == NA and not why:
            self.fail(
                self.where(ws, reason.coordinate),
                Message(
                    "%(id)s is n/a, so it needs a reason: say in this cell why it does not "
                    "apply to your State",
                    id=eid,
                ),
            )
            return
        out[eid] = {"level": level, "reason": why, "comment": note}

    def _field(
        self, ws: Worksheet, out: dict[str, Any], pid: str, field: str, cell: Cell | MergedCell
    ) -> None:
        where = self.where(ws, cell.coordinate)
        loc: Loc = ("practices", pid, *field.split("."))
        self.cells[loc] = where
        try:
            raw = self.value(ws, cell)
            if field == "target":
                value: Any = _target(raw)
            elif field == "assistance.wanted":
                value = _yes_no(raw)
            elif field == "assistance.kinds":
                value = self._kinds(raw)
            else:
                value = _text(raw)
        except ValueError as e:
            self.fail(where, message_of(e))
            return
        if field.startswith("assistance."):
            out["assistance"][field.removeprefix("assistance.")] = value
        elif value is not None:
            out[field] = value

    def _kinds(self, value: object) -> list[str]:
        out = []
        # the commas of Arabic and Chinese too: a list typed in the workbook's language
        for item in re.split(r"[,;\n،，、；]+", _text(value)):
            if not item.strip():
                continue
            kind = self.kinds.get(_fold(item))
            if kind is None:
                names = list(self.catalogue.assistance.values())
                hint = did_you_mean(item.strip(), names)
                raise ValueError(
                    Message(
                        "unknown kind of assistance '%(kind)s'; %(suggestion)suse any of: "
                        "%(kinds)s",
                        kind=item.strip()[:40],
                        suggestion=hint,
                        kinds=", ".join(names),
                    )
                )
            out.append(kind)
        return out

    def validate(self, data: dict[str, Any]) -> Questionnaire | None:
        """The same model as YAML; what it refuses is reported at its cell, once per cell.

        Runs even after other problems (the values already refused are left out of `data`),
        so that one pass lists everything to correct.
        """
        from pydantic import ValidationError

        try:
            return Questionnaire.model_validate(data)
        except ValidationError as e:
            reported = {p.path for p in self.problems}
            for err in e.errors(include_url=False):
                loc = tuple(str(p) for p in err["loc"])
                where = next(
                    (self.cells[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in self.cells),
                    self.name,
                )
                if where not in reported:
                    reported.add(where)
                    self.fail(where, explain(err))
            return None


def _section_sheet(wb: Workbook, section_id: str, title: str) -> str:
    """The name of a section's sheet: its English name, else the sheet named in another
    language that starts with the section's id; the English name when there is none."""
    english = L.section_sheet(section_id, title)
    if english in wb.sheetnames:
        return english
    return next((s for s in wb.sheetnames if L.sheet_section(s) == section_id), english)


def _assistance_in(catalogue: Catalogue, language: str) -> dict[str, str]:
    """The kinds of assistance by id, named in `language` (one of the five of the
    translations; nothing for English and the pseudo-languages)."""
    if language not in LANGUAGES:
        return {}
    return localise(catalogue, language).assistance


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _col(letter: str) -> int:
    return ord(letter) - ord("A") + 1


def _unknown_key(key: str, catalogue: Catalogue) -> str:
    close = closest(key, catalogue.elements, cutoff=0.8)
    hint = f" (did you mean {close}?)" if close is not None else ""
    return (
        f"unknown element id '{key[:40]}'{hint}: this row does not belong to the catalogue "
        f"in use; delete it or make a new workbook with {_NEW}"
    )
