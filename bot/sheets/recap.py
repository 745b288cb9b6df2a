"""The agency recap workbook (step 9): Rekap, Ringkasan (with a chart), Sumber, Kepatuhan."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import astuple, is_dataclass
from datetime import tzinfo
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from bot.sheets.cells import header_row, wo_cell
from bot.sheets.summary import RecapUnit, as_recap_unit, summarize, write_summary_sheet
from bot.sheets.types import POLARITY_LABELS, ComplianceRow, FilledRow, Indicator, SourceFile

REKAP_HEADERS = (
    "Unit",
    "Sasaran",
    "Indikator",
    "Satuan",
    "Polaritas",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
    "Keterangan",
)
SUMBER_HEADERS = ("Unit", "Nama berkas", "Pengirim", "Waktu", "Tanggal-jam", "SHA-256", "Status")
IN_USE = {True: "dipakai dalam rekap", False: "digantikan berkas yang lebih baru"}
KEPATUHAN_HEADERS = ("No", "Langkah", "Unit", "Mutu baku (menit)", "Waktu nyata (menit)", "Status", "Oleh")
MISSING = "Data tidak masuk"
REKAP_WIDTHS = (22, 34, 52, 10, 26, 16, 16, 12, 14, 34)


def compile_recap(
    *,
    periode_code: str,
    periode_label: str,
    units: Sequence[RecapUnit | tuple],
    sources: Sequence[SourceFile],
    compliance: Sequence[ComplianceRow | tuple],
    tz: tzinfo | str,
) -> bytes:
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
    for column, width in zip("ABCDEFGHIJ", REKAP_WIDTHS):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, REKAP_HEADERS))
    count = 0
    for unit in units:
        for values in _unit_lines(unit, periode_code):
            sheet.append(_rekap_cells(sheet, values))
            count += 1
    sheet.auto_filter.ref = f"A1:J{count + 1}"


def _unit_lines(unit: RecapUnit, periode_code: str) -> Iterator[tuple]:
    if not unit.missing:
        yield from (rekap_values(unit.unit_name, row) for row in unit.result.rows)
    elif unit.indicators:
        yield from (_missing_values(unit.unit_name, ind, periode_code) for ind in unit.indicators)
    else:
        yield (unit.unit_name, None, None, None, None, None, None, None, None, MISSING)


def rekap_values(unit_name: str, row: FilledRow) -> tuple:
    """One Rekap line; shared with the unit recap so both say the same thing."""
    return (
        unit_name,
        row.sasaran,
        row.name,
        row.satuan,
        POLARITY_LABELS[row.polarity],
        row.target,
        row.realisasi,
        row.capaian,
        row.kategori,
        row.keterangan,
    )


def _missing_values(unit_name: str, ind: Indicator, periode_code: str) -> tuple:
    return (
        unit_name,
        ind.sasaran,
        ind.name,
        ind.satuan,
        POLARITY_LABELS[ind.polarity],
        ind.target_for(periode_code),
        None,
        None,
        None,
        MISSING,
    )


def _rekap_cells(sheet, values: tuple) -> list:
    # Capaian keeps its full value (never capped); two decimals is only how it is shown.
    return [wo_cell(sheet, v, number_format="0.00" if i == 7 else None) for i, v in enumerate(values)]


def _write_sources(sheet, sources: Sequence[SourceFile], zone: tzinfo) -> None:
    for column, width in zip("ABCDEFG", (22, 34, 22, 22, 18, 70, 30)):
        sheet.column_dimensions[column].width = width
    sheet.append(header_row(sheet, SUMBER_HEADERS))
    for src in sources:
        local = src.received_at.astimezone(zone)
        shown = f"{local:%d-%m-%Y %H:%M} {local.tzname()}"
        values = (src.unit_name or src.unit_code, src.file_name, src.sender, shown)
        sheet.append(
            [
                *(wo_cell(sheet, v) for v in values),
                wo_cell(sheet, local.replace(tzinfo=None), number_format="dd-mm-yyyy hh:mm"),
                wo_cell(sheet, src.sha256.lower()),
                wo_cell(sheet, IN_USE[src.in_use]),
            ]
        )


def _write_compliance(sheet, rows: Sequence[ComplianceRow | tuple]) -> None:
    for column, width in zip("ABCDEFG", (5, 60, 22, 12, 12, 18, 26)):
        sheet.column_dimensions[column].width = width
    sheet.append(header_row(sheet, KEPATUHAN_HEADERS))
    for r in rows:
        values = astuple(r) if is_dataclass(r) else tuple(r)  # written as given, nothing computed
        sheet.append([wo_cell(sheet, v) for v in values])
