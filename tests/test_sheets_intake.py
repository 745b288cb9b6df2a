"""Intake: every accepted layout and every rejection, with its Indonesian message."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from bot.sheets import intake as intake_module
from bot.sheets.intake import check_upload
from bot.sheets.result import IntakeResult
from tests.fixtures.common import (
    ANGGARAN_CAPAIAN,
    ANGGARAN_VALUES,
    PERIODE,
    fill,
    filled_anggaran,
    indicators,
    read,
    template,
)


def check(data: bytes, unit: str = "anggaran", name: str = "isian.xlsx", **kw) -> IntakeResult:
    return check_upload(data, file_name=name, unit_code=unit, periode_code=PERIODE, indicators=indicators(unit), **kw)


def by_code(result: IntakeResult) -> dict:
    return {r.code: r for r in result.rows}


def edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "fixture",
    [
        "filled_openpyxl.xlsx",
        "lo_filled_roundtrip.xlsx",
        "lo_filled.xlsm",
        "lo_formulas_saved.xlsx",
        "filled_messy.xlsx",
    ],
)
def test_accepted_layouts_give_the_same_numbers(fixture):
    result = check(read(fixture), name=fixture)
    assert result.accepted, result.summary_lines
    assert {c: r.capaian for c, r in by_code(result).items()} == ANGGARAN_CAPAIAN
    assert [r.code for r in result.rows] == ["ANG-01", "ANG-02", "ANG-03", "ANG-04", "ANG-05"]
    assert by_code(result)["ANG-02"].realisasi == D("95.5") and by_code(result)["ANG-05"].kategori == "Sangat Tinggi"


def test_messy_layout_reports_its_own_sheet_and_rows():
    result = check(read("filled_messy.xlsx"))
    assert result.sheet_name == "Isian TW3"
    assert {r.code: r.excel_row for r in result.rows} == {
        "ANG-05": 9,
        "ANG-02": 10,
        "ANG-01": 12,
        "ANG-04": 13,
        "ANG-03": 14,
    }


def test_indonesian_text_numbers_and_no_data_row():
    rows = by_code(check(read("filled_numbers_text.xlsx"), unit="perbendaharaan"))
    assert rows["BEN-01"].realisasi == D("98.5") and rows["BEN-02"].capaian == D(125)
    assert rows["BEN-03"].realisasi == D("72.5")
    assert rows["BEN-05"].realisasi == D("1350000000000")
    assert rows["BEN-04"].realisasi is None and rows["BEN-04"].capaian is None
    assert rows["BEN-04"].keterangan == "Belum ada data dari SKPD"


def test_qualitative_full_name_and_zero_target():
    rows = by_code(check(read("filled_akuntansi.xlsx"), unit="akuntansi"))
    assert rows["AKT-01"].realisasi == "WTP" and rows["AKT-01"].capaian == 100
    assert rows["AKT-02"].capaian == 100 and rows["AKT-05"].capaian == 0  # 2 findings vs target 0
    assert rows["AKT-05"].kategori == "Sangat Rendah"


def test_file_capaian_and_target_are_never_trusted():
    def tamper(book):
        sheet = book.worksheets[0]
        sheet["H8"], sheet["F8"] = 999, 50

    rows = by_code(check(edit(filled_anggaran(), tamper)))
    assert rows["ANG-02"].capaian == D("95.5") and rows["ANG-02"].target == 100


def test_percent_formatted_cell_is_read_as_shown():
    def percent(book):
        book.worksheets[0]["G8"] = 0.955
        book.worksheets[0]["G8"].number_format = "0.0%"

    assert by_code(check(edit(filled_anggaran(), percent)))["ANG-02"].realisasi == D("95.5")


@pytest.mark.parametrize("lose", ["meta", "visible"])
def test_one_identification_is_enough(lose):
    def drop(book):
        if lose == "meta":
            del book["_meta"]
        else:
            book.worksheets[0]["A4"] = "ID format:"

    assert check(edit(filled_anggaran(), drop)).accepted


@pytest.mark.parametrize("note", ["tidak ada data", "Belum ada data (menunggu SKPD)", "n/a", "N/A"])
def test_empty_realisasi_allowed_with_a_no_data_note(note):
    data = fill(template("anggaran"), {"ANG-01": 0, "ANG-02": 90, "ANG-04": 100, "ANG-05": 3}, {"ANG-03": note})
    result = check(data)
    assert result.accepted and by_code(result)["ANG-03"].realisasi is None


def rejection(result: IntakeResult) -> list[str]:
    assert not result.accepted and result.rows == ()
    return [str(p) for p in result.problems]


def test_every_row_problem_is_listed_with_row_and_column():
    data = filled_anggaran(**{"ANG-02": "tujuh puluh", "ANG-03": None, "ANG-04": "#DIV/0!", "ANG-05": "1.25.000"})
    assert rejection(check(data)) == [
        'Baris 8, kolom Realisasi: "tujuh puluh" bukan angka (tulis dengan angka, mis. 70 atau 85,5)',
        "Baris 9, kolom Realisasi: belum diisi (jika datanya memang belum ada, kosongkan Realisasi dan "
        'tulis "belum ada data" di Keterangan)',
        "Baris 10, kolom Realisasi: berisi galat rumus #DIV/0!; perbaiki rumusnya atau ketik angkanya",
        'Baris 11, kolom Realisasi: "1.25.000" bukan angka yang sah (pemisah ribuan tidak tepat, '
        "tulis dengan angka, mis. 70 atau 85,5)",
    ]


def test_qualitative_value_outside_the_list():
    data = fill(
        template("akuntansi"), {"AKT-01": "Baik", "AKT-02": 0, "AKT-03": 1, "AKT-04": 1, "AKT-05": 0}, unit="akuntansi"
    )
    assert rejection(check(data, unit="akuntansi")) == [
        'Baris 7, kolom Realisasi: "Baik" bukan pilihan yang sah; pilih salah satu: WTP, WDP, TW, TMP'
    ]


def test_missing_extra_and_duplicate_rows():
    def rows(book):
        sheet = book.worksheets[0]
        sheet["C9"] = "Indikator karangan sendiri"  # ANG-03 replaced: unknown + missing
        sheet["C10"] = sheet["C8"].value  # ANG-04 now duplicates ANG-02
        sheet["A10"] = 2

    problems = rejection(check(edit(filled_anggaran(), rows)))
    assert problems[0].startswith(
        'Baris 9, kolom Indikator Kinerja: indikator "Indikator karangan sendiri" tidak dikenal untuk unit ini'
    )
    assert problems[1] == ("Baris 10, kolom Indikator Kinerja: indikator ini sudah ada di baris 8; hapus salah satunya")
    assert any(
        '"Persentase RKA SKPD yang diverifikasi TAPD sesuai jadwal" (ANG-03) tidak ada dalam berkas' in p
        for p in problems
    )
    assert any("(ANG-04) tidak ada dalam berkas" in p for p in problems)


def test_deleted_row_is_missing():
    problems = rejection(check(edit(filled_anggaran(), lambda b: b.worksheets[0].delete_rows(9))))
    assert problems == [
        'Indikator "Persentase RKA SKPD yang diverifikasi TAPD sesuai jadwal" (ANG-03) '
        "tidak ada dalam berkas; jangan menghapus baris dari format."
    ]


def test_lightly_edited_name_is_matched_by_its_number():
    def typo(book):
        book.worksheets[0]["C8"] = "Persentase DPA SKPD disahkan tepat waktu (semua SKPD)"

    assert check(edit(filled_anggaran(), typo)).accepted


def test_formula_without_saved_value():
    assert rejection(check(read("formula_no_value.xlsx"))) == [
        "Baris 8, kolom Realisasi: berisi rumus tanpa nilai tersimpan; buka berkas di Excel/LibreOffice, "
        "simpan, lalu kirim lagi (atau ketik angkanya langsung)"
    ]


AGAIN = "Unduh format yang benar dengan /format, salin isian Anda ke sana, lalu kirim lagi."


@pytest.mark.parametrize(
    "fixture, message",
    [
        ("wrong_unit.xlsx", f"Berkas ini format untuk unit aset, bukan unit anggaran. {AGAIN}"),
        ("wrong_period.xlsx", f"Berkas ini format untuk periode 2026-TW2, bukan periode 2026-TW3. {AGAIN}"),
        ("stale_version.xlsx", f"Berkas ini format versi lama (v0); versi yang berlaku v1. {AGAIN}"),
        ("empty.xlsx", "Berkas kosong (0 byte). Kirim berkas format yang sudah diisi."),
        (
            "not_a_spreadsheet.xlsx",
            "Berkas not_a_spreadsheet.xlsx bukan spreadsheet Excel (.xlsx). Kirim format yang diunduh dengan /format.",
        ),
        ("corrupt.xlsx", "Berkas rusak (arsip zip tidak utuh). Simpan ulang berkas lalu kirim lagi."),
        (
            "encrypted.xlsx",
            "Berkas dilindungi kata sandi (terenkripsi). Buka, hapus kata sandinya, simpan, lalu kirim lagi.",
        ),
        ("bomb.xlsx", "Berkas ditolak: isinya mengembang terlalu besar saat dibuka (dicurigai 'zip bomb')."),
        (
            "lo_filled.xls",
            "Berkas berformat lama Excel 97-2003 (.xls), yang tidak dapat dibaca bot. Buka di Excel atau "
            "LibreOffice, simpan ulang sebagai Excel Workbook (.xlsx) lalu kirim lagi.",
        ),
        (
            "lo_template_roundtrip.ods",
            "Berkas berformat LibreOffice/OpenDocument (.ods), yang tidak dapat dibaca bot. Di LibreOffice: "
            'File > Simpan Sebagai, pilih jenis "Excel 2007-365 (.xlsx)", lalu kirim berkas .xlsx itu.',
        ),
        (
            "lo_strict_ooxml.xlsx",
            'Berkas disimpan sebagai "Strict Open XML Spreadsheet (.xlsx)", jenis .xlsx yang tidak dapat '
            'dibaca bot. Di Excel: File > Save As (Simpan Sebagai), pilih jenis "Excel Workbook (*.xlsx)" '
            "(bukan Strict Open XML), lalu kirim lagi.",
        ),
        (
            "binary_workbook.xlsb",
            "Berkas berformat Excel Binary Workbook (.xlsb), yang tidak dapat dibaca bot. Buka di Excel, "
            "simpan ulang sebagai Excel Workbook (.xlsx) lalu kirim lagi.",
        ),
        (
            "too_many_rows.xlsx",
            'Lembar "Data Kinerja" berisi lebih dari 5.000 baris data di bawah judul kolom (batas 5.000 '
            "baris; format data hanya memuat puluhan indikator). Hapus baris di luar tabel, atau salin isian "
            "Anda ke format dari /format, lalu kirim lagi.",
        ),
        (
            "too_many_columns.xlsx",
            'Lembar "Data Kinerja" baris 8 berisi data di luar kolom IV (lebih dari 256 kolom; format data '
            "hanya 12 kolom). Hapus kolom di luar tabel, atau salin isian Anda ke format dari /format, lalu "
            "kirim lagi.",
        ),
        (
            "no_identification.xlsx",
            'Sel A4: Identitas format tidak ditemukan (baris "ID format: KNJ|..." dan '
            "lembar _meta hilang). Unduh format dengan /format, salin isian Anda ke sana, "
            "lalu kirim lagi.",
        ),
    ],
)
def test_refused_files(fixture, message):
    assert rejection(check(read(fixture), name=fixture)) == [message]


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"PK\x03\x04" + bytes(21 * 1024 * 1024), "Berkas terlalu besar (21.0 MB; batas 20 MB)."),
        (_zip({f"x/{i}.xml": b"" for i in range(600)}), "Jumlah bagian 600 > 500."),
        (_zip({"word/document.xml": b"<w/>"}), "bukan spreadsheet Excel (.xlsx)"),
        (_zip({"[Content_Types].xml": b"<x", "xl/workbook.xml": b"<broken"}), "Berkas rusak atau tidak dapat dibuka"),
    ],
)
def test_refused_bytes(data, fragment):
    assert fragment in rejection(check(data))[0]


def test_a_table_without_header_is_refused():
    def wipe(book):
        book.worksheets[0]["G6"] = "Isian"

    assert "Tabel data tidak ditemukan" in rejection(check(edit(filled_anggaran(), wipe)))[0]


def test_a_crash_becomes_a_rejection(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(intake_module, "match_rows", boom)
    problems = rejection(check(filled_anggaran(), name="x.xlsx"))
    assert problems == ["Berkas tidak dapat dibaca (x.xlsx). Simpan ulang sebagai .xlsx lalu kirim lagi."]


def test_a_notes_sheet_with_only_the_header_does_not_hide_the_data():
    def notes_first(book):
        notes = book.create_sheet("Catatan", 0)
        notes.append(["Indikator Kinerja", "Realisasi", "Keterangan"])

    result = check(edit(filled_anggaran(), notes_first))
    assert result.accepted and result.sheet_name == "Data Kinerja"


def test_the_unit_of_measure_typed_after_the_number_is_accepted():
    values = {**ANGGARAN_VALUES, "ANG-01": "0 hari"}
    rows = by_code(check(fill(template("anggaran"), values)))
    assert rows["ANG-01"].realisasi == D(0)
    wrong = check(fill(template("anggaran"), {**ANGGARAN_VALUES, "ANG-01": "2 minggu"}))
    assert not wrong.accepted and '"2 minggu" bukan angka' in str(wrong.problems[0])
