"""Look at an upload's bytes before any parser does: size, kind, encryption, zip bombs."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 500  # a real xlsx has 10-40 parts
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100  # XML compresses ~10-20x; zeros compress ~1000x
RATIO_MIN_SIZE = 5 * 1024 * 1024  # small parts may compress well, they cannot hurt

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SAVE_AS_XLSX = "simpan ulang sebagai Excel Workbook (.xlsx) lalu kirim lagi"
WORKBOOK_PART = "xl/workbook.xml"
XLSB_PART = "xl/workbook.bin"  # the binary workbook (.xlsb): the same zip, records instead of XML
# Strict Open XML (ISO/IEC 29500 Strict) names its main namespace here; transitional files use
# schemas.openxmlformats.org. The root element and its namespaces come first in the part.
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
WORKBOOK_HEAD = 4096


class UnsafeFile(Exception):
    """The upload is refused before parsing; the message is Indonesian."""


def check_bytes(data: bytes, file_name: str) -> None:
    """Raise UnsafeFile with the reason when the bytes must not reach openpyxl."""
    if not data:
        raise UnsafeFile("Berkas kosong (0 byte). Kirim berkas format yang sudah diisi.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeFile(f"Berkas terlalu besar ({len(data) / 1048576:.1f} MB; batas 20 MB).")
    if data.startswith(OLE_MAGIC):
        raise UnsafeFile(_ole_reason(data))
    if not data.startswith(ZIP_MAGIC):
        raise UnsafeFile(
            f"Berkas {file_name} bukan spreadsheet Excel (.xlsx). Kirim format yang diunduh dengan /format."
        )
    _check_zip(data)


def _ole_reason(data: bytes) -> str:
    # Office puts an encrypted xlsx inside an OLE container with these two streams;
    # any other OLE file here is a legacy .xls (or .doc).
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return "Berkas dilindungi kata sandi (terenkripsi). Buka, hapus kata sandinya, simpan, lalu kirim lagi."
    return (
        "Berkas berformat lama Excel 97-2003 (.xls), yang tidak dapat dibaca bot. Buka di Excel atau "
        f"LibreOffice, {SAVE_AS_XLSX}."
    )


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_sizes(archive.infolist())
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            workbook = archive.read(WORKBOOK_PART)[:WORKBOOK_HEAD] if WORKBOOK_PART in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, KeyError, EOFError):
        raise UnsafeFile("Berkas rusak (arsip zip tidak utuh). Simpan ulang berkas lalu kirim lagi.") from None
    if b"opendocument" in mimetype:
        raise UnsafeFile(
            "Berkas berformat LibreOffice/OpenDocument (.ods), yang tidak dapat dibaca bot. Di LibreOffice: "
            'File > Simpan Sebagai, pilih jenis "Excel 2007-365 (.xlsx)", lalu kirim berkas .xlsx itu.'
        )
    if XLSB_PART in names:
        raise UnsafeFile(
            "Berkas berformat Excel Binary Workbook (.xlsb), yang tidak dapat dibaca bot. "
            f"Buka di Excel, {SAVE_AS_XLSX}."
        )
    if WORKBOOK_PART not in names:
        raise UnsafeFile(f"Berkas ini bukan spreadsheet Excel (.xlsx); {SAVE_AS_XLSX}.")
    if STRICT_NS in workbook:
        # openpyxl knows only the transitional namespaces: it would open the file and find no
        # sheet content at all, and the user would be told the header is missing.
        raise UnsafeFile(
            'Berkas disimpan sebagai "Strict Open XML Spreadsheet (.xlsx)", jenis .xlsx yang tidak dapat '
            'dibaca bot. Di Excel: File > Save As (Simpan Sebagai), pilih jenis "Excel Workbook (*.xlsx)" '
            "(bukan Strict Open XML), lalu kirim lagi."
        )


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    # zipfile never inflates an entry past its declared size, so checking the
    # declared sizes here bounds what openpyxl can be made to read.
    bomb = "Berkas ditolak: isinya mengembang terlalu besar saat dibuka (dicurigai 'zip bomb')."
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnsafeFile(f"{bomb} Jumlah bagian {len(infos)} > {MAX_ZIP_ENTRIES}.")
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise UnsafeFile(bomb)
    for info in infos:
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFile(bomb)


def open_workbook(data: bytes, *, data_only: bool) -> Workbook:
    """openpyxl in read-only mode, quietly: its warnings (unsupported extensions,
    missing styles) are about features we ignore, not about the data."""
    return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
