"""Capaian (achievement, %) and its category: the formulas of docs/CAPAIAN.md, in Decimal."""

from __future__ import annotations

from decimal import Decimal

from bot.sheets.scales import DEFAULT_SCALE, Scale
from bot.sheets.types import OPINION_SCALE, Formula, Polarity, RangeTarget, Value

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")

# Full names people type instead of the audit-opinion codes.
GRADE_ALIASES = {
    "WAJAR TANPA PENGECUALIAN": "WTP",
    "WAJAR DENGAN PENGECUALIAN": "WDP",
    "TIDAK WAJAR": "TW",
    "TIDAK MEMBERIKAN PENDAPAT": "TMP",
    "TIDAK MENYATAKAN PENDAPAT": "TMP",
    "DISCLAIMER": "TMP",
}


# The category scale in force unless CAPAIAN_SCALE picks another (bot/sheets/scales.py).
DEFAULT_BANDS: Scale = DEFAULT_SCALE


def normalize_grade(text: str) -> str:
    """' wajar tanpa pengecualian ' -> 'WTP'; other text upper-cased and trimmed."""
    key = " ".join(str(text).upper().replace("(", " ").replace(")", " ").split())
    return GRADE_ALIASES.get(key, key)


def compute_capaian(
    polarity: Polarity,
    target: Value,
    realisasi: Value | None,
    scale: tuple[tuple[str, Decimal], ...] = OPINION_SCALE,
    formula: Formula = "2T-R",
) -> Decimal | None:
    """Capaian in percent, never capped; None when there is no realisation (or, under T/R,
    a realisation of 0 or less, for which that formula has no value)."""
    if realisasi is None:
        return None
    if polarity == "qualitative":
        return _qualitative(str(target), str(realisasi), scale)
    if isinstance(target, RangeTarget) and isinstance(realisasi, Decimal):
        # PermenPANRB 8/2021: inside the range is 100; outside, the formula against the nearer bound.
        if target.low <= realisasi <= target.high:
            return HUNDRED
        bound = target.high if realisasi > target.high else target.low
        return _against(polarity, bound, realisasi, formula)
    if not isinstance(target, Decimal) or not isinstance(realisasi, Decimal):
        raise TypeError("indikator kuantitatif membutuhkan target dan realisasi berupa angka")
    return _against(polarity, target, realisasi, formula)


def _against(polarity: Polarity, target: Decimal, realisasi: Decimal, formula: Formula) -> Decimal | None:
    if target == ZERO:
        return _zero_target(polarity, realisasi)
    if polarity == "lower" and formula == "T/R" and target > ZERO:
        return HUNDRED * target / realisasi if realisasi > ZERO else None
    # |T| keeps the direction right for negative targets (e.g. a growth target of -5%);
    # for T > 0 these are exactly R/T*100 and (2T-R)/T*100.
    gap = (realisasi - target) / abs(target)
    return HUNDRED * (1 + gap) if polarity == "higher" else HUNDRED * (1 - gap)


def _zero_target(polarity: Polarity, realisasi: Decimal) -> Decimal:
    # A zero target is met or it is not: no ratio exists, and "100 whatever happens"
    # (the e-SAKIP sign error) would rate 3 findings against a target of 0 as perfect.
    met = realisasi >= ZERO if polarity == "higher" else realisasi <= ZERO
    return HUNDRED if met else ZERO


def _qualitative(target: str, realisasi: str, scale: tuple[tuple[str, Decimal], ...]) -> Decimal:
    ranks = {grade: i for i, (grade, _) in enumerate(scale)}  # 0 = best
    got, want = normalize_grade(realisasi), normalize_grade(target)
    if got not in ranks:
        raise ValueError(f'"{realisasi}" bukan nilai yang dikenal ({", ".join(ranks)})')
    if want in ranks and ranks[got] > ranks[want]:
        return dict(scale)[got]  # below target: the grade's own score
    return HUNDRED  # target met (or bettered: WTP against a WDP target)


def average(values: list[Decimal]) -> Decimal | None:
    return sum(values, ZERO) / len(values) if values else None
