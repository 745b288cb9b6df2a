"""Every file of one recap, built together from rows parsed once: the workbook, the report
document and the chart (the chat's photo and the document's figure are the same PNG)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from bot.sheets.charts import indicator_chart_png, unit_chart_png
from bot.sheets.recap import compile_recap
from bot.sheets.report import ReportUnit, build_report
from bot.sheets.result import IntakeResult
from bot.sheets.totals import RecapUnit, agency_totals, as_recap_unit, summarize
from bot.sheets.types import ComplianceRow, Letterhead, SourceFile
from bot.sheets.unit_recap import unit_recap


@dataclass(frozen=True)
class RecapFiles:
    workbook: bytes
    report: bytes
    chart: bytes
    lines: tuple[str, ...] = ()


def agency_recap_files(
    *,
    periode_code: str,
    head: Letterhead,
    units: Sequence[RecapUnit | tuple],
    sources: Sequence[SourceFile],
    compliance: Sequence[ComplianceRow | tuple],
    tz: tzinfo | str,
) -> RecapFiles:
    recap_units = [as_recap_unit(u) for u in units]
    summaries = [summarize(u) for u in recap_units]
    totals = agency_totals(recap_units)
    workbook = compile_recap(
        periode_code=periode_code,
        periode_label=head.periode_label,
        units=recap_units,
        sources=sources,
        compliance=compliance,
        tz=tz,
        letterhead=head,
    )
    chart = unit_chart_png(
        summaries, agency=head.agency or head.short_name, periode_label=head.periode_label, bands=totals.scale
    )
    report_units = [
        ReportUnit(u.unit_name, s, () if u.missing else u.result.rows) for u, s in zip(recap_units, summaries)
    ]
    report = build_report(
        head=head,
        title="Laporan Capaian Kinerja",
        units=report_units,
        chart_png=chart,
        totals=totals,
        scale=totals.scale,
    )
    return RecapFiles(workbook, report, chart)


def unit_recap_files(*, unit_code: str, unit_name: str, head: Letterhead, result: IntakeResult) -> RecapFiles:
    workbook, lines = unit_recap(
        unit_code=unit_code, unit_name=unit_name, periode_label=head.periode_label, result=result, letterhead=head
    )
    chart = indicator_chart_png(
        result.rows,
        unit_name=unit_name,
        agency=head.short_name or head.agency,
        periode_label=head.periode_label,
        bands=result.scale,
    )
    unit = RecapUnit(unit_code, unit_name, result)
    report = build_report(
        head=head,
        title=f"Capaian Kinerja {unit_name}",
        units=[ReportUnit(unit_name, summarize(unit), result.rows)],
        chart_png=chart,
        scale=result.scale,
    )
    return RecapFiles(workbook, report, chart, tuple(lines))
