"""Read a simple table (one header row) from xlsx or csv bytes: used for the indicator master."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping

from bot.sheets.safety import UnsafeFile, check_bytes, open_workbook

Row = tuple[int, dict[str, object]]  # (row number as the operator sees it, header -> value)


def header_key(text: object) -> str:
    """'Target TW 1' -> 'target_tw_1'; 'Kode\\nUnit' -> 'kode_unit'."""
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def read_table(data: bytes, file_name: str, required: set[str], aliases: Mapping[str, str]) -> Iterator[Row]:
    """Rows under the first row holding every `required` key (after `aliases`);
    raises UnsafeFile or ValueError."""
    if file_name.lower().endswith(".csv"):
        return _with_header(_csv_rows(data), required, aliases)
    check_bytes(data, file_name)
    rows = list(_xlsx_rows(data))
    return _with_header(iter(rows), required, aliases)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = data.decode("utf-8-sig", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # one column, or nothing to sniff: plain commas
        dialect = csv.excel
    for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), 1):
        yield number, list(cells)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    book = open_workbook(data, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, list(cells)
    finally:
        book.close()


def _with_header(
    rows: Iterator[tuple[int, list[object]]], required: set[str], aliases: Mapping[str, str]
) -> Iterator[Row]:
    for _, cells in rows:
        keys = [aliases.get(header_key(c), header_key(c)) for c in cells]
        if required <= set(keys):
            break
    else:
        raise ValueError("baris judul kolom tidak ditemukan; kolom wajib: " + ", ".join(sorted(required)))
    for number, cells in rows:
        if any(str(c).strip() for c in cells if c is not None):
            yield number, {k: v for k, v in zip(keys, cells) if k}


__all__ = ["read_table", "header_key", "UnsafeFile"]
