"""What a file is by its content, whatever its name says: the one detector every reader asks,
both for the format (sniff: YAML text, a workbook, something else) and for the kind of gapcheck
file a YAML mapping holds (content_kind: a questionnaire, offers, requests, a practice).

People rename files and save in the wrong format: a LibreOffice `.ods`, an old Excel `.xls`
or a workbook renamed `.yaml` would otherwise reach the YAML reader, which sees zero bytes in
a zip or OLE header and blames an encoding. The first bytes (and, for a zip, the names inside
it) say what the file really is, so the message can say what to do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Literal

from gapcheck.errors import InputError, Message

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .xls, .doc of Office 97-2003
_OPEN_DOCUMENT = b"application/vnd.oasis.opendocument."


class Kind(Enum):
    """A kind of file, with the words a message uses for it."""

    EMPTY = "an empty file"
    TEXT = "a text file"
    OTHER = "a file of a kind gapcheck does not know"
    XLSX = "an Excel workbook (.xlsx)"
    ODS = "a LibreOffice or OpenOffice spreadsheet (.ods)"
    XLS = "an old Excel workbook (.xls) or another Office 97-2003 file"
    DOCUMENT = "a word-processor document (.docx or .odt)"
    PDF = "a PDF document"
    ZIP = "a zip archive"

    @property
    def spreadsheet(self) -> bool:
        return self in (Kind.XLSX, Kind.ODS, Kind.XLS)


def sniff(raw: bytes) -> Kind:
    """The kind of a file whose whole content (or at least its zip directory) is `raw`."""
    if not raw:
        return Kind.EMPTY
    if raw.startswith(_OLE):
        return Kind.XLS
    if raw.startswith(b"%PDF-"):
        return Kind.PDF
    if not raw.startswith(_ZIP):
        return _text_or_other(raw[:512])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return _zip_kind(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return Kind.ZIP  # a damaged or truncated archive is still not text


def _text_or_other(head: bytes) -> Kind:
    # UTF-16 text has zero bytes too: left to the text reader, which says how to save it
    if b"\x00" in head:
        return Kind.OTHER
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # a character cut at the end of the head is still text
        if e.start < len(head) - 3:
            return Kind.OTHER
    return Kind.TEXT


def sniff_path(path: Path) -> Kind:
    """The kind of the file at `path`, reading only its head and zip directory."""
    with path.open("rb") as fh:
        head = fh.read(512)
    if not head.startswith(_ZIP):
        return sniff(head)
    try:
        with zipfile.ZipFile(path) as archive:
            return _zip_kind(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return Kind.ZIP


def _zip_kind(archive: zipfile.ZipFile) -> Kind:
    names = set(archive.namelist())
    if "mimetype" in names:
        # OpenDocument keeps its type in a first, uncompressed entry named `mimetype`
        mimetype = archive.read("mimetype")[:100]
        if mimetype.startswith(_OPEN_DOCUMENT + b"spreadsheet"):
            return Kind.ODS
        if mimetype.startswith(_OPEN_DOCUMENT):
            return Kind.DOCUMENT
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return Kind.XLSX
    if any(n.startswith("word/") for n in names):
        return Kind.DOCUMENT
    return Kind.ZIP


ContentKind = Literal["offers", "requests", "practice", "questionnaire"]


def content_kind(data: Mapping[str, object]) -> ContentKind | None:
    """The kind of gapcheck file a YAML mapping is, by the keys it holds."""
    if "offers" in data:
        return "offers"
    if "requests" in data:
        return "requests"
    if "statement" in data and "elements" in data:
        return "practice"
    # a questionnaire that lacks one of the two still gets the checks `report` gives it,
    # so that validate says what is missing rather than "not a gapcheck file"
    if "state" in data or "practices" in data:
        return "questionnaire"
    return None


def refuse_as_yaml(kind: Kind, name: str) -> None:
    """Refuse a file that is not text where a YAML file is expected, saying what it is."""
    if kind in (Kind.EMPTY, Kind.TEXT, Kind.OTHER):
        return  # the text reader explains an encoding it cannot read
    if kind is Kind.XLSX:
        raise InputError.at(
            name,
            Message(
                "this is %(kind)s, not a YAML file; if it is a questionnaire, give it a name "
                "ending in .xlsx and gapcheck reads it as a workbook",
                kind=_WORDS[kind],
            ),
        )
    if kind.spreadsheet:
        raise InputError.at(
            name,
            Message(
                "this is a spreadsheet, %(kind)s; %(hint)s", kind=_WORDS[kind], hint=_SAVE_AS_XLSX
            ),
        )
    raise InputError.at(
        name, Message("this is %(kind)s, not a YAML file; give a YAML file", kind=_WORDS[kind])
    )


def refuse_as_workbook(kind: Kind, name: str) -> None:
    """Refuse a file that is not an .xlsx workbook where one is expected."""
    if kind in (Kind.XLSX, Kind.EMPTY, Kind.OTHER, Kind.ZIP):
        return  # the workbook reader says a damaged file is damaged
    if kind.spreadsheet:
        raise InputError.at(
            name,
            Message(
                "this is a spreadsheet, %(kind)s; %(hint)s", kind=_WORDS[kind], hint=_SAVE_AS_XLSX
            ),
        )
    if kind is Kind.TEXT:
        raise InputError.at(
            name,
            Message(
                "this is a text file, not an Excel workbook (.xlsx); if it is a YAML "
                "questionnaire, give it a name ending in .yaml"
            ),
        )
    raise InputError.at(
        name, Message("this is %(kind)s, not an Excel workbook (.xlsx)", kind=_WORDS[kind])
    )


_SAVE_AS_XLSX = Message(
    "gapcheck reads questionnaire workbooks in the .xlsx format only (other files are YAML): "
    "open it in your spreadsheet program and save it as 'Excel Workbook (.xlsx)'"
)
# Kind's words, said in the reader's language (the same English as the values)
_WORDS: dict[Kind, str] = {
    Kind.EMPTY: Message("an empty file"),
    Kind.TEXT: Message("a text file"),
    Kind.OTHER: Message("a file of a kind gapcheck does not know"),
    Kind.XLSX: Message("an Excel workbook (.xlsx)"),
    Kind.ODS: Message("a LibreOffice or OpenOffice spreadsheet (.ods)"),
    Kind.XLS: Message("an old Excel workbook (.xls) or another Office 97-2003 file"),
    Kind.DOCUMENT: Message("a word-processor document (.docx or .odt)"),
    Kind.PDF: Message("a PDF document"),
    Kind.ZIP: Message("a zip archive"),
}
