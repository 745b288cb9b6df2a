"""The months a monitoring covers: `/monitoring [dari] [sampai]`, by default the last six months."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

from bot.periods import Periode, PeriodeError, parse_period

DEFAULT_MONTHS = 6
SEPARATORS = re.compile(r"\s+(?:sampai|sd|s\.d\.?|s/d|hingga|-|–)\s+", re.I)
EXAMPLE = "<code>/monitoring Juli 2026 Desember 2026</code> atau <code>/monitoring 2026-TW3 2026-TW4</code>"


class SpanError(ValueError):
    """str() is the Indonesian answer."""


@dataclass(frozen=True)
class Span:
    first: Periode  # both as months or quarters as typed; the span runs from first.start() to last.end()
    last: Periode

    @property
    def start(self) -> date:
        return self.first.start()

    @property
    def end(self) -> date:
        return self.last.end()

    @property
    def label(self) -> str:
        return self.first.label if self.first == self.last else f"{self.first.label} – {self.last.label}"

    def codes(self) -> list[str]:
        """Every month and quarter whose last day falls inside the span."""
        codes = []
        for year in range(self.start.year, self.end.year + 1):
            for kind, count in (("bulan", 12), ("triwulan", 4)):
                for number in range(1, count + 1):
                    periode = Periode(year, kind, number)
                    if self.start <= periode.end() <= self.end:
                        codes.append(periode.code)
        return codes


def parse_span(text: str, *, today: date) -> Span:
    text = " ".join(text.split())
    this_month = Periode(today.year, "bulan", today.month)
    if not text:
        months_back = today.year * 12 + today.month - 1 - (DEFAULT_MONTHS - 1)
        return Span(Periode(months_back // 12, "bulan", months_back % 12 + 1), this_month)
    first, last = _two_periods(text)
    last = last or this_month
    if last.end() < first.start():
        raise SpanError(f"Rentang terbalik: {first.label} sesudah {last.label}. Contoh: {EXAMPLE}.")
    return Span(first, last)


def _two_periods(text: str) -> tuple[Periode, Periode | None]:
    halves = SEPARATORS.split(text, maxsplit=1)
    if len(halves) == 2:
        return _read(halves[0]), _read(halves[1])
    try:
        return parse_period(text), None
    except PeriodeError:
        pass
    words = text.split()
    for cut in range(1, len(words)):  # "Juli 2026 Desember 2026": the cut where both halves read
        try:
            return parse_period(" ".join(words[:cut])), parse_period(" ".join(words[cut:]))
        except PeriodeError:
            continue
    raise SpanError(
        f"Rentang periode '{escape(text[:60])}' tidak dikenali. Tulis periode awal dan akhir, misalnya {EXAMPLE}."
    )


def _read(text: str) -> Periode:
    try:
        return parse_period(text)
    except PeriodeError as exc:
        raise SpanError(escape(str(exc))) from None
