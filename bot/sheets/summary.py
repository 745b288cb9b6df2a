"""The `Ringkasan` sheet: the page an official signs, with the per-unit summary and the agency's
totals (computed in totals.py), its chart and signature block."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.pagebreak import Break

from bot.sheets.cells import TOP_WRAP, header_row, wo_cell
from bot.sheets.paper import DECIMAL, print_setup, row_height, set_widths
from bot.sheets.scales import DEFAULT_SCALE, shown_capaian
from bot.sheets.totals import AgencyTotals
from bot.sheets.types import Letterhead, UnitSummary

SUMMARY_HEADERS = ("Unit", "Jumlah indikator", "Terisi", "Rata-rata capaian (%)", *DEFAULT_SCALE.labels, "Status")
SUMMARY_WIDTHS = (30, 11, 9, 12, 10, 10, 10, 10, 10, 16)
TABLE_TOP = 5  # rows 1-3: title, agency, period; the table's header is on row 5
AGENCY_ROW = "Badan (seluruh unit)"
MISSING, RECEIVED = "Data tidak masuk", "Diterima"
SIGNATURE_CHARS, SIGNATURE_COLUMN, SIGNATURE_ROWS = 44, 7, 9  # columns G:J of Ringkasan
PAGE_ROWS = 30  # rows of the default height on a landscape A4 page, below the repeated header
MAX_CHART_CM = 14.0
ROW_CM = 0.53  # a default 15 pt row, to know how many rows the chart covers


def write_summary_sheet(sheet, summaries: Sequence[UnitSummary], totals: AgencyTotals, head: Letterhead) -> None:
    """Fill a write-only `Ringkasan` sheet: the table, the agency's line, the units in and not in,
    a native bar chart (axis from 0) and the signature block."""
    set_widths(sheet, SUMMARY_WIDTHS)
    print_setup(sheet, head, title="Ringkasan capaian kinerja", title_rows=f"{TABLE_TOP}:{TABLE_TOP}")
    sheet.append([wo_cell(sheet, "RINGKASAN CAPAIAN KINERJA PER UNIT", bold=True)])
    sheet.append([wo_cell(sheet, head.agency or head.short_name)])
    sheet.append([wo_cell(sheet, f"Periode: {head.periode_label}")])
    sheet.append([])
    labels = totals.scale.labels
    headers = (*SUMMARY_HEADERS[:4], *labels, SUMMARY_HEADERS[-1])
    sheet.row_dimensions[TABLE_TOP].height = row_height(headers, SUMMARY_WIDTHS)
    sheet.append(header_row(sheet, headers, wrap=True))
    for row, s in enumerate(summaries, TABLE_TOP + 1):
        sheet.row_dimensions[row].height = row_height([s.unit_name], SUMMARY_WIDTHS[:1])
        sheet.append(_summary_cells(sheet, s, labels))
    sheet.append(_totals_cells(sheet, totals))
    sheet.append([])
    written = TABLE_TOP + len(summaries) + 2
    lines = [
        f"Unit yang datanya masuk: {len(totals.units_in)} dari {len(summaries)}.",
        f"Unit yang datanya tidak masuk: {len(totals.units_out) or 'tidak ada'}" + (":" if totals.units_out else "."),
        *(f"   - {name}" for name in totals.units_out),
    ]
    for line in lines:  # one short line per row: long lists would run off the page
        written += 1
        sheet.append([wo_cell(sheet, line)])
    free = written + 2
    signature_at = free
    if summaries:
        chart = _bar_chart(sheet, len(summaries))
        chart_rows = math.ceil(chart.height / ROW_CM)
        if free + chart_rows > PAGE_ROWS:  # a long table: the chart starts a page, never split by one
            sheet.row_breaks.append(Break(id=free - 1))
        sheet.add_chart(chart, f"A{free}")
        # beside the chart's lower end, so a short recap prints on one page with its signature
        signature_at = free + max(0, chart_rows - SIGNATURE_ROWS)
    write_signature(sheet, head, blank_rows=signature_at - written - 1, column=SIGNATURE_COLUMN)


def write_signature(sheet, head: Letterhead, *, blank_rows: int, column: int) -> None:
    """The signature block, right of the page: place and date, title, room to sign, name, NIP."""
    for _ in range(blank_rows):
        sheet.append([])
    for line in head.signature_lines(width=SIGNATURE_CHARS):
        bold = line == head.signer_name and bool(line)
        sheet.append([None] * (column - 1) + [wo_cell(sheet, line or None, bold=bold)])


def _summary_cells(sheet, s: UnitSummary, labels: tuple[str, ...]) -> list:
    counts = [s.per_category.get(label, 0) if not s.missing else None for label in labels]
    shown = None if s.average is None else shown_capaian(s.average)
    values = (s.unit_name, s.indicators, s.filled, shown, *counts, MISSING if s.missing else RECEIVED)
    return [
        wo_cell(sheet, v, number_format=DECIMAL if i == 3 else None, alignment=TOP_WRAP if i == 0 else None)
        for i, v in enumerate(values)
    ]


def _totals_cells(sheet, t: AgencyTotals) -> list:
    shown = None if t.average is None else shown_capaian(t.average)
    values = (
        AGENCY_ROW,
        t.indicators,
        t.filled,
        shown,
        *(t.per_category[label] for label in t.scale.labels),
        t.category or "",
    )
    return [wo_cell(sheet, v, number_format=DECIMAL if i == 3 else None, bold=True) for i, v in enumerate(values)]


def _bar_chart(sheet, count: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: unit names stay readable
    chart.title = "Rata-rata capaian (%) per unit"
    chart.y_axis.title = "Capaian (%)"
    chart.y_axis.scaling.min = 0  # from 0, so 90 looks like nine tenths of 100
    chart.y_axis.majorUnit = 25
    chart.y_axis.number_format = "0"
    chart.x_axis.scaling.orientation = "maxMin"  # first unit on top, as in the table
    chart.y_axis.crosses = "max"  # with the categories reversed, keeps the value axis at the bottom
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.legend = None
    first, last = TABLE_TOP + 1, TABLE_TOP + count
    chart.add_data(Reference(sheet, min_col=4, min_row=TABLE_TOP, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.height = min(MAX_CHART_CM, max(7, 0.55 * count + 2.5))  # 50 units still fit one page
    chart.width = 15.5  # columns A:F; the signature block stands beside it
    return chart
