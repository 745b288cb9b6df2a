"""The agency recap workbook (step 9): Rekap, Ringkasan (with a chart), Sumber, Kepatuhan."""
from __future__ import annotations

import io
from dataclasses import astuple, is_dataclass
from datetime import tzinfo
from typing import Iterator, Sequence
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from bot.sheets.cells import header_row, wo_cell
from bot.sheets.result import NO_DATA_LABEL
from bot.sheets.trend import periode_label
from bot.sheets.summary import RecapUnit, as_recap_unit, summarize, write_summary_sheet
from bot.sheets.types import POLARITY_LABELS, ComplianceRow, FilledRow, Indicator, SourceFile

REKAP_HEADERS = ("Unit", "Sasaran", "Indikator", "Satuan", "Polaritas", "Target", "Realisasi",
                 "Capaian (%)", "Kategori", "Keterangan")
# After the fixed columns (SPEC §8): the analysis, the trend, the warnings (issue 11).
TREND_HEADERS = ("Faktor Penghambat", "Faktor Pendukung", "Tindak Lanjut", "Periode sebelumnya",
                 "Realisasi periode sebelumnya", "Capaian periode sebelumnya (%)", "Target tahunan",
                 "Realisasi s.d. periode ini", "Capaian thd target tahunan (%)", "Peringatan")
TREND_WIDTHS = (30, 30, 30, 18, 16, 14, 16, 16, 14, 50)
PERCENT_COLUMNS = {REKAP_HEADERS.index("Capaian (%)"), len(REKAP_HEADERS) + 5, len(REKAP_HEADERS) + 8}
SUMBER_HEADERS = ("Unit", "Nama berkas", "Pengirim", "Waktu", "Tanggal-jam", "SHA-256", "Status")
IN_USE = {True: "dipakai dalam rekap", False: "digantikan berkas yang lebih baru"}
KEPATUHAN_HEADERS = ("No", "Langkah", "Unit", "Mutu baku (menit)", "Waktu nyata (menit)", "Status", "Oleh")
MISSING = "Data tidak masuk"
REKAP_WIDTHS = (22, 34, 52, 10, 26, 16, 16, 12, 14, 34)


def compile_recap(*, periode_code: str, periode_label: str, units: Sequence[RecapUnit | tuple],
                  sources: Sequence[SourceFile], compliance: Sequence[ComplianceRow | tuple],
                  tz: tzinfo | str) -> bytes:
    """The whole workbook as xlsx bytes. Write-only mode: rows stream to disk, which keeps
    a 50-unit x 200-indicator recap fast and small in memory; the chart is still native."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    recap_units = [as_recap_unit(u) for u in units]
    book = Workbook(write_only=True)
    _write_rekap(book.create_sheet("Rekap"), recap_units, periode_code)
    write_summary_sheet(book.create_sheet("Ringkasan"), [summarize(u) for u in recap_units], periode_label)
    _write_sources(book.create_sheet("Sumber"), sources, zone)
    _write_compliance(book.create_sheet("Kepatuhan"), compliance)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_rekap(sheet, units: Sequence[RecapUnit], periode_code: str) -> None:
    for column, width in enumerate((*REKAP_WIDTHS, *TREND_WIDTHS), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, (*REKAP_HEADERS, *TREND_HEADERS)))
    count = 0
    for unit in units:
        for values, warnings in _unit_lines(unit, periode_code):
            sheet.append(_rekap_cells(sheet, values, warnings))
            count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REKAP_HEADERS) + len(TREND_HEADERS))}{count + 1}"


def _unit_lines(unit: RecapUnit, periode_code: str) -> Iterator[tuple[tuple, tuple]]:
    if not unit.missing:
        yield from ((rekap_values(unit.unit_name, row), row.warnings) for row in unit.result.rows)
    elif unit.indicators:
        yield from ((_missing_values(unit.unit_name, ind, periode_code), ()) for ind in unit.indicators)
    else:
        yield (unit.unit_name, None, None, None, None, None, None, None, None, MISSING), ()


def rekap_values(unit_name: str, row: FilledRow) -> tuple:
    """One Rekap line; shared with the unit recap so both say the same thing."""
    realisasi = NO_DATA_LABEL if row.no_data else row.realisasi
    return (unit_name, row.sasaran, row.name, row.satuan, POLARITY_LABELS[row.polarity],
            row.target, realisasi, row.capaian, row.kategori, row.keterangan, *trend_values(row))


def trend_values(row: FilledRow) -> tuple:
    """The analysis, the previous period, the year so far and the warnings (TREND_HEADERS)."""
    previous = periode_label(row.previous_periode) if row.previous_periode else None
    return (row.penghambat, row.pendukung, row.tindak_lanjut, previous, row.previous_realisasi,
            row.previous_capaian, row.annual_target, row.realisasi_so_far, row.capaian_annual,
            "\n".join(f"{column}: {message}" for column, message in row.warnings) or None)


def warning_comments(warnings: tuple[tuple[str, str], ...]) -> dict[int, Comment]:
    """0-based column -> a cell comment holding that cell's warnings (the recap marks them)."""
    by_column: dict[int, list[str]] = {}
    for column, message in warnings:
        if column in REKAP_HEADERS or column in TREND_HEADERS:
            index = (REKAP_HEADERS + TREND_HEADERS).index(column)
            by_column.setdefault(index, []).append(message)
    return {i: Comment("\n".join(texts), "Kinerja Bot", width=320, height=120) for i, texts in by_column.items()}


def _missing_values(unit_name: str, ind: Indicator, periode_code: str) -> tuple:
    return (unit_name, ind.sasaran, ind.name, ind.satuan, POLARITY_LABELS[ind.polarity],
            ind.target_for(periode_code), None, None, None, MISSING)


def _rekap_cells(sheet, values: tuple, warnings: tuple[tuple[str, str], ...] = ()) -> list:
    # Capaian keeps its full value (never capped); two decimals is only how it is shown.
    cells = [wo_cell(sheet, v, number_format="0.00" if i in PERCENT_COLUMNS else None)
             for i, v in enumerate(values)]
    for index, comment in warning_comments(warnings).items():
        cells[index].comment = comment
    return cells


def _write_sources(sheet, sources: Sequence[SourceFile], zone: tzinfo) -> None:
    for column, width in zip("ABCDEFG", (22, 34, 22, 22, 18, 70, 30)):
        sheet.column_dimensions[column].width = width
    sheet.append(header_row(sheet, SUMBER_HEADERS))
    for src in sources:
        local = src.received_at.astimezone(zone)
        shown = f"{local:%d-%m-%Y %H:%M} {local.tzname()}"
        values = (src.unit_name or src.unit_code, src.file_name, src.sender, shown)
        sheet.append([*(wo_cell(sheet, v) for v in values),
                      wo_cell(sheet, local.replace(tzinfo=None), number_format="dd-mm-yyyy hh:mm"),
                      wo_cell(sheet, src.sha256.lower()), wo_cell(sheet, IN_USE[src.in_use])])


def _write_compliance(sheet, rows: Sequence[ComplianceRow | tuple]) -> None:
    for column, width in zip("ABCDEFG", (5, 60, 22, 12, 12, 18, 26)):
        sheet.column_dimensions[column].width = width
    sheet.append(header_row(sheet, KEPATUHAN_HEADERS))
    for r in rows:
        values = astuple(r) if is_dataclass(r) else tuple(r)  # written as given, nothing computed
        sheet.append([wo_cell(sheet, v) for v in values])
