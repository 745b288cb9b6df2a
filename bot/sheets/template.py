"""The data format (template) a unit fills: one xlsx per unit and period, self-identifying."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bot.sheets.cells import HEADER_FILL, HEADER_FONT, font, put
from bot.sheets.numbers import is_rupiah
from bot.sheets.paper import RUPIAH, number_format, print_setup, row_height
from bot.sheets.types import POLARITY_LABELS, Indicator, Letterhead

FORMAT_ID = "KNJ"
META_SHEET = "_meta"
ID_PREFIX = "ID format: "
# SPEC §5. Intake finds columns by these names (bot/sheets/layout.py), so formats of the earlier
# layout (No .. Keterangan, without Polaritas and the analysis) are still read.
HEADERS = (
    "No",
    "Sasaran",
    "Indikator Kinerja",
    "Satuan",
    "Polaritas",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Keterangan",
    "Faktor Penghambat",
    "Faktor Pendukung",
    "Tindak Lanjut",
)
WIDTHS = (4.5, 24, 34, 9, 13, 13, 13, 9, 20, 20, 20, 20)
HEADER_ROW = 6
FIRST_DATA_ROW = HEADER_ROW + 1
ID_ROW = 4
INSTRUCTION_ROW = 5
TARGET_COLUMN, REALISASI_COLUMN, CAPAIAN_COLUMN, KETERANGAN_COLUMN = 6, 7, 8, 9
FILL_COLUMNS = (REALISASI_COLUMN, KETERANGAN_COLUMN, 10, 11, 12)  # what people type in
TO_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "write here"
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOP_WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
INSTRUCTIONS = (
    "Cara mengisi: isi sel berwarna kuning saja. Realisasi berupa angka (mis. 85,5 atau 1.250.000) "
    "atau pilihan dari daftar; Keterangan, Faktor Penghambat, Faktor Pendukung dan Tindak Lanjut "
    'berupa teks. Jika data belum ada, kosongkan Realisasi dan tulis "belum ada data" di '
    "Keterangan. Untuk indikator di bawah target, tuliskan Faktor Penghambat dan Tindak Lanjut. "
    "Capaian dihitung ulang oleh bot; jangan mengubah kolom lain, menghapus baris atau baris ID."
)
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
    agency: str = "",
) -> bytes:
    """The unit's data format for one period, as xlsx bytes: fillable on a phone, printable on A4."""
    ident = FormatId(periode_code, unit_code, template_version)
    book = Workbook()
    sheet = book.active
    sheet.title = "Data Kinerja"
    _write_heading(sheet, unit_name, periode_label, ident, agency)
    for offset, indicator in enumerate(indicators):
        _write_indicator(sheet, FIRST_DATA_ROW + offset, offset + 1, indicator, periode_code)
    last = FIRST_DATA_ROW + max(len(indicators), 1) - 1
    _add_validations(sheet, indicators)
    _protect(sheet, last)
    print_setup(
        sheet,
        Letterhead(agency, agency, periode_label),
        title=f"Format data kinerja {unit_name}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
    )
    sheet.print_area = f"A1:L{last}"
    _write_meta(book, ident, unit_name, periode_label)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_heading(sheet: Worksheet, unit_name: str, periode_label: str, ident: FormatId, agency: str) -> None:
    put(sheet, 1, 1, "FORMAT DATA KINERJA" + (f" {agency.upper()}" if agency else "")).font = font(bold=True, size=13)
    put(sheet, 2, 1, f"Unit: {unit_name}").font = font(bold=True)
    put(sheet, 3, 1, f"Periode: {periode_label}").font = font(bold=True)
    # The visible copy of the identification: it survives a lost hidden sheet.
    put(sheet, ID_ROW, 1, f"{ID_PREFIX}{ident}").font = font(size=8, color="808080")
    note = put(sheet, INSTRUCTION_ROW, 1, INSTRUCTIONS)
    note.font, note.alignment = font(italic=True, size=10), TOP_WRAP
    sheet.merge_cells(start_row=INSTRUCTION_ROW, start_column=1, end_row=INSTRUCTION_ROW, end_column=len(HEADERS))
    sheet.row_dimensions[INSTRUCTION_ROW].height = row_height([INSTRUCTIONS], [sum(WIDTHS)])
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS), 1):
        cell = put(sheet, HEADER_ROW, column, label)
        cell.font, cell.alignment, cell.border = HEADER_FONT, CENTRE_WRAP, GRID
        cell.fill = TO_FILL if column in FILL_COLUMNS else HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.row_dimensions[HEADER_ROW].height = row_height(HEADERS, WIDTHS)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=4)  # No, Sasaran, Indikator stay in view


def _write_indicator(sheet: Worksheet, row: int, no: int, indicator: Indicator, periode_code: str) -> None:
    target = indicator.target_for(periode_code)
    values = (no, indicator.sasaran, indicator.name, indicator.satuan, POLARITY_LABELS[indicator.polarity], target)
    for column in range(1, len(HEADERS) + 1):
        cell = put(sheet, row, column, values[column - 1] if column <= len(values) else None)
        cell.alignment, cell.border = TOP_WRAP, GRID
        if column in FILL_COLUMNS:
            cell.fill = TO_FILL
    sheet.cell(row=row, column=TARGET_COLUMN).number_format = number_format(indicator.satuan, target)
    # What is typed shows as typed (85,5 stays 85,5), with thousands separators for money.
    sheet.cell(row=row, column=REALISASI_COLUMN).number_format = RUPIAH if is_rupiah(indicator.satuan) else "General"
    formula = _capaian_formula(indicator, target, row)
    if formula:
        sheet.cell(row=row, column=CAPAIAN_COLUMN, value=formula).number_format = "0.00"
    sheet.row_dimensions[row].height = row_height(values, WIDTHS)


def _capaian_formula(indicator: Indicator, target: Decimal | str, row: int) -> str | None:
    # A convenience for the person filling in; intake recomputes and ignores it.
    if indicator.polarity == "qualitative" or not isinstance(target, Decimal) or target <= 0:
        return None
    ratio = f"G{row}/F{row}" if indicator.polarity == "higher" else f"(2*F{row}-G{row})/F{row}"
    return f'=IF(ISNUMBER(G{row}),{ratio}*100,"")'


def _add_validations(sheet: Worksheet, indicators: Sequence[Indicator]) -> None:
    numeric = [f"G{FIRST_DATA_ROW + i}" for i, ind in enumerate(indicators) if ind.polarity != "qualitative"]
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
            by_scale.setdefault(tuple(g for g, _ in ind.scale), []).append(f"G{FIRST_DATA_ROW + i}")
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
        for column in FILL_COLUMNS:
            sheet.cell(row=row, column=column).protection = Protection(locked=False)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column must stay possible
    sheet.protection.formatRows = False  # so must a taller row for a long Faktor Penghambat
    sheet.protection.autoFilter = False


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
