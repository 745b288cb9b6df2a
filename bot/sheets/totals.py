"""Per-unit summary (count, average capaian, count per category) and the agency's totals: plain
figures, no workbook, so the core can compute them without loading openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.sheets.capaian import average
from bot.sheets.result import IntakeResult
from bot.sheets.scales import DEFAULT_SCALE, Scale
from bot.sheets.types import Indicator, UnitSummary


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


@dataclass(frozen=True)
class AgencyTotals:
    """The agency's line: every filled indicator of every unit that sent data weighs the same."""

    indicators: int
    filled: int
    average: Decimal | None
    per_category: dict[str, int]
    units_in: tuple[str, ...]
    units_out: tuple[str, ...]
    scale: Scale = DEFAULT_SCALE  # the scale in force (CAPAIAN_SCALE) names the categories

    @property
    def category(self) -> str | None:
        return self.scale.category(self.average)


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


def scale_of(units: Sequence[RecapUnit]) -> Scale:
    """The scale the units' rows were judged on (one per installation: CAPAIAN_SCALE)."""
    return next((u.result.scale for u in units if not u.missing), DEFAULT_SCALE)


def agency_totals(units: Sequence[RecapUnit]) -> AgencyTotals:
    rows = [r for u in units if not u.missing for r in u.result.rows]
    scale = scale_of(units)
    counts = {label: sum(1 for r in rows if r.kategori == label) for label in scale.labels}
    return AgencyTotals(
        sum(len(u.result.rows) if not u.missing else len(u.indicators) for u in units),
        sum(1 for r in rows if r.realisasi is not None),
        average([r.capaian for r in rows if r.capaian is not None]),
        counts,
        tuple(u.unit_name for u in units if not u.missing),
        tuple(u.unit_name for u in units if u.missing),
        scale,
    )
