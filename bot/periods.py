"""Reporting periods (a month or a quarter) and their Indonesian spellings.

SPEC §4: commands take `2026-10`, `Oktober 2026`, `okt 2026`, `10/2026` for a
month and `2026-TW3`, `TW3 2026`, `TW III 2026`, `Triwulan III 2026`,
`2026-Q3` for a quarter. The canonical form stored in the database is
`Periode.code`. The full list of spellings is in docs/CALENDAR.md.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel.dates import get_month_names

__all__ = ["MIN_YEAR", "MAX_YEAR", "Periode", "PeriodeError", "parse_period"]

MIN_YEAR, MAX_YEAR = 2000, 2100
Kind = Literal["bulan", "triwulan"]
_EXAMPLES = "2026-10, Oktober 2026, okt 2026, 10/2026, TW III 2026, Triwulan 3 2026, 2026-Q3"
_ROMAN = ("", "I", "II", "III", "IV")
_QUARTER_WORDS = frozenset({"tw", "trw", "triwulan", "q", "kuartal", "quarter"})
_FILLER = frozenset({"ke"})  # "triwulan ke-3 2026"
_NOT_ALLOWED = re.compile(r"[^a-z0-9\s\-/.,]")
_CODE = re.compile(r"(\d{4})-(?:(\d{2})|TW([1-4]))")


def _month_names() -> dict[str, int]:
    # CLDR names (Indonesian and English, wide and short) plus the spellings
    # found in Indonesian government letters that CLDR does not carry.
    names = {
        name.lower().rstrip("."): number
        for locale in ("id", "en")
        for width in ("wide", "abbreviated")
        for number, name in get_month_names(width, locale=locale).items()
    }
    extra = {"agt": 8, "ags": 8, "agus": 8, "sept": 9, "pebruari": 2, "peb": 2, "nopember": 11, "nop": 11}
    return names | extra


_MONTHS = _month_names()
_MONTH_LABELS = get_month_names("wide", locale="id")


class PeriodeError(ValueError):
    """A period that cannot be read; str() is the Indonesian reply to the user."""

    def __init__(self, text: str, reason: str = "") -> None:
        self.text, self.reason = text, reason
        shown = text if len(text) <= 40 else text[:40] + "…"
        head = f"Periode '{shown}' tidak dikenali" if text.strip() else "Periode belum diisi"
        super().__init__(f"{head}{': ' + reason if reason else ''}. Contoh: {_EXAMPLES}.")


@dataclass(frozen=True, order=True)
class Periode:
    year: int
    kind: Kind
    number: int  # month 1..12 or quarter 1..4

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"tahun periode harus antara {MIN_YEAR} dan {MAX_YEAR}, bukan {self.year}")
        if self.kind not in ("bulan", "triwulan"):
            raise ValueError(f"jenis periode harus 'bulan' atau 'triwulan', bukan {self.kind!r}")
        highest = 12 if self.kind == "bulan" else 4
        if not 1 <= self.number <= highest:
            raise ValueError(f"nomor {self.kind} harus 1 sampai {highest}, bukan {self.number}")

    @property
    def code(self) -> str:
        """Canonical form kept in the database: "2026-10" or "2026-TW3"."""
        if self.kind == "bulan":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-TW{self.number}"

    @property
    def label(self) -> str:
        """What people read: "Oktober 2026" or "Triwulan III 2026"."""
        if self.kind == "bulan":
            return f"{_MONTH_LABELS[self.number]} {self.year}"
        return f"Triwulan {_ROMAN[self.number]} {self.year}"

    def months(self) -> list[int]:
        if self.kind == "bulan":
            return [self.number]
        first = 3 * self.number - 2
        return [first, first + 1, first + 2]

    def start(self) -> date:
        return date(self.year, self.months()[0], 1)

    def end(self) -> date:
        last = self.months()[-1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @classmethod
    def from_code(cls, code: str) -> Periode:
        """Strict reading of `code` (what the database holds), not the loose user spellings."""
        match = _CODE.fullmatch(code)
        if not match:
            raise PeriodeError(code, "kode periode harus berbentuk 2026-10 atau 2026-TW3")
        year, month, quarter = match.groups()
        return _build(code, int(year), "bulan" if month else "triwulan", int(month or quarter))


def parse_period(text: str) -> Periode:
    """Any accepted spelling of a month or quarter -> Periode; PeriodeError otherwise."""
    norm = text.strip().lower()
    if not norm or _NOT_ALLOWED.search(norm):
        raise PeriodeError(text)
    # "2026-TW3" -> ["2026", "tw", "3"]; "Okt. 2026" -> ["okt", "2026"]
    tokens = [t for t in re.findall(r"[a-z]+|\d+", norm) if t not in _FILLER]
    year, rest = _split_year(text, tokens)
    if len(rest) == 2 and rest[0] in _QUARTER_WORDS:
        return _build(text, year, "triwulan", _quarter_number(text, rest[1]))
    if len(rest) == 1:
        return _build(text, year, "bulan", _month_number(text, rest[0]))
    raise PeriodeError(text)


def _split_year(text: str, tokens: list[str]) -> tuple[int, list[str]]:
    """The four-digit year, written first or last, and the tokens around it."""
    if tokens and _is_year(tokens[-1]):
        year, rest = tokens[-1], tokens[:-1]
    elif tokens and _is_year(tokens[0]):
        year, rest = tokens[0], tokens[1:]
    else:
        # A year stuck in the middle ("10 2026 x") is a garbled spelling, not a missing year.
        raise PeriodeError(text, "" if any(map(_is_year, tokens)) else "tahun (4 angka) tidak ada")
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise PeriodeError(text, f"tahun harus antara {MIN_YEAR} dan {MAX_YEAR}")
    return int(year), rest


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit()


def _month_number(text: str, token: str) -> int:
    if token in _MONTHS:
        return _MONTHS[token]
    if token.isdigit() and len(token) <= 2:
        if 1 <= int(token) <= 12:
            return int(token)
        raise PeriodeError(text, "bulan harus 1 sampai 12")
    raise PeriodeError(text)


def _quarter_number(text: str, token: str) -> int:
    number = _ROMAN.index(token.upper()) if token.upper() in _ROMAN[1:] else None
    if number is None and token.isdigit() and 1 <= int(token) <= 4:
        number = int(token)
    if number is None:
        raise PeriodeError(text, "triwulan harus 1 sampai 4 (I sampai IV)")
    return number


def _build(text: str, year: int, kind: Kind, number: int) -> Periode:
    try:
        return Periode(year, kind, number)
    except ValueError as exc:  # from_code("2026-13") lands here
        raise PeriodeError(text, str(exc)) from exc
