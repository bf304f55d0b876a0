"""Word documents: the report, the statement of applicability and the cover letter (.docx)."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner

from gapcheck.cli import cli
from gapcheck.render import png

EXAMPLES = Path(__file__).parent.parent / "questionnaires" / "examples"
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ESTORIA = EXAMPLES / "estoria-2026.yaml"


def run(runner: CliRunner, *args: str | Path) -> str:
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def headings(document: docx.document.Document) -> list[str]:
    return [
        p.text
        for p in document.paragraphs
        if p.style is not None and (p.style.name or "").startswith(("Heading", "Title"))
    ]


def table_with(document: docx.document.Document, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table starting with {first_header!r}")


def test_report_docx_has_headings_tables_heatmap_and_a4(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    run(runner, "report", ARCADIA, "-o", out)
    data = json.loads(run(runner, "report", ARCADIA, "--format", "json"))
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        names = set(z.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "docProps/core.xml"} <= names
        (picture,) = [n for n in names if n.startswith("word/media/")]
        image = z.read(picture)
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    document = docx.Document(str(out))
    found = headings(document)
    assert found[0] == "Self-assessment: Republic of Arcadia"
    order = [found.index(h) for h in ("What to do first", "Summary", "Priorities")]
    assert order == sorted(order)
    assert (
        "Statement of applicability" in found and "GP01 Goals, objectives and indicators" in found
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert data["first_steps"]["actions"][0]["reason"] in text
    levels = table_with(document, "Practice")
    assert levels[0][:3] == ["Practice", "Section", "Level"]
    gp01 = next(r for r in levels if r[0].startswith("GP01 "))
    assert gp01[2] == f"{data['practices'][0]['level']:.2f}"
    assert len(levels) == 1 + len(data["practices"])
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.title == "Self-assessment: Republic of Arcadia"


def test_a_word_document_is_replaced_only_with_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    run(runner, "report", ARCADIA, "-o", out)
    before = out.read_bytes()
    again = runner.invoke(cli, ["report", str(ARCADIA), "-o", str(out)])
    assert again.exit_code == 2
    assert "a Word document (perhaps edited or signed since)" in again.output
    assert out.read_bytes() == before
    run(runner, "report", ARCADIA, "-o", out, "--force")


def test_pdf_is_refused_with_the_print_route(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", str(ARCADIA), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2
    assert "print it to PDF" in result.output
    assert not (tmp_path / "r.pdf").exists()


def heatmap_pixel(image: bytes, x: int, y: int) -> tuple[int, int, int]:
    width, height = struct.unpack(">II", image[16:24])
    pos, idat = 8, b""
    while pos < len(image):
        (length,) = struct.unpack(">I", image[pos : pos + 4])
        if image[pos + 4 : pos + 8] == b"IDAT":
            idat += image[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + 3 * width
    assert len(raw) == stride * height
    row = raw[y * stride : (y + 1) * stride]
    assert row[0] == 0  # no filter: the bytes are the pixels
    r, g, b = row[1 + 3 * x : 4 + 3 * x]
    return (r, g, b)


def test_the_heatmap_picture_colours_each_practice_by_its_level() -> None:
    sections = [{"id": "A"}, {"id": "B"}]
    practices: list[dict[str, Any]] = [
        {"id": "GP01", "section": "A", "status": "assessed", "level": 0.5},
        {"id": "GP02", "section": "B", "status": "n/a", "level": None},
        {"id": "GP03", "section": "B", "status": "assessed", "level": 3.2},
    ]
    image = png.heatmap_png(practices, sections)
    x0 = png.MARGIN + png.HEAD_W
    inside = png.CELL_H - 4  # near the bottom of a cell, below its text
    row_b = png.MARGIN + png.CELL_H + png.GAP
    assert heatmap_pixel(image, x0 + 3, png.MARGIN + inside) == (0xD7, 0x19, 0x1C)  # band 0
    assert heatmap_pixel(image, x0 + 3, row_b + inside) == (0xD9, 0xD9, 0xD9)  # n/a
    x1 = x0 + png.CELL_W + png.GAP
    assert heatmap_pixel(image, x1 + 3, row_b + inside) == (0xAB, 0xD9, 0xE9)  # band 3


def test_applicability_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    source = yaml.safe_load(ESTORIA.read_text(encoding="utf-8"))
    reason = source["practices"]["GP13"]["not_applicable"]
    # free text with characters Markdown would read as markup comes out as written
    source["practices"]["GP02"]["evidence"] = "Code <2012> | annex [B]"
    q = tmp_path / "estoria.yaml"
    q.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    md = run(runner, "report", q, "--section", "applicability")
    assert md.startswith("# Statement of applicability: Federation of Estoria")
    assert md.count("\n| GP") == 25
    data = json.loads(run(runner, "report", q, "--section", "applicability", "-f", "json"))
    assert data["kind"] == "gapcheck-applicability"
    gp13 = next(r for r in data["applicability"] if r["id"] == "GP13")
    assert (gp13["applies"], gp13["not_applicable"]) == (
        "no",
        [{"element": None, "reason": reason}],
    )
    html = run(runner, "report", q, "--section", "applicability", "-f", "html")
    assert "<h1>Statement of applicability: Federation of Estoria</h1>" in html
    assert "Code &lt;2012&gt; | annex [B]" in html
    out = tmp_path / "applicability.docx"
    run(runner, "report", q, "--section", "applicability", "-o", out)
    rows = table_with(docx.Document(str(out)), "Practice")
    assert rows[0] == ["Practice", "Applies", "Target", "Not applicable, and why", "Evidence named"]
    by_id = {r[0].split()[0]: r for r in rows[1:]}
    assert len(by_id) == 25
    assert by_id["GP13"][1:4] == ["no", "2", f"whole practice: {reason}"]
    assert by_id["GP02"][4] == "Code <2012> | annex [B]"


def test_the_cover_letter_as_a_word_document(runner: CliRunner, tmp_path: Path) -> None:
    letter_md = tmp_path / "letter.md"
    letter_docx = tmp_path / "letter.docx"
    common: list[str | Path] = ["request", "new", ARCADIA, "--date", "2026-04-01"]
    run(runner, *common, "-o", tmp_path / "a.yaml", "--letter", letter_md)
    run(runner, *common, "-o", tmp_path / "b.yaml", "--letter", letter_docx)
    markdown = letter_md.read_text(encoding="utf-8")
    assert markdown.startswith("# Request for assistance: Republic of Arcadia")
    document = docx.Document(str(letter_docx))
    assert headings(document)[:3] == [
        "Request for assistance: Republic of Arcadia",
        "Summary",
        "Details",
    ]
    rows = table_with(document, "Reference")
    requests = yaml.safe_load((tmp_path / "b.yaml").read_text(encoding="utf-8"))["requests"]
    assert [r[0] for r in rows[1:]] == [r["id"] for r in requests]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Dear colleagues," in text and "Yours sincerely," in text
    # the address block keeps its line breaks; no Markdown marks are left in the words
    assert "To: GCTF Administrative Unit\nFrom: " in text
    assert "**" not in text and "\\" not in text
    width = document.sections[0].page_width
    assert width is not None and round(width.mm) == 210


@pytest.mark.parametrize("name", ["report.DOCX", "report.docx"])
def test_the_extension_chooses_docx(runner: CliRunner, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    run(runner, "report", ARCADIA, "-o", out)
    assert zipfile.is_zipfile(out)
