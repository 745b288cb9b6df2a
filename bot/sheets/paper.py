"""What makes a generated file printable as an official uses it: page setup, number formats by
satuan, row heights for wrapped text. The letterhead and signature block every recap carries
(`Letterhead`) is in types.py, which the core imports without loading openpyxl."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from openpyxl.utils import get_column_letter

from bot.sheets.numbers import is_rupiah
from bot.sheets.types import Letterhead, Value

RUPIAH = '"Rp"\\ #,##0'
RUPIAH_CENTS = '"Rp"\\ #,##0.00'
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = DECIMAL  # capaian and "%" indicators are stored as 95.5, not 0.955
LINE_POINTS = 15.0  # one line of 11 pt Calibri, as Excel sizes a row


def number_format(satuan: str, value: Value | None) -> str:
    """Thousands separators everywhere; Rupiah with its sign; decimals only when the value has
    them (two), so 1750000000000 reads 1.750.000.000.000 in an Indonesian Excel, never 1.75E+12."""
    whole = not isinstance(value, Decimal) or value == value.to_integral_value()
    if is_rupiah(satuan):
        return RUPIAH if whole else RUPIAH_CENTS
    if satuan.strip() == "%":
        return PERCENT
    return INTEGER if whole else DECIMAL


@lru_cache(maxsize=4096)  # Sasaran and Polaritas repeat on every row of a recap
def lines_needed(text: object, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (a slightly
    pessimistic estimate: proportional fonts make average text narrower than a character unit)."""
    if text is None or text == "":
        return 1
    usable = max(1, int(width * 1.1) - 1)
    total = 0
    for paragraph in str(text).split("\n"):
        line, count = 0, 1
        for word in paragraph.split():
            while len(word) > usable:  # a word longer than the column breaks anywhere
                count, word = count + (1 if line else 0), word[usable:]
                line = usable
            need = len(word) if line == 0 else line + 1 + len(word)
            if need <= usable:
                line = need
            else:
                count, line = count + 1, len(word)
        total += count
    return max(1, total)


def row_height(values: Sequence[object], widths: Sequence[float]) -> float:
    """Row height in points so every wrapped cell shows all its lines (no text hidden)."""
    lines = max((lines_needed(v, w) for v, w in zip(values, widths)), default=1)
    return round(lines * LINE_POINTS + 3, 1)


def set_widths(sheet, widths: Iterable[float]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def print_setup(
    sheet,
    head: Letterhead,
    *,
    title: str,
    title_rows: str | None = None,
    portrait: bool = False,
    pages_wide: int = 1,
    title_cols: str | None = None,
) -> None:
    """A4, fitted to `pages_wide` page widths (any number of pages down), the header row repeated,
    the agency and period in the page header and "Halaman x dari y" in the footer.

    A sheet too wide for one page (the Rekap with its trend columns) prints on two pages side by
    side, each row's halves one after the other (over, then down), with `title_cols` (the unit
    and the indicator) repeated on both, so every figure stays readable and beside its name."""
    sheet.page_setup.paperSize = "9"  # A4 (ECMA-376 paper size code)
    sheet.page_setup.orientation = "portrait" if portrait else "landscape"
    sheet.page_setup.fitToWidth = pages_wide
    if pages_wide > 1:
        sheet.page_setup.pageOrder = "overThenDown"
    if title_cols:
        sheet.print_title_cols = title_cols
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.left.text = _escape(head.short_name or head.agency)
    sheet.oddHeader.left.size = 9
    sheet.oddHeader.right.text = _escape(f"{title} — {head.periode_label}")
    sheet.oddHeader.right.size = 9
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    sheet.oddFooter.center.size = 9


def _escape(text: str) -> str:
    return text.replace("&", "&&")  # "&" starts a header code (&P, &N)
