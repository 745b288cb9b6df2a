"""The agency recap workbook (step 9): Rekap, Ringkasan (with a chart and the signature block),
Sumber, Kepatuhan; every sheet print-ready on A4 landscape (bot/sheets/paper.py)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import astuple, is_dataclass
from datetime import tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.comments import Comment

from bot.sheets.cells import TOP, TOP_WRAP, header_row, wo_cell
from bot.sheets.fastrows import FastRows
from bot.sheets.numbers import is_rupiah
from bot.sheets.paper import DECIMAL, number_format, print_setup, row_height, set_widths
from bot.sheets.result import NO_DATA_LABEL
from bot.sheets.scales import shown_capaian
from bot.sheets.summary import write_summary_sheet
from bot.sheets.totals import RecapUnit, agency_totals, as_recap_unit, summarize
from bot.sheets.trend import periode_label
from bot.sheets.types import POLARITY_LABELS, ComplianceRow, FilledRow, Indicator, Letterhead, SourceFile

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
ANALYSIS_HEADERS = ("Faktor Penghambat", "Faktor Pendukung", "Tindak Lanjut")
# After the fixed columns (SPEC §8): the analysis, the trend, the warnings.
TREND_HEADERS = (
    *ANALYSIS_HEADERS,
    "Periode sebelumnya",
    "Realisasi periode sebelumnya",
    "Capaian periode sebelumnya (%)",
    "Target tahunan",
    "Realisasi s.d. periode ini",
    "Capaian thd target tahunan (%)",
    "Peringatan",
)
ALL_HEADERS = (*REKAP_HEADERS, *TREND_HEADERS)
SUMBER_HEADERS = ("Unit", "Nama berkas", "Pengirim", "Waktu", "Tanggal-jam", "SHA-256", "Status")
IN_USE = {True: "dipakai dalam rekap", False: "digantikan berkas yang lebih baru"}
KEPATUHAN_HEADERS = ("No", "Langkah", "Unit", "Mutu baku (menit)", "Waktu nyata (menit)", "Status", "Oleh")
MISSING = "Data tidak masuk"
REKAP_PART = "xl/worksheets/sheet1.xml"  # the first sheet openpyxl writes
REKAP_WIDTHS = (16, 24, 34, 8, 12, 12, 12, 10, 11, 20, 20, 20, 20, 12, 13, 13, 12, 13, 12, 30)
MAX_NUMBER_WIDTH = 26
TEXT_COLUMNS = frozenset((0, 1, 2, 4, 8, 9, 10, 11, 12, 13, 19))  # wrapped; the rest are short
TARGET, REALISASI, CAPAIAN = 5, 6, 7
PREVIOUS_REALISASI, PREVIOUS_CAPAIAN, ANNUAL_TARGET, SO_FAR, CAPAIAN_ANNUAL = 14, 15, 16, 17, 18
PERCENT_COLUMNS = frozenset((CAPAIAN, PREVIOUS_CAPAIAN, CAPAIAN_ANNUAL))
AMOUNT_COLUMNS = frozenset((TARGET, REALISASI, PREVIOUS_REALISASI, ANNUAL_TARGET, SO_FAR))
SUMBER_WIDTHS = (18, 30, 20, 20, 16, 68, 22)
KEPATUHAN_WIDTHS = (5, 52, 20, 11, 11, 16, 22)


def compile_recap(
    *,
    periode_code: str,
    periode_label: str,
    units: Sequence[RecapUnit | tuple],
    sources: Sequence[SourceFile],
    compliance: Sequence[ComplianceRow | tuple],
    tz: tzinfo | str,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The whole workbook as xlsx bytes. Write-only mode: rows stream to disk, which keeps
    a 50-unit x 200-indicator recap fast and small in memory; the chart is still native."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    head = letterhead or Letterhead("", "", periode_label)
    recap_units = [as_recap_unit(u) for u in units]
    book = Workbook(write_only=True)
    book.properties.creator = head.short_name or head.agency or "Kinerja Bot"
    book.properties.title = f"Rekap data kinerja {head.short_name} {periode_label}".replace("  ", " ")
    rekap_rows = _write_rekap(book.create_sheet("Rekap"), recap_units, periode_code, head)
    write_summary_sheet(
        book.create_sheet("Ringkasan"), [summarize(u) for u in recap_units], agency_totals(recap_units), head
    )
    _write_sources(book.create_sheet("Sumber"), sources, zone, head)
    _write_compliance(book.create_sheet("Kepatuhan"), compliance, head)
    out = io.BytesIO()
    book.save(out)
    return rekap_rows.splice(out.getvalue(), REKAP_PART)


def compliance_workbook(compliance: Sequence[ComplianceRow | tuple], letterhead: Letterhead) -> bytes:
    """The Kepatuhan sheet alone, for /kepatuhan: the full table as a file, not a long message."""
    book = Workbook(write_only=True)
    book.properties.title = f"Kepatuhan SOP {letterhead.short_name} {letterhead.periode_label}".replace("  ", " ")
    _write_compliance(book.create_sheet("Kepatuhan"), compliance, letterhead)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_rekap(sheet, units: Sequence[RecapUnit], periode_code: str, head: Letterhead) -> FastRows:
    """The header through openpyxl; the rows as XML, put in once the workbook is saved."""
    # Row 1 is the header (SPEC §8: machines read this sheet); the title lives in the page header.
    lines = [line for unit in units for line in _unit_lines(unit, periode_code)]
    widths = rekap_widths([values for values, _ in lines])
    set_widths(sheet, widths)
    print_setup(sheet, head, title="Rekap data kinerja", title_rows="1:1", pages_wide=2, title_cols="A:C")
    sheet.print_options.gridLines = True  # a printed grid without a border on every cell
    sheet.freeze_panes = "D2"
    sheet.row_dimensions[1].height = row_height(ALL_HEADERS, widths)
    sheet.append(header_row(sheet, ALL_HEADERS))
    rows = FastRows(sheet, len(ALL_HEADERS))
    for count, (values, warnings) in enumerate(lines, 2):
        cells = [(value, shown, TOP_WRAP if wrap else TOP) for value, shown, wrap in rekap_styles(values)]
        rows.append(count, cells, row_height(values, widths), warning_comments(warnings))
    sheet.auto_filter.ref = f"A1:T{len(lines) + 1}"
    return rows


def rekap_widths(lines: Sequence[tuple], base: Sequence[float] = ()) -> tuple[float, ...]:
    """The Rekap widths, Target and Realisasi widened to their longest figure as displayed
    (Rp 1.750.000.000.000 needs 20 characters; a narrower column prints "####")."""
    widths = list(base or REKAP_WIDTHS)
    for column in (TARGET, REALISASI):
        longest = max((shown_length(v[column], v[3] or "") for v in lines), default=0)
        widths[column] = max(widths[column], min(MAX_NUMBER_WIDTH, longest + 2))
    return tuple(widths)


def shown_length(value: object, satuan: str) -> int:
    if not isinstance(value, Decimal) or not value.is_finite():
        return 0
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return len(text) + (3 if is_rupiah(satuan) else 0)


def _unit_lines(unit: RecapUnit, periode_code: str) -> Iterator[tuple[tuple, tuple]]:
    """(values, warnings) per line of a unit."""
    if not unit.missing:
        yield from ((rekap_values(unit.unit_name, row), row.warnings) for row in unit.result.rows)
    elif unit.indicators:
        yield from ((_missing_values(unit.unit_name, ind, periode_code), ()) for ind in unit.indicators)
    else:
        yield _padded((unit.unit_name, None, None, None, None, None, None, None, None, MISSING)), ()


def _padded(values: tuple) -> tuple:
    return values + (None,) * (len(ALL_HEADERS) - len(values))


def rekap_values(unit_name: str, row: FilledRow) -> tuple:
    """One Rekap line; shared with the unit recap so both say the same thing."""
    capaian = None if row.capaian is None else shown_capaian(row.capaian)  # older rows were unrounded
    realisasi = NO_DATA_LABEL if row.no_data else row.realisasi
    return (
        unit_name,
        row.sasaran,
        row.name,
        row.satuan,
        POLARITY_LABELS[row.polarity],
        row.target,
        realisasi,
        capaian,
        row.kategori,
        row.keterangan,
        *trend_values(row),
    )


def trend_values(row: FilledRow) -> tuple:
    """The analysis, the previous period, the year so far and the warnings (TREND_HEADERS)."""
    previous = periode_label(row.previous_periode) if row.previous_periode else None
    return (
        row.penghambat or None,
        row.pendukung or None,
        row.tindak_lanjut or None,
        previous,
        row.previous_realisasi,
        row.previous_capaian,
        row.annual_target,
        row.realisasi_so_far,
        row.capaian_annual,
        "\n".join(f"{column}: {message}" for column, message in row.warnings) or None,
    )


def warning_comments(warnings: tuple[tuple[str, str], ...]) -> dict[int, Comment]:
    """0-based column -> a cell comment holding that cell's warnings (the recap marks them)."""
    by_column: dict[int, list[str]] = {}
    for column, message in warnings:
        if column in ALL_HEADERS:
            by_column.setdefault(ALL_HEADERS.index(column), []).append(message)
    return {i: Comment("\n".join(texts), "Kinerja Bot", width=320, height=120) for i, texts in by_column.items()}


def _missing_values(unit_name: str, ind: Indicator, periode_code: str) -> tuple:
    return _padded(
        (
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
    )


def rekap_styles(values: tuple) -> list[tuple[object, str | None, bool]]:
    """(value, number format, wrapped) per cell of one line: text wrapped, numbers in the format
    of their satuan, capaian with two decimals (a number, never capped)."""
    satuan = values[3] or ""
    out = []
    for i, value in enumerate(values):
        shown = None
        if i in PERCENT_COLUMNS:
            shown = DECIMAL
        elif i in AMOUNT_COLUMNS and isinstance(value, Decimal):
            shown = number_format(satuan, value)
        out.append((value, shown, i in TEXT_COLUMNS))
    return out


def _write_sources(sheet, sources: Sequence[SourceFile], zone: tzinfo, head: Letterhead) -> None:
    set_widths(sheet, SUMBER_WIDTHS)
    print_setup(sheet, head, title="Sumber data", title_rows="1:1")
    sheet.append(header_row(sheet, SUMBER_HEADERS))
    for number, src in enumerate(sources, 2):
        local = src.received_at.astimezone(zone)
        shown = f"{local:%d-%m-%Y %H:%M} {local.tzname()}"
        values = (src.unit_name or src.unit_code, src.file_name, src.sender, shown)
        sheet.row_dimensions[number].height = row_height(values, SUMBER_WIDTHS)
        sheet.append(
            [
                *(wo_cell(sheet, v, alignment=TOP_WRAP) for v in values),
                wo_cell(sheet, local.replace(tzinfo=None), number_format="dd-mm-yyyy hh:mm"),
                wo_cell(sheet, src.sha256.lower()),
                wo_cell(sheet, IN_USE[src.in_use], alignment=TOP_WRAP),
            ]
        )


def _write_compliance(sheet, rows: Sequence[ComplianceRow | tuple], head: Letterhead) -> None:
    set_widths(sheet, KEPATUHAN_WIDTHS)
    print_setup(sheet, head, title="Kepatuhan SOP", title_rows="1:1")
    sheet.row_dimensions[1].height = row_height(KEPATUHAN_HEADERS, KEPATUHAN_WIDTHS)
    sheet.append(header_row(sheet, KEPATUHAN_HEADERS))
    for number, r in enumerate(rows, 2):
        values = astuple(r) if is_dataclass(r) else tuple(r)  # written as given, nothing computed
        sheet.row_dimensions[number].height = row_height(values, KEPATUHAN_WIDTHS)
        sheet.append([wo_cell(sheet, v, alignment=TOP_WRAP) for v in values])
