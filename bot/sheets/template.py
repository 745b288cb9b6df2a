"""The data format (template) a unit fills: one xlsx per unit and period, self-identifying."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.sheets.cells import HEADER_FILL, HEADER_FONT, WRAP, put
from bot.sheets.types import Indicator

FORMAT_ID = "KNJ"
META_SHEET = "_meta"
ID_PREFIX = "ID format: "
HEADERS = ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Keterangan")
HEADER_ROW = 6
FIRST_DATA_ROW = HEADER_ROW + 1
ID_ROW = 4
WIDTHS = (5, 34, 52, 10, 16, 16, 12, 34)
_ID_RE = re.compile(r"KNJ\|(\d{4}-(?:TW[1-4]|\d{2}))\|([a-z0-9_]+)\|v([0-9A-Za-z._-]+)")


@dataclass(frozen=True)
class FormatId:
    """What a data format says it is: `KNJ|2026-TW3|anggaran|v1`."""

    periode_code: str
    unit_code: str
    version: str

    def __str__(self) -> str:
        return f"{FORMAT_ID}|{self.periode_code}|{self.unit_code}|v{self.version}"

    @classmethod
    def find(cls, text: object) -> FormatId | None:
        match = _ID_RE.search(str(text or ""))
        return cls(*match.groups()) if match else None


def build_template(
    *,
    unit_code: str,
    unit_name: str,
    periode_code: str,
    periode_label: str,
    indicators: Sequence[Indicator],
    template_version: str = "1",
) -> bytes:
    """The unit's data format for one period, as xlsx bytes."""
    ident = FormatId(periode_code, unit_code, template_version)
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Kinerja"
    _write_heading(sheet, unit_name, periode_label, ident)
    for offset, indicator in enumerate(indicators):
        _write_indicator(sheet, FIRST_DATA_ROW + offset, offset + 1, indicator, periode_code)
    last = FIRST_DATA_ROW + max(len(indicators), 1) - 1
    _add_validations(sheet, indicators)
    _protect(sheet, last)
    _write_meta(book, ident, unit_name, periode_label)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_heading(sheet: Worksheet, unit_name: str, periode_label: str, ident: FormatId) -> None:
    put(sheet, 1, 1, "FORMAT DATA KINERJA").font = Font(bold=True, size=13)
    put(sheet, 2, 1, f"Unit: {unit_name}").font = Font(bold=True)
    put(sheet, 3, 1, f"Periode: {periode_label}").font = Font(bold=True)
    # The visible copy of the identification: it survives a lost hidden sheet.
    put(sheet, ID_ROW, 1, f"{ID_PREFIX}{ident}").font = Font(size=8, color="808080")
    put(
        sheet,
        5,
        1,
        "Isi kolom Realisasi dan Keterangan saja. Jika data belum ada, kosongkan "
        'Realisasi dan tulis "belum ada data" di Keterangan. Capaian dihitung ulang oleh bot.',
    )
    sheet.cell(row=5, column=1).font = Font(italic=True, size=9)
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS), 1):
        cell = put(sheet, HEADER_ROW, column, label)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)


def _write_indicator(sheet: Worksheet, row: int, no: int, indicator: Indicator, periode_code: str) -> None:
    target = indicator.target_for(periode_code)
    for column, value in enumerate((no, indicator.sasaran, indicator.name, indicator.satuan, target), 1):
        put(sheet, row, column, value).alignment = WRAP
    numeric_format = "#,##0" if indicator.satuan.lower().startswith("rp") else "General"
    sheet.cell(row=row, column=5).number_format = numeric_format
    sheet.cell(row=row, column=6).number_format = numeric_format
    formula = _capaian_formula(indicator, target, row)
    if formula:
        sheet.cell(row=row, column=7, value=formula).number_format = "0.00"


def _capaian_formula(indicator: Indicator, target: Decimal | str, row: int) -> str | None:
    # A convenience for the person filling in; intake recomputes and ignores it.
    if indicator.polarity == "qualitative" or not isinstance(target, Decimal) or target <= 0:
        return None
    ratio = f"F{row}/E{row}" if indicator.polarity == "higher" else f"(2*E{row}-F{row})/E{row}"
    return f'=IF(ISNUMBER(F{row}),{ratio}*100,"")'


def _add_validations(sheet: Worksheet, indicators: Sequence[Indicator]) -> None:
    numeric = [f"F{FIRST_DATA_ROW + i}" for i, ind in enumerate(indicators) if ind.polarity != "qualitative"]
    if numeric:
        check = DataValidation(
            type="decimal",
            operator="between",
            formula1="-1E+15",
            formula2="1E+15",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Realisasi harus angka",
            error="Isi dengan angka, mis. 85,5 atau 1250000.",
        )
        for ref in numeric:
            check.add(ref)
        sheet.add_data_validation(check)
    by_scale: dict[tuple[str, ...], list[str]] = {}
    for i, ind in enumerate(indicators):
        if ind.polarity == "qualitative":
            by_scale.setdefault(tuple(g for g, _ in ind.scale), []).append(f"F{FIRST_DATA_ROW + i}")
    for grades, cells in by_scale.items():
        pick = DataValidation(
            type="list",
            formula1='"' + ",".join(grades) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Pilih dari daftar",
            error="Pilih: " + ", ".join(grades),
        )
        for ref in cells:
            pick.add(ref)
        sheet.add_data_validation(pick)


def _protect(sheet: Worksheet, last_row: int) -> None:
    # No password: protection guards against slips, not people; intake checks everything anyway.
    for row in range(FIRST_DATA_ROW, last_row + 1):
        for column in (6, 8):
            sheet.cell(row=row, column=column).protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column must stay possible
    sheet.protection.formatRows = False


def _write_meta(book: Workbook, ident: FormatId, unit_name: str, periode_label: str) -> None:
    meta = book.create_sheet(META_SHEET)
    pairs = (
        ("format", FORMAT_ID),
        ("id", str(ident)),
        ("periode", ident.periode_code),
        ("unit", ident.unit_code),
        ("versi", ident.version),
        ("nama_unit", unit_name),
        ("label_periode", periode_label),
    )
    for row, (key, value) in enumerate(pairs, 1):
        put(meta, row, 1, key)
        put(meta, row, 2, value)
    meta.sheet_state = "hidden"  # plain hidden (not veryHidden): Google Sheets and LibreOffice keep it
