"""The unit recap (step 6 -> 7): a small xlsx for the kabid and a plain-text summary."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.sheets.cells import HEADER_FILL, HEADER_FONT, WRAP, put
from bot.sheets.recap import PERCENT_COLUMNS, REKAP_HEADERS, TREND_HEADERS, TREND_WIDTHS, rekap_values, warning_comments
from bot.sheets.result import IntakeResult, show_pct, warning_lines

UNIT_HEADERS = ("No", *REKAP_HEADERS[1:], *TREND_HEADERS)  # the unit is in the title, not on every row
WIDTHS = (5, 34, 52, 10, 26, 16, 16, 12, 14, 34, *TREND_WIDTHS)
HEADER_AT = 4


def unit_recap(*, unit_code: str, unit_name: str, periode_label: str,
               result: IntakeResult) -> tuple[bytes, list[str]]:
    """(xlsx bytes, summary lines) for an accepted upload of one unit."""
    lines = unit_summary_lines(unit_name, periode_label, result)
    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap Unit"
    put(sheet, 1, 1, f"Rekap data kinerja {unit_name} ({unit_code})").font = Font(bold=True, size=13)
    put(sheet, 2, 1, f"Periode: {periode_label}")
    for column, (label, width) in enumerate(zip(UNIT_HEADERS, WIDTHS), 1):
        cell = put(sheet, HEADER_AT, column, label)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    for offset, row in enumerate(result.rows, 1):
        for column, value in enumerate((row.no, *rekap_values(unit_name, row)[1:]), 1):
            put(sheet, HEADER_AT + offset, column, value).alignment = WRAP
        for index in PERCENT_COLUMNS:
            sheet.cell(row=HEADER_AT + offset, column=index + 1).number_format = "0.00"
        for index, comment in warning_comments(row.warnings).items():
            sheet.cell(row=HEADER_AT + offset, column=index + 1).comment = comment
    below = HEADER_AT + len(result.rows) + 2
    for offset, line in enumerate(lines[1:]):
        put(sheet, below + offset, 1, line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), lines


def unit_summary_lines(unit_name: str, periode_label: str, result: IntakeResult) -> list[str]:
    rows = result.rows
    filled = [r for r in rows if r.realisasi is not None]
    avg = result.average_capaian
    below = [r for r in rows if r.capaian is not None and r.capaian < 100]
    lines = [f"Rekap {unit_name}, {periode_label}",
             f"Indikator terisi: {len(filled)} dari {len(rows)}",
             f"Rata-rata capaian: {show_pct(avg)}"
             + (f" ({result.average_kategori})" if avg is not None else ""),
             f"Di bawah target (capaian < 100%): {len(below)}"]
    lines += [f"- {r.code} {r.name}: {show_pct(r.capaian)} ({r.kategori})" for r in below]
    empty = [r for r in rows if r.realisasi is None]
    lines += [f"Tanpa data: {r.code} {r.name} ({r.keterangan})" for r in empty]
    return lines + warning_lines(result)
