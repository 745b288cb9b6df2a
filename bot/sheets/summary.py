"""Per-unit summary (count, average capaian, count per category) and the `Ringkasan` sheet."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from openpyxl.chart import BarChart, Reference

from bot.sheets.capaian import DEFAULT_BANDS, average
from bot.sheets.cells import header_row, wo_cell
from bot.sheets.result import IntakeResult
from bot.sheets.types import Indicator, UnitSummary

SUMMARY_HEADERS = ("Unit", "Jumlah indikator", "Terisi", "Rata-rata capaian (%)",
                   *DEFAULT_BANDS.labels, "Status")
TABLE_TOP = 4  # rows 1-2: title and period; the table's header is on row 4


@dataclass(frozen=True)
class RecapUnit:
    """One unit in the agency recap; result None (or rejected) = its data did not come in."""
    unit_code: str
    unit_name: str
    result: IntakeResult | None
    indicators: tuple[Indicator, ...] = field(default=())

    @property
    def missing(self) -> bool:
        return self.result is None or not self.result.accepted


def as_recap_unit(item: RecapUnit | tuple) -> RecapUnit:
    return item if isinstance(item, RecapUnit) else RecapUnit(*item)


def summarize(unit: RecapUnit) -> UnitSummary:
    if unit.missing:
        return UnitSummary(unit.unit_code, unit.unit_name, len(unit.indicators), 0, None, {}, True)
    rows = unit.result.rows
    scores = [r.capaian for r in rows if r.capaian is not None]
    counts = {label: sum(1 for r in rows if r.kategori == label) for label in unit.result.scale.labels}
    filled = sum(1 for r in rows if r.realisasi is not None)
    return UnitSummary(unit.unit_code, unit.unit_name, len(rows), filled, average(scores), counts)


def write_summary_sheet(sheet, summaries: Sequence[UnitSummary], periode_label: str) -> None:
    """Fill a write-only `Ringkasan` sheet and put a native bar chart beside the table."""
    sheet.append([wo_cell(sheet, "Ringkasan capaian kinerja per unit", bold=True)])
    sheet.append([wo_cell(sheet, f"Periode: {periode_label}")])
    sheet.append([])
    labels = _labels(summaries)  # the scale in force (CAPAIAN_SCALE) names the count columns
    sheet.append(header_row(sheet, (*SUMMARY_HEADERS[:4], *labels, SUMMARY_HEADERS[-1])))
    for s in summaries:
        sheet.append(_summary_cells(sheet, s, labels))
    for column, width in zip("ABCDEFGHIJ", (28, 10, 8, 12, 8, 8, 8, 8, 8, 16)):
        sheet.column_dimensions[column].width = width
    if summaries:
        sheet.add_chart(_bar_chart(sheet, len(summaries)), f"B{TABLE_TOP + len(summaries) + 3}")


def _labels(summaries: Sequence[UnitSummary]) -> tuple[str, ...]:
    return next((tuple(s.per_category) for s in summaries if not s.missing), DEFAULT_BANDS.labels)


def _summary_cells(sheet, s: UnitSummary, labels: tuple[str, ...]) -> list:
    counts = [s.per_category.get(label, 0) if not s.missing else None for label in labels]
    status = "Data tidak masuk" if s.missing else "Diterima"
    values = (s.unit_name, s.indicators, s.filled, s.average, *counts, status)
    return [wo_cell(sheet, v, number_format="0.00" if i == 3 else None) for i, v in enumerate(values)]


def _bar_chart(sheet, count: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: unit names stay readable
    chart.title = "Rata-rata capaian (%) per unit"
    chart.y_axis.title = "Capaian (%)"
    chart.legend = None
    first, last = TABLE_TOP + 1, TABLE_TOP + count
    chart.add_data(Reference(sheet, min_col=4, min_row=TABLE_TOP, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.height = max(7.5, 0.6 * count + 3)
    chart.width = 18
    return chart
