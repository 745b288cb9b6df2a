"""The indicator master (`INDICATORS_FILE`): load and validate, listing every problem."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import Path

from bot.sheets.capaian import normalize_grade
from bot.sheets.numbers import NumberError, parse_number
from bot.sheets.tables import UnsafeFile, read_table
from bot.sheets.types import (
    OPINION_SCALE,
    Cumulation,
    Formula,
    Indicator,
    IndicatorMaster,
    MasterError,
    Polarity,
    Problem,
    RangeTarget,
    Value,
)

MONTHS = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
PERIOD_COLUMNS = {**{f"tw{q}": f"TW{q}" for q in range(1, 5)}, **{m: f"{i:02d}" for i, m in enumerate(MONTHS, 1)}}
ALIASES: Mapping[str, str] = {
    "kode_unit": "unit",
    "unit_kerja": "unit",
    "bidang": "unit",
    "kode_indikator": "kode",
    "indikator_kinerja": "indikator",
    "nama_indikator": "indikator",
    "polarity": "polaritas",
    "arah": "polaritas",
    "target": "target_tahunan",
    "target_tahun": "target_tahunan",
    "ags": "agu",
    "rumus_capaian": "rumus",
    "formula": "rumus",
    "boleh_minus": "boleh_negatif",
    "negatif_boleh": "boleh_negatif",
    "boleh_negative": "boleh_negatif",
    "akumulasi": "kumulatif",
    "cara_kumulatif": "kumulatif",
    "kumulasi": "kumulatif",
    **{f"{p}{q}": f"tw{q}" for q in range(1, 5) for p in ("tw_", "target_tw", "target_tw_", "triwulan_")},
    **{f"{p}{i:0{w}d}": m for i, m in enumerate(MONTHS, 1) for p in ("b", "bulan_") for w in (1, 2)},
}
REQUIRED = {"unit", "kode", "sasaran", "indikator", "satuan", "polaritas", "target_tahunan"}
POLARITIES: Mapping[str, Polarity] = {
    "higher": "higher",
    "tinggi": "higher",
    "naik": "higher",
    "positif": "higher",
    "maksimal": "higher",
    "semakin tinggi semakin baik": "higher",
    "lower": "lower",
    "rendah": "lower",
    "turun": "lower",
    "negatif": "lower",
    "minimal": "lower",
    "semakin rendah semakin baik": "lower",
    "qualitative": "qualitative",
    "kualitatif": "qualitative",
}
FORMULAS: Mapping[str, Formula] = {"2T-R": "2T-R", "(2T-R)/T": "2T-R", "1+(1-R/T)": "2T-R", "T/R": "T/R"}
CUMULATIONS: Mapping[str, Cumulation] = {
    "jumlah": "sum",
    "sum": "sum",
    "total": "sum",
    "dijumlah": "sum",
    "akumulasi": "sum",
    "rata-rata": "average",
    "rata rata": "average",
    "rerata": "average",
    "average": "average",
    "terakhir": "latest",
    "latest": "latest",
    "nilai terakhir": "latest",
    "posisi terakhir": "latest",
}
YES, NO = ("ya", "y", "boleh", "true", "1", "yes"), ("", "tidak", "t", "no", "false", "0", "-")


def load_master(
    source: str | Path | bytes, *, file_name: str | None = None, known_units: Collection[str] | None = None
) -> IndicatorMaster:
    """Load the master from a path or bytes (.xlsx/.xlsm/.csv); raise MasterError listing every problem."""
    data, name = _read_source(source, file_name)
    problems: list[str] = []
    try:
        rows = list(read_table(data, name, REQUIRED, ALIASES))
    except (UnsafeFile, ValueError) as exc:
        raise MasterError(name, [str(exc)]) from None
    except Exception:  # a parser crash is still just an unreadable file
        raise MasterError(name, ["berkas tidak dapat dibaca (rusak atau bukan xlsx/csv)"]) from None
    indicators = [ind for number, raw in rows if (ind := _parse_row(number, raw, problems))]
    problems += _cross_checks(indicators, known_units)
    if problems:
        raise MasterError(name, problems)
    return IndicatorMaster(tuple(indicators))


def _read_source(source: str | Path | bytes, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, file_name or "indikator.xlsx"
    path = Path(source)
    try:
        return path.read_bytes(), file_name or path.name
    except OSError as exc:
        raise MasterError(str(path), [f"berkas tidak dapat dibuka ({exc.strerror})"]) from None


def _parse_row(number: int, raw: dict[str, object], problems: list[str]) -> Indicator | None:
    def text(key: str) -> str:
        return " ".join(str(raw.get(key) or "").split())

    before = len(problems)
    for key in ("unit", "kode", "sasaran", "indikator"):
        if not text(key):
            problems.append(str(Problem(number, key, "wajib diisi")))
    polarity = POLARITIES.get(text("polaritas").lower())
    if polarity is None:
        problems.append(
            str(
                Problem(
                    number,
                    "polaritas",
                    f'"{text("polaritas")}" tidak dikenal; '
                    "isi tinggi (semakin tinggi semakin baik), rendah, atau kualitatif",
                )
            )
        )
        return None
    if not text("satuan") and polarity != "qualitative":
        problems.append(str(Problem(number, "satuan", "wajib diisi (mis. %, dokumen, hari, Rp)")))
    scale = _parse_scale(number, text("skala"), problems)
    annual = _target(number, "target_tahunan", raw.get("target_tahunan"), polarity, scale, problems)
    targets = {
        period: t
        for column, period in PERIOD_COLUMNS.items()
        if (t := _target(number, column, raw.get(column), polarity, scale, problems, True)) is not None
    }
    formula = _formula(number, text("rumus"), polarity, problems)
    allow_negative = _yes_no(number, "boleh_negatif", text("boleh_negatif"), problems)
    cumulation = _cumulation(number, text("kumulatif"), problems)
    if len(problems) > before or annual is None:
        return None
    return Indicator(
        text("unit").lower(),
        text("kode"),
        text("sasaran"),
        text("indikator"),
        text("satuan"),
        polarity,
        annual,
        targets,
        scale,
        formula,
        allow_negative,
        cumulation,
    )


def _formula(number: int, typed: str, polarity: Polarity, problems: list[str]) -> Formula:
    """`rumus`: "2T-R" (the default) or "T/R", for a lower-is-better indicator only."""
    key = "".join(typed.upper().replace("×", "X").split()).removesuffix("X100").removesuffix("*100")
    if not key:
        return "2T-R"
    formula = FORMULAS.get(key)
    if formula is None:
        problems.append(str(Problem(number, "rumus", f'"{typed}" tidak dikenal; isi 2T-R (bawaan) atau T/R')))
        return "2T-R"
    if polarity != "lower":
        problems.append(
            str(
                Problem(
                    number,
                    "rumus",
                    "rumus hanya untuk polaritas rendah (semakin rendah semakin baik); kosongkan untuk indikator lain",
                )
            )
        )
    return formula


def _yes_no(number: int, column: str, typed: str, problems: list[str]) -> bool:
    if typed.lower() in YES:
        return True
    if typed.lower() not in NO:
        problems.append(str(Problem(number, column, f'"{typed}" tidak dikenal; isi ya atau tidak')))
    return False


def _cumulation(number: int, typed: str, problems: list[str]) -> Cumulation:
    """`kumulatif`: how the periods add up toward the annual target; empty = the latest value."""
    if not typed:
        return "latest"
    found = CUMULATIONS.get(" ".join(typed.lower().split()))
    if found is None:
        problems.append(
            str(Problem(number, "kumulatif", f'"{typed}" tidak dikenal; isi jumlah, rata-rata, atau terakhir'))
        )
        return "latest"
    return found


def _target(
    number: int,
    column: str,
    value: object,
    polarity: Polarity,
    scale: tuple[tuple[str, Decimal], ...],
    problems: list[str],
    optional: bool = False,
) -> Value | None:
    empty = value is None or not str(value).strip()
    if empty:
        if not optional:
            problems.append(str(Problem(number, column, "target wajib diisi")))
        return None
    if polarity == "qualitative":
        grade = normalize_grade(str(value))
        if grade not in dict(scale):
            grades = ", ".join(dict(scale))
            problems.append(str(Problem(number, column, f'"{value}" tidak ada dalam skala ({grades})')))
        return grade
    try:
        return RangeTarget.parse(value) or parse_number(value)
    except NumberError as exc:
        problems.append(str(Problem(number, column, str(exc))))
        return None


def _parse_scale(number: int, text: str, problems: list[str]) -> tuple[tuple[str, Decimal], ...]:
    """'A=100; B=60; C=0' (best first) -> scale; empty -> the audit-opinion scale."""
    if not text:
        return OPINION_SCALE
    try:
        pairs = [part.split("=") for part in text.replace(",", ";").split(";") if part.strip()]
        scale = tuple((normalize_grade(g), Decimal(s.strip())) for g, s in pairs)
    except (ValueError, ArithmeticError):
        example = '"WTP=100; WDP=75; TW=50; TMP=0"'
        problems.append(str(Problem(number, "skala", f'"{text}" tidak sah; tulis mis. {example}')))
        return OPINION_SCALE
    return scale


def _cross_checks(indicators: list[Indicator], known_units: Collection[str] | None) -> list[str]:
    problems: list[str] = []
    seen_codes: set[str] = set()
    seen_names: set[tuple[str, str]] = set()
    for ind in indicators:
        key = (ind.unit, " ".join(ind.name.lower().split()))
        if ind.code in seen_codes:
            problems.append(f"kode indikator {ind.code} dipakai lebih dari sekali")
        if key in seen_names:
            problems.append(f'unit {ind.unit}: indikator "{ind.name}" tercantum lebih dari sekali')
        if known_units is not None and ind.unit not in known_units:
            problems.append(f"indikator {ind.code}: unit '{ind.unit}' tidak dikenal ({', '.join(known_units)})")
        seen_codes.add(ind.code)
        seen_names.add(key)
    missing = [u for u in (known_units or ()) if u not in {i.unit for i in indicators}]
    problems += [f"unit {u} belum punya indikator" for u in missing]
    return problems if indicators or problems else ["tidak ada satu pun indikator"]
