"""Writing cells safely: text people typed stays text, numbers stay numbers."""

from __future__ import annotations

from copy import copy
from decimal import Decimal

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Calibri"  # the workbook default; a Font() without a name prints in the viewer's serif


def font(**style) -> Font:
    return Font(name=FONT_NAME, **style)


HEADER_FONT = font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP_WRAP = WRAP
TOP = Alignment(vertical="top")
_THIN = Side(style="thin", color="808080")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


def as_text(cell: Cell | WriteOnlyCell, value: object) -> Cell | WriteOnlyCell:
    """Set a value; a str is forced to a string cell. openpyxl would store "=..." as a
    formula, so a Keterangan typed as "=SUM(A1)" would run in Excel."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    return as_text(sheet.cell(row=row, column=column), value)


def wo_cell(
    sheet, value: object, *, number_format: str | None = None, bold: bool = False, alignment: Alignment | None = None
) -> WriteOnlyCell:
    """A write-only cell with the text rule applied (for the big recap sheet).

    Setting a style through openpyxl hashes the style object and looks it up in the workbook on
    every cell (most of the time of a 10 000-row sheet); a recap has a handful of distinct
    styles, so each combination is resolved once per workbook and its index array copied."""
    cell = as_text(WriteOnlyCell(sheet), _plain(value))
    if number_format or bold or alignment is not None:
        cache = sheet.parent.__dict__.setdefault("_kinerja_styles", {})
        key = (number_format, bold, id(alignment))
        style = cache.get(key)
        if style is None:
            if number_format:
                cell.number_format = number_format
            if bold:
                cell.font = HEADER_FONT
            if alignment is not None:
                cell.alignment = alignment
            cache[key] = (copy(cell._style), alignment)  # keep the alignment alive: its id is the key
        else:
            cell._style = copy(style[0])
    return cell


def _plain(value: object) -> object:
    # Decimal is written exactly as its text ("1250000.50"); non-finite cannot be.
    if isinstance(value, Decimal) and not value.is_finite():
        return str(value)
    return value


def header_row(sheet, labels: tuple[str, ...], *, wrap: bool = True) -> list[WriteOnlyCell]:
    cells = [wo_cell(sheet, label, bold=True, alignment=HEADER_WRAP if wrap else None) for label in labels]
    for cell in cells:
        cell.fill = HEADER_FILL
    return cells
