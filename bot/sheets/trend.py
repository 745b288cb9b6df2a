"""The trend beside each indicator: the previous period of the same kind, and the year so far
against the annual target, cumulated as the master says (docs/CAPAIAN.md, "Trend")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from bot.periods import Periode
from bot.sheets.capaian import compute_capaian
from bot.sheets.types import FilledRow, Indicator, Value

History = Mapping[str, Sequence[FilledRow]]  # periode code -> the accepted rows of that period


def previous_code(periode_code: str) -> str:
    """TW II before TW III, September before Oktober; TW IV / Desember of last year before the first."""
    p = Periode.from_code(periode_code)
    highest = 12 if p.kind == "bulan" else 4
    earlier = Periode(p.year, p.kind, p.number - 1) if p.number > 1 else Periode(p.year - 1, p.kind, highest)
    return earlier.code


def earlier_in_year(periode_code: str) -> tuple[str, ...]:
    """The periods of the same kind before this one in its year, oldest first."""
    p = Periode.from_code(periode_code)
    return tuple(Periode(p.year, p.kind, n).code for n in range(1, p.number))


def periode_label(periode_code: str) -> str:
    return Periode.from_code(periode_code).label


def needed_codes(periode_code: str) -> tuple[str, ...]:
    """Every period whose accepted data the trend of `periode_code` reads."""
    return tuple(dict.fromkeys((previous_code(periode_code), *earlier_in_year(periode_code))))


def with_trend(
    rows: Sequence[FilledRow], indicators: Mapping[str, Indicator], periode_code: str, history: History
) -> tuple[FilledRow, ...]:
    by_period = {code: {r.code: r for r in rows_} for code, rows_ in history.items()}
    before = by_period.get(previous_code(periode_code), {})
    year = [by_period.get(code, {}) for code in earlier_in_year(periode_code)]
    out = []
    for row in rows:
        ind = indicators[row.code]
        prev = before.get(row.code)
        so_far = cumulate(ind, [p[row.code].realisasi for p in year if row.code in p] + [row.realisasi])
        out.append(
            replace(
                row,
                previous_periode=previous_code(periode_code) if prev else "",
                previous_realisasi=prev.realisasi if prev else None,
                previous_capaian=prev.capaian if prev else None,
                annual_target=ind.target_annual,
                realisasi_so_far=so_far,
                capaian_annual=compute_capaian(ind.polarity, ind.target_annual, so_far, ind.scale, ind.formula),
            )
        )
    return tuple(out)


def cumulate(ind: Indicator, values: Sequence[Value | None]) -> Value | None:
    """Sum, average or latest of the periods that have data; periods without data are left out."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if ind.polarity == "qualitative" or ind.cumulation == "latest":
        return known[-1]
    numbers = [v for v in known if isinstance(v, Decimal)]
    total = sum(numbers, Decimal(0))
    return total if ind.cumulation == "sum" else total / len(numbers)
