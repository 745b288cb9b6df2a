"""IntakeResult: JSON for the database, the chat summary, and the diff between versions."""

from decimal import Decimal as D

from bot.sheets.intake import check_upload
from bot.sheets.result import IntakeResult, diff
from tests.fixtures.common import PERIODE, fill, filled_anggaran, indicators, template


def check(data: bytes) -> IntakeResult:
    return check_upload(
        data, file_name="a.xlsx", unit_code="anggaran", periode_code=PERIODE, indicators=indicators("anggaran")
    )


def test_json_round_trip_keeps_decimals_and_grades():
    result = check(filled_anggaran(**{"ANG-02": "87,25"}))
    again = IntakeResult.from_json(result.to_json())
    assert again == result
    assert again.rows[1].realisasi == D("87.25") and isinstance(again.rows[1].capaian, D)
    rejected = check(filled_anggaran(**{"ANG-02": "x"}))
    assert IntakeResult.from_json(rejected.to_json()) == rejected


def test_qualitative_json_round_trip():
    data = fill(
        template("akuntansi"), {"AKT-01": "WDP", "AKT-02": 0, "AKT-03": 1, "AKT-04": 1, "AKT-05": 0}, unit="akuntansi"
    )
    result = check_upload(
        data, file_name="b.xlsx", unit_code="akuntansi", periode_code=PERIODE, indicators=indicators("akuntansi")
    )
    again = IntakeResult.from_json(result.to_json())
    assert again == result and again.rows[0].realisasi == "WDP" and again.rows[0].target == "WTP"


def test_summary_lines():
    lines = check(filled_anggaran()).summary_lines
    assert lines[0] == "Berkas diterima: 5 indikator, 5 terisi."
    assert lines[1] == "Rata-rata capaian: 107,10% (Sangat Tinggi)."
    assert lines[2:] == ["Di bawah target:", "- ANG-02 Persentase DPA SKPD disahkan tepat waktu: 95,50%"]
    bad = check(filled_anggaran(**{"ANG-02": "x", "ANG-03": "y"})).summary_lines
    assert bad[0] == "Berkas ditolak (2 masalah):" and bad[1].startswith("- Baris 8, kolom Realisasi:")


def test_diff_lists_what_changed():
    before = check(filled_anggaran())
    after = check(
        fill(
            template("anggaran"),
            {"ANG-01": 0, "ANG-02": "97,5", "ANG-03": 100, "ANG-04": 100, "ANG-05": 3},
            {"ANG-04": "SK sudah terbit"},
        )
    )
    assert diff(before, after) == [
        "ANG-02 Persentase DPA SKPD disahkan tepat waktu: realisasi 95,5 → 97,5",
        'ANG-04 Persentase dokumen Perubahan APBD ditetapkan tepat waktu: keterangan "" → "SK sudah terbit"',
    ]
    assert diff(before, before) == []


def test_repeated_header_and_section_rows_are_skipped():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(filled_anggaran()))
    sheet = book.worksheets[0]
    sheet.insert_rows(9, 2)
    for column, value in enumerate(("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi"), 1):
        sheet.cell(row=9, column=column, value=value)
    sheet["B10"] = "Sasaran 2"
    out = io.BytesIO()
    book.save(out)
    assert check(out.getvalue()).accepted
