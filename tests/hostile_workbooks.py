"""Hand-built hostile workbooks: a real gapcheck workbook with some XML parts rewritten.

Each builder takes the bytes of a blank workbook made by gapcheck and returns the bytes of a
hostile one, written part by part with zipfile, so that the attack is spelled exactly as a
made-up file would spell it (quotes, entities, prefixes, part names, encodings) rather than
as openpyxl would write it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
COVER = "xl/worksheets/sheet1.xml"
SECTION = "xl/worksheets/sheet3.xml"  # B Prison Context
STYLES = "xl/styles.xml"
WHOLE_SHEET = "A1:XFD1048576"

STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED

Change = Callable[[bytes], bytes]


def rebuild(
    base: bytes,
    change: dict[str, Change | None] | None = None,
    compression: int = DEFLATED,
    add: dict[str, bytes] | None = None,
) -> bytes:
    """`base` with some parts changed (None: removed) and some added.

    Builders whose attack is a count (elements, cells) store their parts uncompressed, so
    that the count refuses them, not the compression ratio, which would refuse them first.
    """
    change = change or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            if info.filename in change and change[info.filename] is None:
                continue
            data = src.read(info)
            edit = change.get(info.filename)
            if edit is not None:
                edited = edit(data)
                assert edited != data, f"{info.filename} was not changed"
                data = edited
            dst.writestr(info.filename, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def _after_sheet_data(xml: bytes, extra: bytes) -> bytes:
    return xml.replace(b"</sheetData>", b"</sheetData>" + extra, 1)


def _merge(mark: bytes) -> Change:
    """One merged range, written as `mark`, before the workbook's own merged cells."""
    return lambda xml: re.sub(
        rb"<mergeCells count=\"(\d+)\">", rb'<mergeCells count="99">' + mark, xml, count=1
    )


# Every spelling of one range over a whole sheet (17 billion cells), in a merged area.
RANGE_SPELLINGS: dict[str, Change] = {
    "double quotes": _merge(f'<mergeCell ref="{WHOLE_SHEET}"/>'.encode()),
    "single quotes": _merge(f"<mergeCell ref='{WHOLE_SHEET}'/>".encode()),
    "spaces around =": _merge(f'<mergeCell  ref =\n "{WHOLE_SHEET}" />'.encode()),
    "entity references": _merge(b'<mergeCell ref="&#65;1&#x3a;XFD&#49;048576"/>'),
    "absolute references": _merge(b'<mergeCell ref="$A$1:$XFD$1048576"/>'),
    "lower case": _merge(b'<mergeCell ref="a1:xfd1048576"/>'),
    "whole columns": _merge(b'<mergeCell ref="A:XFD"/>'),
    "namespace prefix": _merge(f'<x:mergeCell xmlns:x="{MAIN}" ref="{WHOLE_SHEET}"/>'.encode()),
    "hyperlink": lambda xml: _after_sheet_data(
        xml, f'<hyperlinks><hyperlink ref="{WHOLE_SHEET}" display="x"/></hyperlinks>'.encode()
    ),
}


def range_in_utf16(base: bytes) -> bytes:
    """The merged range in a sheet saved as UTF-16, which no byte pattern would find."""

    def change(xml: bytes) -> bytes:
        xml = _merge(f'<mergeCell ref="{WHOLE_SHEET}"/>'.encode())(xml)
        text = '<?xml version="1.0" encoding="UTF-16"?>' + xml.decode().split("?>", 1)[-1]
        return text.encode("utf-16")

    return rebuild(base, {SECTION: change})


def range_in_another_part(base: bytes) -> bytes:
    """The merged range in a sheet stored under a name no worksheet usually has."""
    moved = "xl/elsewhere/data.bin.xml"

    def rels(xml: bytes) -> bytes:
        return xml.replace(b"/xl/worksheets/sheet3.xml", f"/{moved}".encode())

    def types(xml: bytes) -> bytes:
        return xml.replace(b"/xl/worksheets/sheet3.xml", f"/{moved}".encode())

    with zipfile.ZipFile(io.BytesIO(base)) as src:
        sheet = _merge(f'<mergeCell ref="{WHOLE_SHEET}"/>'.encode())(src.read(SECTION))
    return rebuild(
        base,
        {SECTION: None, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        add={moved: sheet},
    )


def many_rows(base: bytes, n: int = 250_000) -> bytes:
    """Row heights set on many empty rows: no cell, but an object each."""
    rows = b"".join(b'<row r="%d" ht="20" customHeight="1"/>' % (1000 + i) for i in range(n))
    return rebuild(
        base, {SECTION: lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>")}
    )


def huge_sheet_data(base: bytes, n: int = 150_000) -> bytes:
    """Many cells written without addresses in one row far below the questionnaire."""
    cells = b"<c/>" * n
    row = b'<row r="4000">' + cells + b"</row>"
    return rebuild(
        base, {SECTION: lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>")}, STORED
    )


def many_styles(base: bytes, n: int = 250_000) -> bytes:
    """A style sheet with `n` more cell formats, after the workbook's own (which stay valid)."""
    xfs = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>' * n
    return rebuild(
        base, {STYLES: lambda xml: xml.replace(b"</cellXfs>", xfs + b"</cellXfs>")}, STORED
    )


def many_ranges(base: bytes, n: int = 250_000) -> bytes:
    """A conditional format over a list of a quarter of a million single cells."""
    sqref = " ".join(f"A{i + 1}" for i in range(n)).encode()
    cf = (
        b'<conditionalFormatting sqref="' + sqref + b'"><cfRule type="expression" priority="1">'
        b"<formula>TRUE</formula></cfRule></conditionalFormatting>"
    )
    return rebuild(base, {SECTION: lambda xml: _after_sheet_data(xml, cf)}, STORED)


def many_elements(base: bytes, n: int = 250_000) -> bytes:
    """Elements openpyxl does not use, a quarter of a million of them: still parsed."""
    junk = b"<extLst>" + b"<ext/>" * n + b"</extLst>"
    return rebuild(
        base, {SECTION: lambda xml: xml.replace(b"</worksheet>", junk + b"</worksheet>")}, STORED
    )


def _with_shared_strings(base: bytes, table: bytes, compression: int = DEFLATED) -> bytes:
    def types(xml: bytes) -> bytes:
        override = (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" />'
        )
        return xml.replace(b"</Types>", override + b"</Types>")

    return rebuild(
        base, {"[Content_Types].xml": types}, compression, add={"xl/sharedStrings.xml": table}
    )


def shared_string_count_bomb(base: bytes, n: int = 250_000) -> bytes:
    """A quarter of a million tiny shared strings."""
    items = b"<si><t>x</t></si>" * n
    table = b'<sst xmlns="' + MAIN.encode() + b'">' + items + b"</sst>"
    return _with_shared_strings(base, table, STORED)


def shared_string_size_bomb(base: bytes, size: int = 40 * 2**20) -> bytes:
    """One shared string of 40 MB of one letter: it packs a thousand times smaller."""
    table = b'<sst xmlns="' + MAIN.encode() + b'"><si><t>' + b"a" * size + b"</t></si></sst>"
    return _with_shared_strings(base, table)


def zip_bomb(base: bytes, size: int = 60 * 2**20) -> bytes:
    """A part of zeros far larger than a workbook unpacks to."""
    return rebuild(base, add={"xl/media/padding.bin": b"\0" * size})


def ratio_bomb(base: bytes, size: int = 5 * 2**20) -> bytes:
    """A part that unpacks to thousands of times its packed size, within the total."""
    return rebuild(base, add={"xl/media/padding.bin": b"\0" * size})


def many_members(base: bytes, n: int = 2_000) -> bytes:
    return rebuild(base, add={f"xl/media/p{i}.bin": b"x" for i in range(n)})


def entity_bomb(base: bytes) -> bytes:
    """The billion laughs: nine entities of ten references each, used once in the workbook part."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
    )
    doctype = f'<?xml version="1.0"?><!DOCTYPE workbook [{entities}]>'.encode()
    name = b'<definedNames><definedName name="x">&i;</definedName></definedNames><sheets>'

    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[-1] if xml.startswith(b"<?xml") else xml
        return doctype + body.replace(b"<sheets>", name, 1)

    return rebuild(base, {"xl/workbook.xml": change})


def deep_nesting(base: bytes, depth: int = 100_000) -> bytes:
    """Elements nested a hundred thousand deep in the style sheet."""
    nest = b"<x>" * depth + b"</x>" * depth
    return rebuild(
        base, {STYLES: lambda xml: xml.replace(b"</styleSheet>", nest + b"</styleSheet>")}
    )


def chart_sheet(base: bytes) -> bytes:
    """The Cover sheet replaced by a chart sheet, as a spreadsheet program may save it."""

    def rels(xml: bytes) -> bytes:
        return re.sub(
            rb'relationships/worksheet" Target="/xl/worksheets/sheet1.xml"',
            rb'relationships/chartsheet" Target="/xl/chartsheets/sheet1.xml"',
            xml,
        )

    def types(xml: bytes) -> bytes:
        return xml.replace(
            b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"',
            b'"/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.chartsheet+xml"',
        )

    chart = (
        f'<chartsheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr/><sheetViews>'
        '<sheetView workbookViewId="0"/></sheetViews></chartsheet>'
    ).encode()
    return rebuild(
        base,
        {COVER: None, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        add={
            "xl/chartsheets/sheet1.xml": chart,
            "xl/chartsheets/_rels/sheet1.xml.rels": f'<Relationships xmlns="{PKG_REL}"/>'.encode(),
        },
    )


def cover_cell(base: bytes, key: str) -> str:
    """The address of the Cover's answer cell for `key` (e.g. B9 for confidential)."""
    with zipfile.ZipFile(io.BytesIO(base)) as src:
        xml = src.read(COVER).decode()
    m = re.search(rf'<c r="C(\d+)" t="inlineStr"><is><t>{key}</t>', xml)
    assert m, key
    return f"B{m.group(1)}"


def cover_value(base: bytes, key: str, cell_xml: str) -> bytes:
    """The Cover's answer cell for `key` replaced by `cell_xml` ({ref} is its address)."""
    ref = cover_cell(base, key)

    def change(xml: bytes) -> bytes:
        pattern = rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode()
        return re.sub(pattern, cell_xml.format(ref=ref).encode(), xml, count=1, flags=re.S)

    return rebuild(base, {COVER: change})


def formula_without_value(base: bytes) -> bytes:
    """The confidentiality cell holds a formula, saved without its result."""
    return cover_value(base, "confidential", '<c r="{ref}" t="str"><f>IF(1=1,"yes","no")</f></c>')


def error_value(base: bytes) -> bytes:
    """The confidentiality cell shows #REF!."""
    return cover_value(base, "confidential", '<c r="{ref}" t="e"><v>#REF!</v></c>')


def empty_confidentiality(base: bytes) -> bytes:
    return cover_value(base, "confidential", '<c r="{ref}" s="5"/>')


def formula_with_value(base: bytes) -> bytes:
    """A formula saved with its result, as Excel and LibreOffice save one: the result is read."""
    return cover_value(
        base, "confidential", '<c r="{ref}" t="str"><f>IF(1=1,"yes","no")</f><v>yes</v></c>'
    )


def missing(part: str) -> Callable[[bytes], bytes]:
    return lambda base: rebuild(base, {part: None})


def huge_dimension(base: bytes) -> bytes:
    """A dimension claiming the whole sheet: openpyxl ignores it, so it costs nothing."""
    return rebuild(
        base,
        {
            SECTION: lambda xml: re.sub(
                rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml
            )
        },
    )
