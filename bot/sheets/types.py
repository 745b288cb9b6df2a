"""Plain data types shared by the spreadsheet modules (no Telegram, no database)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

from bot.sheets.numbers import NumberError, parse_number

Polarity = Literal["higher", "lower", "qualitative"]
Formula = Literal["2T-R", "T/R"]  # lower is better: (2T - R) / T x 100, or T / R x 100
Cumulation = Literal["sum", "average", "latest"]  # how periods add up toward the annual target
Value = Decimal | str  # a number, a qualitative grade such as "WTP", or a RangeTarget ("80-90")

# Audit-opinion scale (best first), the default for qualitative indicators.
OPINION_SCALE: tuple[tuple[str, Decimal], ...] = (
    ("WTP", Decimal(100)),
    ("WDP", Decimal(75)),
    ("TW", Decimal(50)),
    ("TMP", Decimal(0)),
)

POLARITY_LABELS: Mapping[str, str] = {
    "higher": "Semakin tinggi semakin baik",
    "lower": "Semakin rendah semakin baik",
    "qualitative": "Kualitatif",
}

# "80-90", "80 – 90", "80 s.d. 90", "80 s/d 90", "80 sampai dengan 90", "1.000-2.000", "80%-90%".
_RANGE_RE = re.compile(
    r"^\s*(.*?\d%?)\s*(?:s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|[–—-])\s*((?:rp\.?\s*)?\d.*)$", re.IGNORECASE
)


class RangeTarget(str):
    """A target written as a range: it is the text as typed wherever a target is shown or
    stored (format, recap, JSON), and it knows its bounds for the capaian (docs/CAPAIAN.md)."""

    low: Decimal
    high: Decimal

    def __new__(cls, typed: str, low: Decimal, high: Decimal) -> RangeTarget:
        made = super().__new__(cls, " ".join(typed.split()))
        made.low, made.high = low, high
        return made

    def __getnewargs__(self) -> tuple[str, Decimal, Decimal]:  # copy, deepcopy (dataclasses.asdict), pickle
        return str(self), self.low, self.high

    @classmethod
    def parse(cls, text: object) -> RangeTarget | None:
        """None when the text is not a range; NumberError when it is one with a bad bound."""
        if not isinstance(text, str) or not (match := _RANGE_RE.match(text)):
            return None
        low, high = parse_number(match.group(1)), parse_number(match.group(2))
        if low is None or high is None:
            return None
        if low > high:
            raise NumberError(f'"{text.strip()}": batas bawah lebih besar dari batas atas; tulis mis. 80-90')
        return cls(text, low, high)


_PERIOD_RE = re.compile(r"^(\d{4})-(TW[1-4]|\d{2})$")


def period_key(periode_code: str) -> str:
    """'2026-TW3' -> 'TW3', '2026-10' -> '10': the master's targets are per year."""
    match = _PERIOD_RE.match(periode_code.strip().upper())
    if not match:
        raise ValueError(f"kode periode tidak dikenal: {periode_code!r}")
    return match.group(2)


@dataclass(frozen=True)
class Indicator:
    unit: str
    code: str
    sasaran: str
    name: str
    satuan: str
    polarity: Polarity
    target_annual: Value
    targets: Mapping[str, Value] = field(default_factory=dict)  # "TW3" / "10" -> target
    scale: tuple[tuple[str, Decimal], ...] = OPINION_SCALE  # qualitative only, best first
    formula: Formula = "2T-R"  # lower is better only (master column `rumus`)
    allow_negative: bool = False  # master column `boleh_negatif`: a negative realisation is no slip
    cumulation: Cumulation = "latest"  # master column `kumulatif`: toward the annual target

    def __hash__(self) -> int:  # `targets` is a dict; the code identifies an indicator
        return hash((self.unit, self.code))

    def target_for(self, periode_code: str) -> Value:
        """The period's own target when the master gives one, else the annual target."""
        return self.targets.get(period_key(periode_code), self.target_annual)


@dataclass(frozen=True)
class IndicatorMaster:
    indicators: tuple[Indicator, ...]

    def for_unit(self, unit: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.unit == unit)

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.unit for i in self.indicators))


class MasterError(Exception):
    """A broken indicator master; `problems` lists every problem found."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.file_name = file_name
        self.problems = problems
        head = f"Master indikator {file_name} tidak dapat dipakai ({len(problems)} masalah):"
        super().__init__("\n".join([head, *(f"- {p}" for p in problems)]))


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str
    cell: str | None = None  # e.g. "A4" when no row/column header applies

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return f"Baris {self.row}, kolom {self.column}: {self.message}"
        if self.cell:
            return f"Sel {self.cell}: {self.message}"
        if self.row is not None:
            return f"Baris {self.row}: {self.message}"
        return self.message


@dataclass(frozen=True)
class FilledRow:
    code: str
    no: int
    sasaran: str
    name: str
    satuan: str
    polarity: Polarity
    target: Value
    realisasi: Value | None
    keterangan: str
    capaian: Decimal | None
    kategori: str | None
    excel_row: int | None = None
    # The analysis the Laporan Kinerja prints beside each figure (chapter III).
    penghambat: str = ""
    pendukung: str = ""
    tindak_lanjut: str = ""
    # Suspicious but possible values: (column header, message); the recap marks those cells.
    warnings: tuple[tuple[str, str], ...] = ()
    # The trend: the previous period of the same kind, and the year so far against the annual target.
    previous_periode: str = ""
    previous_realisasi: Value | None = None
    previous_capaian: Decimal | None = None
    annual_target: Value | None = None
    realisasi_so_far: Value | None = None
    capaian_annual: Decimal | None = None

    @property
    def no_data(self) -> bool:
        """No realisation, said so in Keterangan: shown "Tidak ada data", never counted as 0."""
        return self.realisasi is None


@dataclass(frozen=True)
class SourceFile:
    """One accepted upload, listed on the recap's `Sumber` sheet."""

    unit_code: str
    unit_name: str
    file_name: str
    sender: str
    received_at: datetime  # timezone-aware
    sha256: str
    in_use: bool = True  # False: a later accepted file of the same unit superseded it


@dataclass(frozen=True)
class ComplianceRow:
    """One line of the SOP compliance table, written as given on `Kepatuhan`."""

    step_no: int
    step_title: str
    unit: str
    standard_minutes: int | None
    actual_minutes: int | None
    status: str
    by_whom: str


@dataclass(frozen=True)
class UnitSummary:
    unit_code: str
    unit_name: str
    indicators: int
    filled: int
    average: Decimal | None
    per_category: Mapping[str, int]
    missing: bool = False


@dataclass(frozen=True)
class Letterhead:
    """Who issues a file and who signs it; built by the caller from the organisation file."""

    agency: str  # "Badan Pengelola Keuangan dan Aset Daerah Kabupaten Way Kanan"
    short_name: str  # "BPKAD Kabupaten Way Kanan"
    periode_label: str  # "Triwulan III 2026"
    place: str = ""  # "Blambangan Umpu"
    signed_on: str = ""  # "15 Oktober 2026", already in Indonesian
    signer_title: str = ""  # "Kepala Badan ..."
    signer_name: str = ""
    signer_nip: str = ""

    @property
    def place_and_date(self) -> str:
        return ", ".join(p for p in (self.place, self.signed_on) if p)

    def signature_lines(self, width: int = 0) -> tuple[str, ...]:
        """Place and date, title, room to sign, name, NIP: as the block is printed. A missing name
        or NIP leaves a dotted line to write on, as officials do by hand. `width` > 0 wraps the
        title into lines of that many characters (a sheet cannot wrap across unmerged cells)."""
        title = tuple(textwrap.wrap(self.signer_title, width)) if width else (self.signer_title,)
        return (
            self.place_and_date,
            *title,
            "",
            "",
            "",
            self.signer_name or "(" + "." * 40 + ")",
            "NIP. " + (self.signer_nip or "." * 30),
        )
