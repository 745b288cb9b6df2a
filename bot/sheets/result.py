"""The outcome of an intake check: JSON for the database, Indonesian lines for the chat, diff."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from bot.sheets.capaian import average
from bot.sheets.numbers import format_number
from bot.sheets.scales import DEFAULT_SCALE, Band, Scale
from bot.sheets.types import FilledRow, Problem, RangeTarget, Value

NO_DATA_LABEL = "Tidak ada data"  # how a row without realisation is shown: never 0

MAX_LISTED_PROBLEMS = 40  # a chat reply stays readable; the full list stays in `problems`


@dataclass(frozen=True)
class IntakeResult:
    accepted: bool
    problems: tuple[Problem, ...]
    rows: tuple[FilledRow, ...]
    unit_code: str = ""
    periode_code: str = ""
    file_name: str = ""
    sheet_name: str = ""
    notices: tuple[Problem, ...] = ()  # about the file as a whole (a column not read), accepted anyway
    scale: Scale = DEFAULT_SCALE  # the category scale the rows were judged on

    @property
    def average_capaian(self) -> Decimal | None:
        """The mean of the rows that have a capaian; rows without data are counted apart."""
        return average([r.capaian for r in self.rows if r.capaian is not None])

    @property
    def average_kategori(self) -> str | None:
        return self.scale.category(self.average_capaian)

    @property
    def no_data_rows(self) -> tuple[FilledRow, ...]:
        return tuple(r for r in self.rows if r.no_data)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Every warning, each named by its Excel row and column; the file's own notes first."""
        return self.notices + tuple(
            Problem(r.excel_row, column, message) for r in self.rows for column, message in r.warnings
        )

    @property
    def summary_lines(self) -> list[str]:
        """What the chat reply says: accepted with figures, or rejected with every problem."""
        return _accepted_lines(self) if self.accepted else _rejected_lines(self)

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=_encode, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IntakeResult:
        raw = json.loads(text)
        problems = tuple(Problem(**p) for p in raw.pop("problems"))
        rows = tuple(_row_from_json(r) for r in raw.pop("rows"))
        notices = tuple(Problem(**p) for p in raw.pop("notices", ()))
        scale = _scale_from_json(raw.pop("scale")) if "scale" in raw else DEFAULT_SCALE
        return cls(problems=problems, rows=rows, notices=notices, scale=scale, **raw)


def rejected(message: str, *, file_name: str = "", unit_code: str = "", periode_code: str = "") -> IntakeResult:
    return IntakeResult(False, (Problem(None, None, message),), (), unit_code, periode_code, file_name)


def _encode(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"tidak dapat disimpan sebagai JSON: {value!r}")


def _row_from_json(raw: dict) -> FilledRow:
    numeric = raw["polarity"] != "qualitative"
    for key in ("target", "realisasi", "previous_realisasi", "annual_target", "realisasi_so_far"):
        if numeric and raw.get(key) is not None:
            raw[key] = _number_or_range(raw[key])
    for key in ("capaian", "previous_capaian", "capaian_annual"):
        if raw.get(key) is not None:
            raw[key] = Decimal(raw[key])
    raw["warnings"] = tuple(tuple(w) for w in raw.get("warnings", ()))
    return FilledRow(**raw)


def _number_or_range(text: str) -> Decimal | RangeTarget:
    # A range target is stored as typed ("80 – 90"); a number as its exact decimal text.
    try:
        return Decimal(text)
    except ArithmeticError:
        found = RangeTarget.parse(text)
        if found is None:
            raise ValueError(f"nilai tersimpan tidak dikenal: {text!r}") from None
        return found


def _scale_from_json(raw: dict) -> Scale:
    bands = tuple(
        Band(b["label"], None if b["bound"] is None else Decimal(b["bound"]), b["strict"]) for b in raw["bands"]
    )
    return Scale(raw["name"], bands, raw.get("source", ""))


def show(value: Value | None) -> str:
    """A value as the chat shows it: 1250000.5 -> "1.250.000,5"; None -> "(kosong)"."""
    if value is None:
        return "(kosong)"
    return format_number(value) if isinstance(value, Decimal) else str(value)


def show_pct(value: Decimal | None) -> str:
    return "-" if value is None else format_number(value, 2) + "%"


def _accepted_lines(result: IntakeResult) -> list[str]:
    empty = len(result.no_data_rows)
    lines = [
        f"Berkas diterima: {len(result.rows)} indikator, {len(result.rows) - empty} terisi"
        + (f", {empty} tanpa data (ada keterangan, tidak masuk rata-rata)." if empty else ".")
    ]
    avg = result.average_capaian
    if avg is not None:
        lines.append(f"Rata-rata capaian: {show_pct(avg)} ({result.average_kategori}).")
    below = [r for r in result.rows if r.capaian is not None and r.capaian < 100]
    if below:
        lines.append("Di bawah target:")
        lines += [f"- {r.code} {r.name}: {show_pct(r.capaian)}" for r in below]
    return lines + warning_lines(result)


def warning_lines(result: IntakeResult) -> list[str]:
    """The warnings of an accepted file: listed for the sender and for the unit's head (step 7)."""
    warnings = result.warnings
    if not warnings:
        return []
    lines = [f"Peringatan ({len(warnings)}), mohon diperiksa; berkas tetap diterima dan tidak ada yang diubah:"]
    lines += [f"- {w}" for w in warnings[:MAX_LISTED_PROBLEMS]]
    if len(warnings) > MAX_LISTED_PROBLEMS:
        lines.append(
            f"... dan {len(warnings) - MAX_LISTED_PROBLEMS} peringatan lain (lihat kolom Peringatan di rekap)."
        )
    return lines


def _rejected_lines(result: IntakeResult) -> list[str]:
    count = len(result.problems)
    lines = [f"Berkas ditolak ({count} masalah):" if count > 1 else "Berkas ditolak:"]
    lines += [f"- {p}" for p in result.problems[:MAX_LISTED_PROBLEMS]]
    if count > MAX_LISTED_PROBLEMS:
        rest = count - MAX_LISTED_PROBLEMS
        lines.append(f"... dan {rest} masalah lain. Perbaiki yang di atas dulu, lalu kirim lagi.")
    return lines


def diff(previous: IntakeResult, current: IntakeResult) -> list[str]:
    """What changed between two accepted versions, per indicator; [] when nothing did."""
    before = {r.code: r for r in previous.rows}
    after = {r.code: r for r in current.rows}
    lines: list[str] = []
    for code, row in after.items():
        old = before.get(code)
        if old is None:
            lines.append(f"{code} {row.name}: baru, realisasi {show(row.realisasi)}")
            continue
        if old.realisasi != row.realisasi:
            lines.append(f"{code} {row.name}: realisasi {show(old.realisasi)} → {show(row.realisasi)}")
        if old.keterangan != row.keterangan:
            lines.append(f'{code} {row.name}: keterangan "{old.keterangan}" → "{row.keterangan}"')
    lines += [f"{code} {row.name}: tidak ada lagi" for code, row in before.items() if code not in after]
    return lines
