"""Match the rows of a found table to the unit's indicators and read each Realisasi."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from difflib import SequenceMatcher

from bot.sheets.capaian import compute_capaian, normalize_grade
from bot.sheets.layout import COLUMNS, RawCell, Table, normalize_label
from bot.sheets.numbers import NIL_MARKS, NumberError, parse_number
from bot.sheets.plausibility import negative_problem
from bot.sheets.scales import DEFAULT_SCALE, Scale, shown_capaian
from bot.sheets.types import FilledRow, Indicator, Problem, Value

REALISASI, INDIKATOR = "Realisasi", "Indikator Kinerja"
NO_DATA = re.compile(
    r"(tidak|belum) ada data|data (belum|tidak) (ada|tersedia)|belum tersedia|"
    r"tidak tersedia|\bn/?a\b",
    re.IGNORECASE,
)
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
SIMILAR = 0.6  # a row whose No points at an indicator may have its text lightly edited
EMPTY_HINT = 'belum diisi (jika datanya memang belum ada, kosongkan Realisasi dan tulis "belum ada data" di Keterangan)'
NO_REASON = (
    'ditulis "{typed}" (tidak ada data), tetapi Keterangan kosong: tulis di Keterangan mengapa '
    'datanya tidak ada, mis. "belum ada laporan dari SKPD"'
)


def match_rows(
    table: Table, indicators: Sequence[Indicator], periode_code: str, scale: Scale = DEFAULT_SCALE
) -> tuple[tuple[FilledRow, ...], list[Problem]]:
    """Rows in master order, and every problem (unknown, duplicate, missing, bad values)."""
    by_name = {normalize_label(ind.name): i for i, ind in enumerate(indicators)}
    by_code = {ind.code.lower(): i for i, ind in enumerate(indicators)}
    taken: dict[int, int] = {}
    filled: dict[int, FilledRow] = {}
    problems: list[Problem] = []
    for number, cells in table.rows:
        index = _identify(table, cells, indicators, by_name, by_code)
        if index is None:
            problems += _unmatched(table, number, cells)
        elif index in taken:
            problems.append(
                Problem(number, INDIKATOR, f"indikator ini sudah ada di baris {taken[index]}; hapus salah satunya")
            )
        else:
            taken[index] = number
            row = _fill(table, number, cells, indicators[index], index + 1, periode_code, scale, problems)
            if row:
                filled[index] = row
    problems += [
        Problem(
            None,
            None,
            f'Indikator "{ind.name}" ({ind.code}) tidak ada dalam berkas; jangan menghapus baris dari format.',
        )
        for i, ind in enumerate(indicators)
        if i not in taken
    ]
    return tuple(filled[i] for i in sorted(filled)), problems


def _identify(
    table: Table,
    cells: tuple[RawCell, ...],
    indicators: Sequence[Indicator],
    by_name: dict[str, int],
    by_code: dict[str, int],
) -> int | None:
    code = str(table.cell(cells, "kode").value or "").strip().lower()
    if code in by_code:
        return by_code[code]
    name = normalize_label(table.cell(cells, "indikator").value)
    if name in by_name:
        return by_name[name]
    no = _as_int(table.cell(cells, "no").value)
    if name and no is not None and 1 <= no <= len(indicators):
        known = normalize_label(indicators[no - 1].name)
        if SequenceMatcher(None, name, known).ratio() >= SIMILAR:
            return no - 1
    return None


def _as_int(value: object) -> int | None:
    try:
        number = parse_number(value)
    except NumberError:
        return None
    return int(number) if number is not None and number == number.to_integral_value() else None


def _unmatched(table: Table, number: int, cells: tuple[RawCell, ...]) -> list[Problem]:
    # Section headings, subtotals and the signature block have no Realisasi: skip them.
    text = table.cell(cells, "indikator").value
    if _blank(table.cell(cells, "realisasi").value) or normalize_label(text) in COLUMNS["indikator"][1]:
        return []
    if _blank(text):
        return [Problem(number, INDIKATOR, "kosong padahal Realisasi diisi; isi nama indikator sesuai format")]
    return [
        Problem(
            number,
            INDIKATOR,
            f'indikator "{str(text).strip()}" tidak dikenal untuk unit ini; '
            "jangan menambah indikator baru, pakai baris yang ada di format",
        )
    ]


def _blank(value: object) -> bool:
    return value is None or not str(value).strip() or str(value).strip() in NIL_MARKS


def _fill(
    table: Table,
    number: int,
    cells: tuple[RawCell, ...],
    ind: Indicator,
    no: int,
    periode_code: str,
    scale: Scale,
    problems: list[Problem],
) -> FilledRow | None:
    note = _text(table, cells, "keterangan")
    cell = table.cell(cells, "realisasi")
    try:
        realisasi = _realisasi(cell, ind)
    except ValueError as exc:
        problems.append(Problem(number, REALISASI, str(exc)))
        return None
    if realisasi is None and (error := _no_data_problem(cell.value, note)):
        problems.append(Problem(number, REALISASI, error))
        return None
    if isinstance(realisasi, Decimal) and (error := negative_problem(ind, realisasi)):
        problems.append(Problem(number, REALISASI, error))
        return None
    target = ind.target_for(periode_code)
    capaian = compute_capaian(ind.polarity, target, realisasi, ind.scale, ind.formula)
    capaian = None if capaian is None else shown_capaian(capaian)  # stored as shown (SPEC §5)
    return FilledRow(
        ind.code,
        no,
        ind.sasaran,
        ind.name,
        ind.satuan,
        ind.polarity,
        target,
        realisasi,
        note,
        capaian,
        scale.category(capaian),
        number,
        penghambat=_text(table, cells, "penghambat"),
        pendukung=_text(table, cells, "pendukung"),
        tindak_lanjut=_text(table, cells, "tindak_lanjut"),
    )


def _text(table: Table, cells: tuple[RawCell, ...], key: str) -> str:
    return " ".join(str(table.cell(cells, key).value or "").split())


def _no_data_problem(value: object, note: str) -> str | None:
    """No data is never 0: accepted when Keterangan says why. Marked in Realisasi ("-", "n/a",
    "belum ada data"): any Keterangan is the reason. Left empty: Keterangan must say there is no data,
    so a value someone forgot to type is not taken for "no data"."""
    typed = " ".join(str(value or "").split())
    if typed:
        return None if note else NO_REASON.format(typed=typed)
    return None if NO_DATA.search(note) else EMPTY_HINT


def _realisasi(cell: RawCell, ind: Indicator) -> Value | None:
    value = cell.value
    if _blank(value):
        return None
    if isinstance(value, str) and NO_DATA.fullmatch(" ".join(value.split())):
        return None  # "n/a", "belum ada data" typed in Realisasi: no data, said there
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise ValueError(f"berisi galat rumus {value.strip()}; perbaiki rumusnya atau ketik angkanya")
    if ind.polarity == "qualitative":
        grade = normalize_grade(str(value))
        grades = [g for g, _ in ind.scale]
        if grade not in grades:
            raise ValueError(f'"{str(value).strip()}" bukan pilihan yang sah; pilih salah satu: {", ".join(grades)}')
        return grade
    number = parse_number(_without_satuan(value, ind.satuan))  # NumberError: a ValueError in Indonesian
    if number is not None and cell.percent and isinstance(value, (int, float)):
        number *= 100  # the cell shows 92% but Excel stores 0.92
    return number if number is None else Decimal(number)


def _without_satuan(value: object, satuan: str) -> object:
    """People type the unit of measure after the number ("5 dokumen", "3 hari"): accept that."""
    if not isinstance(value, str) or not satuan.strip() or satuan.strip() == "%":
        return value
    text, unit = value.strip(), satuan.strip()
    if text.lower().endswith(unit.lower()) and len(text) > len(unit):
        return text[: -len(unit)].strip()
    return value
