"""Capaian (achievement, %) and its category: the formulas of docs/CAPAIAN.md, in Decimal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.sheets.types import OPINION_SCALE, Polarity, Value

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


@dataclass(frozen=True)
class Bands:
    """Half-open bands, highest first: a value >= lower gets that label (first match wins)."""

    bands: tuple[tuple[Decimal, str], ...]
    floor_label: str

    def category(self, capaian: Decimal | None) -> str | None:
        if capaian is None:
            return None
        capaian = two_decimals(capaian)  # decided on the figure as shown: 90.996 is 91.00
        return next((label for lower, label in self.bands if capaian >= lower), self.floor_label)

    @property
    def labels(self) -> tuple[str, ...]:
        return (*(label for _, label in self.bands), self.floor_label)


# Permendagri 86/2017 evaluation scale, closed into half-open bands (docs/CAPAIAN.md).
DEFAULT_BANDS = Bands(
    bands=((Decimal(91), "Sangat Tinggi"), (Decimal(76), "Tinggi"), (Decimal(66), "Sedang"), (Decimal(51), "Rendah")),
    floor_label="Sangat Rendah",
)


def two_decimals(value: Decimal) -> Decimal:
    """Capaian as it is shown and stored (SPEC §5): half up to two decimals."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def normalize_grade(text: str) -> str:
    """' wajar tanpa pengecualian ' -> 'WTP'; other text upper-cased and trimmed."""
    key = " ".join(str(text).upper().replace("(", " ").replace(")", " ").split())
    return GRADE_ALIASES.get(key, key)


def compute_capaian(
    polarity: Polarity, target: Value, realisasi: Value | None, scale: tuple[tuple[str, Decimal], ...] = OPINION_SCALE
) -> Decimal | None:
    """Capaian in percent, never capped; None when there is no realisation."""
    if realisasi is None:
        return None
    if polarity == "qualitative":
        return _qualitative(str(target), str(realisasi), scale)
    if not isinstance(target, Decimal) or not isinstance(realisasi, Decimal):
        raise TypeError("indikator kuantitatif membutuhkan target dan realisasi berupa angka")
    if target == ZERO:
        return _zero_target(polarity, realisasi)
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
