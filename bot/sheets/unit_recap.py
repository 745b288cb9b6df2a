"""The unit recap (step 6 -> 7): a printable xlsx for the unit's head and a plain-text summary."""

from __future__ import annotations

import io

from openpyxl import Workbook

from bot.sheets.cells import GRID, HEADER_FILL, HEADER_FONT, HEADER_WRAP, TOP, TOP_WRAP, font, put
from bot.sheets.paper import print_setup, row_height
from bot.sheets.recap import REKAP_HEADERS, TREND_HEADERS, rekap_styles, rekap_values, rekap_widths, warning_comments
from bot.sheets.result import IntakeResult, show_pct, warning_lines
from bot.sheets.types import Letterhead

UNIT_HEADERS = ("No", *REKAP_HEADERS[1:], *TREND_HEADERS)  # the unit is in the title, not on every row
HEADER_AT = 5
SIGNATURE_COLUMN = 10
SIGNATURE_CHARS = 60  # columns J:M


def unit_recap(
    *, unit_code: str, unit_name: str, periode_label: str, result: IntakeResult, letterhead: Letterhead | None = None
) -> tuple[bytes, list[str]]:
    """(xlsx bytes, summary lines) for an accepted upload of one unit."""
    head = letterhead or Letterhead("", "", periode_label)
    widths = (5, *rekap_widths([rekap_values(unit_name, r) for r in result.rows])[1:])
    lines = unit_summary_lines(unit_name, periode_label, result)
    book = Workbook()
    book.properties.creator = head.short_name or head.agency or "Kinerja Bot"
    sheet = book.active
    sheet.title = "Rekap Unit"
    put(sheet, 1, 1, f"REKAP DATA KINERJA {unit_name.upper()}").font = font(bold=True, size=13)
    put(sheet, 2, 1, head.agency or head.short_name or None)
    put(sheet, 3, 1, f"Periode: {periode_label}")
    for column, (label, width) in enumerate(zip(UNIT_HEADERS, widths), 1):
        cell = put(sheet, HEADER_AT, column, label)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_WRAP, GRID
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.row_dimensions[HEADER_AT].height = row_height(UNIT_HEADERS, widths)
    for offset, row in enumerate(result.rows, 1):
        values = (row.no, *rekap_values(unit_name, row)[1:])
        for column, (value, shown, wrap) in enumerate(rekap_styles(values), 1):
            cell = put(sheet, HEADER_AT + offset, column, value)
            cell.border, cell.alignment = GRID, TOP_WRAP if wrap else TOP
            if shown:
                cell.number_format = shown
        for index, comment in warning_comments(row.warnings).items():
            sheet.cell(row=HEADER_AT + offset, column=index + 1).comment = comment
        sheet.row_dimensions[HEADER_AT + offset].height = row_height(values, widths)
    below = HEADER_AT + len(result.rows) + 2
    for offset, line in enumerate(lines[1:]):
        put(sheet, below + offset, 1, line)
    below += len(lines)
    for offset, line in enumerate(head.signature_lines(width=SIGNATURE_CHARS)):
        if line:
            put(sheet, below + offset, SIGNATURE_COLUMN, line).font = font(bold=line == head.signer_name)
    print_setup(
        sheet,
        head,
        title=f"Rekap data kinerja {unit_name}",
        title_rows=f"{HEADER_AT}:{HEADER_AT}",
        pages_wide=2,
        title_cols="A:C",
    )
    sheet.freeze_panes = sheet.cell(row=HEADER_AT + 1, column=4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), lines


def unit_summary_lines(unit_name: str, periode_label: str, result: IntakeResult) -> list[str]:
    rows = result.rows
    filled = [r for r in rows if r.realisasi is not None]
    avg = result.average_capaian
    below = [r for r in rows if r.capaian is not None and r.capaian < 100]
    lines = [
        f"Rekap {unit_name}, {periode_label}",
        f"Indikator terisi: {len(filled)} dari {len(rows)}",
        f"Rata-rata capaian: {show_pct(avg)}" + (f" ({result.average_kategori})" if avg is not None else ""),
        f"Di bawah target (capaian < 100%): {len(below)}",
    ]
    lines += [f"- {r.code} {r.name}: {show_pct(r.capaian)} ({r.kategori})" for r in below]
    empty = [r for r in rows if r.realisasi is None]
    lines += [f"Tanpa data: {r.code} {r.name} ({r.keterangan})" for r in empty]
    return lines + warning_lines(result)
