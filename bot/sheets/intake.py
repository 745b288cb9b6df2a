"""Intake: check a filled data format (bytes) and return accepted rows or every problem."""

from __future__ import annotations

import logging
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from openpyxl.utils import get_column_letter

from bot.sheets.layout import COLUMNS, Table, TableTooLarge, find_table
from bot.sheets.matching import EMPTY_HINT, match_rows
from bot.sheets.plausibility import row_warnings
from bot.sheets.result import IntakeResult, rejected
from bot.sheets.safety import UnsafeFile, check_bytes, open_workbook
from bot.sheets.scales import DEFAULT_SCALE, Scale
from bot.sheets.template import ID_ROW, META_SHEET, FormatId
from bot.sheets.trend import History, with_trend
from bot.sheets.types import FilledRow, Indicator, Problem

log = logging.getLogger(__name__)
CORRUPT = (
    "Berkas rusak atau tidak dapat dibuka sebagai .xlsx. Simpan ulang berkas di Excel/LibreOffice lalu kirim lagi."
)
NO_HEADER = (
    'Tabel data tidak ditemukan: tidak ada baris judul kolom dengan "Indikator Kinerja" dan '
    '"Realisasi". Gunakan format dari /format tanpa mengubah judul kolomnya.'
)
NO_ID = (
    'Identitas format tidak ditemukan (baris "ID format: KNJ|..." dan lembar _meta hilang). '
    "Unduh format dengan /format, salin isian Anda ke sana, lalu kirim lagi."
)


def check_upload(
    data: bytes,
    *,
    file_name: str,
    unit_code: str,
    periode_code: str,
    indicators: Sequence[Indicator],
    template_version: str = "1",
    scale: Scale = DEFAULT_SCALE,
    history: History | None = None,
) -> IntakeResult:
    """Never raises: any failure is a rejection that says why (or that the file cannot be read).
    `history`: the unit's accepted rows of earlier periods (trend.needed_codes), for the trend
    and the comparison with the previous period."""
    where = dict(file_name=file_name, unit_code=unit_code, periode_code=periode_code)
    try:
        check_bytes(data, file_name)
    except UnsafeFile as exc:
        return rejected(str(exc), **where)
    try:
        context = _Context(indicators, FormatId(periode_code, unit_code, template_version), scale, history or {})
        return _check(data, context, where)
    except Exception as exc:  # noqa: BLE001 - a crafted or odd file must never crash the bot
        _log_unreadable(file_name, exc)
        return rejected(
            f"Berkas tidak dapat dibaca ({file_name}). Simpan ulang sebagai .xlsx lalu kirim lagi.", **where
        )


# What a damaged workbook makes openpyxl raise (broken XML, a shared string index past the end,
# a missing part, a bad number): the user's file, not a bug, so one line at WARNING.
BAD_FILE = (SyntaxError, KeyError, IndexError, ValueError, TypeError, EOFError, OSError, zipfile.BadZipFile, zlib.error)


def _log_unreadable(file_name: str, exc: Exception) -> None:
    if isinstance(exc, BAD_FILE):
        log.warning(
            "berkas %s tidak terbaca, ditolak: %s: %s",
            file_name,
            exc.__class__.__name__,
            str(exc).splitlines()[0][:200] if str(exc) else "",
        )
    else:  # anything else is a fault of ours: keep the traceback
        log.exception("intake crashed on %s", file_name)


@dataclass(frozen=True)
class _Context:
    """What an upload is checked against: the unit's indicators, the expected format, the scale
    and the unit's earlier periods."""

    indicators: Sequence[Indicator]
    expected: FormatId
    scale: Scale
    history: History


def _check(data: bytes, context: _Context, where: dict) -> IntakeResult:
    expected = context.expected
    try:
        book = open_workbook(data, data_only=True)
    except Exception:  # noqa: BLE001 - zip is fine but the workbook inside is not
        return rejected(CORRUPT, **where)
    try:
        table, meta_id = _read_book(book)
    except TableTooLarge as exc:
        return rejected(str(exc), **where)
    finally:
        book.close()
    if table is None:
        return rejected(NO_HEADER, **where)
    problems = _identity_problems(table, meta_id, expected)
    if problems:
        return IntakeResult(False, tuple(problems), (), sheet_name=table.sheet_name, **where)
    rows, problems = match_rows(table, context.indicators, expected.periode_code, context.scale)
    if problems:
        problems = _explain_formulas(data, table.sheet_name, problems)
        return IntakeResult(False, tuple(problems), (), sheet_name=table.sheet_name, **where)
    return IntakeResult(
        True,
        (),
        _checked_rows(rows, context),
        sheet_name=table.sheet_name,
        notices=_unread_columns(table),
        scale=context.scale,
        **where,
    )


def _checked_rows(rows: Sequence[FilledRow], context: _Context) -> tuple[FilledRow, ...]:
    by_code = {ind.code: ind for ind in context.indicators}
    rows = with_trend(rows, by_code, context.expected.periode_code, context.history)
    return tuple(replace(r, warnings=row_warnings(r, by_code[r.code], context.scale)) for r in rows)


def _unread_columns(table: Table) -> tuple[Problem, ...]:
    """A second column that could be the same field: read the one with the format's own header,
    and say so, with what it holds, so nothing typed there is lost without a word."""
    notes = []
    for key, index, header in table.unread:
        filled = [n for n, cells in table.rows if index < len(cells) and str(cells[index].value or "").strip()]
        if not filled:
            continue
        read = COLUMNS[key][0]
        letter = get_column_letter(index + 1)
        notes.append(
            Problem(
                None,
                None,
                (
                    f'Kolom {letter} "{header}" tidak dibaca: yang dibaca sebagai {read} adalah kolom '
                    f"{get_column_letter(table.columns[key] + 1)}. Isinya (baris {', '.join(map(str, filled[:5]))}"
                    f"{', ...' if len(filled) > 5 else ''}) tidak masuk rekap; pindahkan ke kolom {read} bila perlu."
                ),
            )
        )
    return tuple(notes)


def _read_book(book) -> tuple[Table | None, FormatId | None]:
    meta_id = _meta_id(book[META_SHEET]) if META_SHEET in book.sheetnames else None
    first: Table | None = None
    for sheet in book.worksheets:
        if sheet.title == META_SHEET or not hasattr(sheet, "iter_rows"):
            continue
        sheet.reset_dimensions()  # some writers store a wrong <dimension>; read what is there
        table = find_table(sheet.title, sheet.iter_rows())
        if table is not None and table.rows:
            return table, meta_id
        first = first or table  # a notes sheet may repeat the header with nothing under it
    return first, meta_id


def _meta_id(sheet) -> FormatId | None:
    for row in sheet.iter_rows(max_row=50, max_col=2, values_only=True):
        found = FormatId.find(row[1] if len(row) > 1 else None)
        if found:
            return found
    return None


def _identity_problems(table: Table, meta_id: FormatId | None, expected: FormatId) -> list[Problem]:
    found: list[tuple[FormatId, str | None]] = [(meta_id, None)] if meta_id else []
    for number, values in enumerate(table.above, 1):
        for column, value in enumerate(values):
            if (ident := FormatId.find(value)) is not None:
                found.append((ident, f"{chr(65 + column) if column < 26 else '?'}{number}"))
    if not found:
        return [Problem(None, None, NO_ID, f"A{ID_ROW}")]
    messages = dict.fromkeys(m for ident, _ in found for m in _mismatches(ident, expected))
    return [Problem(None, None, m) for m in messages]


def _mismatches(found: FormatId, expected: FormatId) -> list[str]:
    again = "Unduh format yang benar dengan /format, salin isian Anda ke sana, lalu kirim lagi."
    out = []
    if found.unit_code != expected.unit_code:
        out.append(f"Berkas ini format untuk unit {found.unit_code}, bukan unit {expected.unit_code}. {again}")
    if found.periode_code != expected.periode_code:
        out.append(
            f"Berkas ini format untuk periode {found.periode_code}, bukan periode {expected.periode_code}. {again}"
        )
    if found.version != expected.version:
        both_numbers = found.version.isdigit() and expected.version.isdigit()
        older = both_numbers and int(found.version) < int(expected.version)
        kind = "versi lama" if older else "versi lain"
        out.append(f"Berkas ini format {kind} (v{found.version}); versi yang berlaku v{expected.version}. {again}")
    return out


def _explain_formulas(data: bytes, sheet_name: str, problems: list[Problem]) -> list[Problem]:
    """An empty Realisasi may be a formula saved without its value (written by a script,
    never opened in Excel); say so instead of "belum diisi". Only then is the file read twice."""
    empty = {p.row for p in problems if p.column == "Realisasi" and p.message == EMPTY_HINT}
    if not empty:
        return problems
    formulas = _formula_rows(data, sheet_name, empty)
    advice = (
        "berisi rumus tanpa nilai tersimpan; buka berkas di Excel/LibreOffice, simpan, "
        "lalu kirim lagi (atau ketik angkanya langsung)"
    )
    return [Problem(p.row, p.column, advice) if p.row in formulas and p.column == "Realisasi" else p for p in problems]


def _formula_rows(data: bytes, sheet_name: str, rows: set[int | None]) -> set[int]:
    book = open_workbook(data, data_only=False)
    try:
        sheet = book[sheet_name]
        sheet.reset_dimensions()
        table = find_table(sheet_name, sheet.iter_rows())
    finally:
        book.close()
    if table is None:
        return set()
    return {
        n for n, cells in table.rows if n in rows and str(table.cell(cells, "realisasi").value or "").startswith("=")
    }
