"""A PNG bar chart of capaian per unit for the chat, with no imaging library: zlib + struct
and a 3x5 bitmap font. Horizontal bars, so 5 or 50 units both stay readable."""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence
from decimal import Decimal

from bot.sheets.capaian import DEFAULT_BANDS
from bot.sheets.numbers import format_number
from bot.sheets.types import UnitSummary

# Each glyph: 5 rows of 3 pixels, top to bottom.
FONT = {
    "0": "111101101101111",
    "1": "010110010010111",
    "2": "111001111100111",
    "3": "111001111001111",
    "4": "101101111001001",
    "5": "111100111001111",
    "6": "111100111101111",
    "7": "111001001010010",
    "8": "111101111101111",
    "9": "111101111001111",
    "A": "010101111101101",
    "B": "110101110101110",
    "C": "011100100100011",
    "D": "110101101101110",
    "E": "111100110100111",
    "F": "111100110100100",
    "G": "011100101101011",
    "H": "101101111101101",
    "I": "111010010010111",
    "J": "001001001101010",
    "K": "101101110101101",
    "L": "100100100100111",
    "M": "101111111101101",
    "N": "110101101101101",
    "O": "010101101101010",
    "P": "110101110100100",
    "Q": "010101101110011",
    "R": "110101110101101",
    "S": "011100010001110",
    "T": "111010010010010",
    "U": "101101101101111",
    "V": "101101101101010",
    "W": "101101111111101",
    "X": "101101010101101",
    "Y": "101101010010010",
    "Z": "111001010100111",
    "%": "101001010100101",
    ".": "000000000000010",
    ",": "000000000010010",
    "-": "000000111000000",
    "/": "001001010100100",
    "_": "000000000000111",
    "(": "010100100100010",
    ")": "010001001001010",
}
SCALE = 2  # font pixel size
CHAR_W = 4 * SCALE  # 3 pixels + 1 gap
WIDTH, ROW_H, BAR_H, TOP, BOTTOM = 720, 26, 16, 34, 30
WHITE, BLACK, GRID, GREY = (255, 255, 255), (40, 40, 40), (225, 225, 225), (160, 160, 160)
COLOURS = dict(zip(DEFAULT_BANDS.labels, ((46, 125, 50), (124, 179, 66), (251, 192, 45), (245, 124, 0), (211, 47, 47))))


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(WHITE * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        line = bytes(colour) * (x1 - x0)
        for y in range(max(0, y0), min(self.height, y1)):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(line)] = line

    def text(self, x: int, y: int, text: str, colour: tuple[int, int, int] = BLACK) -> None:
        for i, char in enumerate(text.upper()):
            glyph = FONT.get(char, "")
            for bit, on in enumerate(glyph):
                if on == "1":
                    px, py = x + i * CHAR_W + (bit % 3) * SCALE, y + (bit // 3) * SCALE
                    self.rect(px, py, px + SCALE, py + SCALE, colour)

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height))
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")
        return b"\x89PNG\r\n\x1a\n" + body


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def chart_png(summaries: Sequence[UnitSummary], *, title: str = "CAPAIAN (%) PER UNIT") -> bytes:
    """Average capaian per unit as bars coloured by category; a line marks 100%."""
    label_w = CHAR_W * min(16, max((len(s.unit_code) for s in summaries), default=4)) + 16
    left, right = label_w, WIDTH - 70
    canvas = Canvas(WIDTH, TOP + ROW_H * max(len(summaries), 1) + BOTTOM)
    canvas.text(8, 8, title)
    top_value = _axis_max(summaries)
    scale = (right - left) / top_value
    _axis(canvas, left, scale, top_value)
    for i, s in enumerate(summaries):
        _bar(canvas, TOP + i * ROW_H, left, scale, s)
    return canvas.png()


def _axis_max(summaries: Sequence[UnitSummary]) -> int:
    # Never cap a value: the axis grows to the largest capaian (in steps of 25).
    largest = max((float(s.average) for s in summaries if s.average is not None), default=100.0)
    return max(100, int(math.ceil(max(largest, 0.0) / 25) * 25))


def _axis(canvas: Canvas, left: int, scale: float, top_value: int) -> None:
    bottom = canvas.height - BOTTOM
    step = 25 if top_value <= 200 else 50 * math.ceil(top_value / 400)
    for tick in range(0, top_value + 1, step):
        x = left + round(tick * scale)
        canvas.rect(x, TOP - 4, x + 1, bottom, BLACK if tick == 100 else GRID)
        canvas.text(x - len(str(tick)) * CHAR_W // 2, bottom + 6, str(tick))


def _bar(canvas: Canvas, y: int, left: int, scale: float, s: UnitSummary) -> None:
    canvas.text(8, y + 4, s.unit_code[:16])
    if s.missing or s.average is None:
        canvas.text(left + 6, y + 4, "TIDAK MASUK" if s.missing else "TANPA DATA", GREY)
        return
    width = max(0, round(float(s.average) * scale))
    colour = COLOURS.get(DEFAULT_BANDS.category(s.average) or "", GREY)
    canvas.rect(left, y, left + width, y + BAR_H, colour)
    canvas.text(left + width + 6, y + 4, format_number(Decimal(s.average), 1))
