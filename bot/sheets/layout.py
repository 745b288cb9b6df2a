"""Find the table in what people send: the sheet, its header row and its columns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HEADER_SCAN_ROWS = 40  # title rows above the header: a few, never dozens
MAX_DATA_ROWS = 5000  # a unit has tens of indicators; more is not a data format
MAX_BLANK_RUN = 300  # formatted-but-empty rows below the table end the scan
MAX_COLUMNS = 256  # column IV, the old Excel limit; the format has 12 columns

# Canonical key -> (label used in messages, accepted labels after normalisation).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "no": ("No", ("no", "nomor", "no urut")),
    "kode": ("Kode", ("kode", "kode indikator")),
    "sasaran": ("Sasaran", ("sasaran", "sasaran strategis")),
    "indikator": ("Indikator Kinerja", ("indikator kinerja", "indikator", "nama indikator")),
    "satuan": ("Satuan", ("satuan",)),
    "target": ("Target", ("target",)),
    "realisasi": ("Realisasi", ("realisasi",)),
    "capaian": ("Capaian (%)", ("capaian", "persentase capaian")),
    "keterangan": ("Keterangan", ("keterangan", "ket", "catatan")),
    "polaritas": ("Polaritas", ("polaritas", "polarisasi", "arah")),
    "penghambat": ("Faktor Penghambat", ("faktor penghambat", "penghambat", "kendala", "hambatan", "permasalahan")),
    "pendukung": ("Faktor Pendukung", ("faktor pendukung", "pendukung", "faktor keberhasilan")),
    "tindak_lanjut": (
        "Tindak Lanjut",
        ("tindak lanjut", "rencana tindak lanjut", "upaya", "solusi", "langkah perbaikan"),
    ),
}
REQUIRED = ("indikator", "realisasi")


class TableTooLarge(ValueError):
    """A sheet far larger than any data format: refused before its rows are matched one by one."""


def _too_many_rows(sheet_name: str) -> TableTooLarge:
    limit = f"{MAX_DATA_ROWS:,}".replace(",", ".")  # Indonesian thousands: 5.000
    return TableTooLarge(
        f'Lembar "{sheet_name}" berisi lebih dari {limit} baris data di bawah judul kolom (batas {limit} '
        "baris; format data hanya memuat puluhan indikator). Hapus baris di luar tabel, atau salin isian "
        "Anda ke format dari /format, lalu kirim lagi."
    )


def _check_width(sheet_name: str, number: int, cells: tuple) -> None:
    if len(cells) <= MAX_COLUMNS:
        return
    if any(getattr(c, "value", None) not in (None, "") for c in cells[MAX_COLUMNS:]):
        raise TableTooLarge(
            f'Lembar "{sheet_name}" baris {number} berisi data di luar kolom IV (lebih dari {MAX_COLUMNS} '
            "kolom; format data hanya 12 kolom). Hapus kolom di luar tabel, atau salin isian Anda ke "
            "format dari /format, lalu kirim lagi."
        )


@dataclass(frozen=True)
class RawCell:
    value: object
    percent: bool  # the cell shows a percentage: Excel stores 92% as 0.92


@dataclass(frozen=True)
class Table:
    sheet_name: str
    header_row: int  # Excel row number
    columns: dict[str, int]  # key -> 0-based column index
    above: tuple[tuple[object, ...], ...]  # the rows above the header (title, ID)
    rows: tuple[tuple[int, tuple[RawCell, ...]], ...]  # (Excel row number, cells)
    # Columns that could be a field another column is read as: (key, 0-based index, header).
    # They are reported back to the sender, never silently dropped.
    unread: tuple[tuple[str, int, str], ...] = ()

    def cell(self, cells: tuple[RawCell, ...], key: str) -> RawCell:
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else RawCell(None, False)


def normalize_label(text: object) -> str:
    """'CAPAIAN\\n(%)' -> 'capaian'; 'Indikator  Kinerja' -> 'indikator kinerja'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).split())


def _match(text: object) -> tuple[str | None, int]:
    """(key, strength): 3 = the format's own header, 2 = a synonym, 1 = a synonym followed by
    more words ("Catatan Tambahan"), 0 = nothing."""
    label = normalize_label(text)
    best: tuple[str | None, int] = (None, 0)
    for key, (own, accepted) in COLUMNS.items():
        if label == normalize_label(own):
            return key, 3
        strength = 2 if label in accepted else 1 if any(label.startswith(a + " ") for a in accepted) else 0
        if strength > best[1]:
            best = (key, strength)
    return best


def _header(row: tuple[object, ...], above: tuple[object, ...]) -> tuple[dict[str, int], tuple]:
    """The column read for each field, and the other columns that matched the same field.
    The format's own header wins over a synonym; between equals, the first one."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for index, value in enumerate(row):
        if value is None or not str(value).strip():
            value = above[index] if index < len(above) else None
        key, strength = _match(value)
        if key:
            found.setdefault(key, []).append((-strength, index, " ".join(str(value).split())))
    columns: dict[str, int] = {}
    unread: list[tuple[str, int, str]] = []
    for key, candidates in found.items():
        chosen, *others = sorted(candidates)
        columns[key] = chosen[1]
        unread += [(key, index, text) for _, index, text in others]
    return columns, tuple(sorted(unread, key=lambda u: u[1]))


def find_table(sheet_name: str, rows: Iterable[tuple]) -> Table | None:
    """Scan one sheet's rows (read-only cells); None when it has no data-format header."""
    iterator = iter(rows)
    seen: list[tuple[object, ...]] = []
    for number, cells in enumerate(iterator, 1):
        _check_width(sheet_name, number, cells)
        values = tuple(getattr(c, "value", None) for c in cells)
        columns, unread = _header(values, seen[-1] if seen else ())
        if all(k in columns for k in REQUIRED):
            rows = _data_rows(sheet_name, iterator, number)
            return Table(sheet_name, number, columns, tuple(seen), rows, unread)
        seen.append(values)
        if number >= HEADER_SCAN_ROWS:
            return None
    return None


def _data_rows(sheet_name: str, iterator, header_row: int) -> tuple[tuple[int, tuple[RawCell, ...]], ...]:
    rows: list[tuple[int, tuple[RawCell, ...]]] = []
    blank_run = 0
    for number, cells in enumerate(iterator, header_row + 1):
        _check_width(sheet_name, number, cells)
        raw = tuple(RawCell(c.value, "%" in str(getattr(c, "number_format", "") or "")) for c in cells)
        blank = all(c.value is None or not str(c.value).strip() for c in raw)
        blank_run = blank_run + 1 if blank else 0
        if blank_run > MAX_BLANK_RUN:
            break
        if not blank and number - header_row > MAX_DATA_ROWS:
            raise _too_many_rows(sheet_name)  # one line naming the limit, not thousands of row errors
        if not blank:
            rows.append((number, raw))
    return tuple(rows)
