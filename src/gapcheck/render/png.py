"""The heatmap as a PNG picture, drawn in pure Python (zlib only), for Word documents.

A Word document cannot hold the report's SVG for every reader (older Word and LibreOffice
draw only bitmaps reliably), and a rasteriser would be a system dependency. The picture is a
grid of coloured cells with the practice id and level written in a small built-in bitmap
font; the document also carries the same figures as a table, its text equivalent.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from gapcheck.render.charts import HEAT_COLS, INK, NA_FILL, level_fill, level_ink

# 5 x 7 glyphs, one string of five bits per row; only the characters the heatmap writes.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    "/": ("00001", "00010", "00010", "00100", "01000", "01000", "10000"),
    "-": ("00000", "00000", "00000", "11111", "00000", "00000", "00000"),
    " ": ("00000",) * 7,
    "A": ("01110", "10001", "10001", "11111", "10001", "10001", "10001"),
    "B": ("11110", "10001", "10001", "11110", "10001", "10001", "11110"),
    "C": ("01110", "10001", "10000", "10000", "10000", "10001", "01110"),
    "D": ("11100", "10010", "10001", "10001", "10001", "10010", "11100"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "G": ("01110", "10001", "10000", "10111", "10001", "10001", "01111"),
    "P": ("11110", "10001", "10001", "11110", "10000", "10000", "10000"),
    "a": ("00000", "00000", "01110", "00001", "01111", "10001", "01111"),
    "n": ("00000", "00000", "10110", "11001", "10001", "10001", "10001"),
}

Colour = tuple[int, int, int]
CELL_W, CELL_H, GAP, HEAD_W, MARGIN, SCALE = 118, 62, 6, 34, 8, 2


def _rgb(hex_colour: str) -> Colour:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))


class Canvas:
    """An RGB picture in memory, with just enough drawing for a heatmap."""

    def __init__(self, width: int, height: int, background: Colour = (255, 255, 255)) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(background) * width) for _ in range(height)]

    def rect(self, x: int, y: int, w: int, h: int, colour: Colour) -> None:
        x0, x1 = max(0, x), min(self.width, x + w)
        run = bytes(colour) * (x1 - x0)
        for row in self.rows[max(0, y) : min(self.height, y + h)]:
            row[3 * x0 : 3 * x1] = run

    def frame(self, x: int, y: int, w: int, h: int, colour: Colour) -> None:
        self.rect(x, y, w, 1, colour)
        self.rect(x, y + h - 1, w, 1, colour)
        self.rect(x, y, 1, h, colour)
        self.rect(x + w - 1, y, 1, h, colour)

    def text(self, x: int, y: int, text: str, colour: Colour, scale: int = SCALE) -> None:
        for ch in text:
            glyph = _FONT.get(ch, _FONT[" "])
            for gy, bits in enumerate(glyph):
                for gx, bit in enumerate(bits):
                    if bit == "1":
                        self.rect(x + gx * scale, y + gy * scale, scale, scale, colour)
            x += 6 * scale

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def cell_value(p: Mapping[str, Any]) -> str:
    if p["status"] == "n/a":
        return "n/a"
    return "-" if p["level"] is None else f"{p['level']:.2f}"


def heatmap_png(
    practices: Sequence[Mapping[str, Any]], sections: Sequence[Mapping[str, Any]]
) -> bytes:
    """The practices grouped by section, one coloured cell each with its id and level."""
    layout: list[tuple[str, list[Mapping[str, Any]]]] = []
    for s in sections:
        members = [p for p in practices if p["section"] == s["id"]]
        for start in range(0, len(members), HEAT_COLS):
            layout.append((s["id"] if start == 0 else "", members[start : start + HEAT_COLS]))
    width = 2 * MARGIN + HEAD_W + HEAT_COLS * (CELL_W + GAP)
    height = 2 * MARGIN + len(layout) * (CELL_H + GAP)
    canvas = Canvas(width, height)
    ink, edge = _rgb(INK), _rgb("#4d4d4d")
    for row, (head, members) in enumerate(layout):
        y = MARGIN + row * (CELL_H + GAP)
        if head:
            canvas.text(MARGIN, y + 8, head, ink, scale=3)
        for col, p in enumerate(members):
            x = MARGIN + HEAD_W + col * (CELL_W + GAP)
            fill = NA_FILL if p["status"] == "n/a" else level_fill(p["level"], p["status"])
            text = _rgb(level_ink(p["level"]))
            canvas.rect(x, y, CELL_W, CELL_H, _rgb(fill))
            canvas.frame(x, y, CELL_W, CELL_H, edge)
            canvas.text(x + 8, y + 10, p["id"], text)
            canvas.text(x + 8, y + 36, cell_value(p), text)
    return canvas.png()
