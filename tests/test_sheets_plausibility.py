"""Intake of the capaian rules: one fixture per error and per warning, each also as LibreOffice
saved it (tests/fixtures/capaian_fixtures.py). Errors refuse the file; warnings accept it, name
row and column, and change nothing."""

from decimal import Decimal as D

import pytest

from bot.sheets.intake import check_upload
from bot.sheets.result import IntakeResult
from bot.sheets.scales import load_scale
from tests.fixtures.capaian_fixtures import RANGE_INDICATORS
from tests.fixtures.common import PERIODE, indicators, read

BOTH = pytest.mark.parametrize("writer", ["", "lo_"], ids=["openpyxl", "libreoffice"])


def check(name: str, unit: str = "anggaran", inds=None, **kw) -> IntakeResult:
    return check_upload(
        read(name), file_name=name, unit_code=unit, periode_code=PERIODE, indicators=inds or indicators(unit), **kw
    )


def by_code(result: IntakeResult) -> dict:
    return {r.code: r for r in result.rows}


def warnings(result: IntakeResult) -> list[str]:
    return [str(w) for w in result.warnings]


@BOTH
def test_a_negative_count_or_duration_is_an_error(writer):
    result = check(f"{writer}error_negative_count.xlsx")
    assert not result.accepted and result.summary_lines[0].startswith("Berkas ditolak")
    assert [str(p) for p in result.problems] == [
        "Baris 7, kolom Realisasi: -12 negatif, padahal satuannya hari (lama waktu tidak mungkin di bawah nol); "
        "periksa tanda minusnya. Bila memang boleh negatif, Perencanaan mengisi boleh_negatif = ya untuk "
        "indikator ini di master indikator"
    ]


@BOTH
def test_no_data_without_a_reason_is_refused_saying_exactly_that(writer):
    result = check(f"{writer}error_no_data_without_reason.xlsx")
    assert not result.accepted
    assert [str(p) for p in result.problems] == [
        'Baris 9, kolom Realisasi: ditulis "n/a" (tidak ada data), tetapi Keterangan kosong: tulis di '
        'Keterangan mengapa datanya tidak ada, mis. "belum ada laporan dari SKPD"'
    ]


@BOTH
def test_a_slip_of_the_thumb_is_accepted_with_warnings_and_unchanged(writer):
    """900 for a % indicator with target 100: accepted, said, never silently changed."""
    result = check(f"{writer}warn_percent_slip.xlsx")
    assert result.accepted and "diterima" in result.summary_lines[0]
    row = by_code(result)["ANG-02"]
    assert row.realisasi == 900 and row.capaian == 900
    assert warnings(result) == [
        "Baris 8, kolom Realisasi: 900% melebihi 100% padahal targetnya 100%; periksa apakah bukan salah ketik",
        "Baris 8, kolom Capaian (%): capaian 900,00% di atas 200%; periksa Realisasi dan Target",
    ]
    lines = result.summary_lines
    assert "Peringatan (2), mohon diperiksa; berkas tetap diterima dan tidak ada yang diubah:" in lines
    assert f"- {warnings(result)[0]}" in lines


@BOTH
def test_capaian_below_zero(writer):
    result = check(f"{writer}warn_capaian_below_zero.xlsx")
    assert result.accepted and by_code(result)["ANG-05"].capaian == -20
    assert warnings(result) == [
        "Baris 11, kolom Capaian (%): capaian -20,00% di bawah 0%; periksa Realisasi dan Target"
    ]
    assert by_code(result)["ANG-05"].penghambat == "Jadwal mundur"


@BOTH
def test_a_tenth_of_the_previous_period(writer):
    previous = check("filled_openpyxl.xlsx").rows  # TW II said 100 for ANG-04
    result = check(f"{writer}warn_previous_period.xlsx", history={"2026-TW2": previous})
    assert result.accepted
    assert warnings(result) == [
        "Baris 10, kolom Realisasi: 9,5 adalah sepersepuluh atau kurang dari realisasi "
        "periode sebelumnya (100, Triwulan II 2026); periksa angkanya"
    ]
    row = by_code(result)["ANG-04"]
    assert (row.previous_periode, row.previous_realisasi, row.previous_capaian) == ("2026-TW2", 100, 100)


def test_ten_times_the_previous_period():
    previous = check("warn_previous_period.xlsx").rows  # 9,5
    result = check("filled_openpyxl.xlsx", history={"2026-TW2": previous})
    assert any(
        "sepuluh kali lipat atau lebih dari realisasi periode sebelumnya (9,5, Triwulan II 2026)" in w
        for w in warnings(result)
    )


@BOTH
def test_the_two_lowest_bands_need_a_faktor_penghambat(writer):
    result = check(f"{writer}warn_no_penghambat.xlsx")
    assert result.accepted
    assert warnings(result) == [
        "Baris 9, kolom Faktor Penghambat: capaian 50,00% (Sangat Rendah) tetapi Faktor Penghambat kosong; "
        "Laporan Kinerja harus menjelaskan setiap kekurangan"
    ]
    explained = by_code(result)["ANG-04"]  # 60 %: Rendah, explained
    assert (explained.kategori, explained.penghambat, explained.tindak_lanjut) == (
        "Rendah",
        "Server SIPD mati",
        "Lapor ke Kemendagri",
    )


def test_the_lowest_bands_follow_the_scale_in_force():
    result = check("warn_no_penghambat.xlsx", scale=load_scale("permendagri-86-2017-baik"))
    assert by_code(result)["ANG-03"].kategori == "Sangat Kurang"
    assert result.average_kategori == "Baik" and "(Baik)" in result.summary_lines[1]


@BOTH
def test_a_second_keterangan_column_is_reported_not_read(writer):
    result = check(f"{writer}warn_extra_column.xlsx")
    assert result.accepted
    assert by_code(result)["ANG-02"].keterangan == "SIPD sempat gangguan"  # the real Keterangan
    assert warnings(result) == [
        'Kolom H "Catatan Tambahan" tidak dibaca: yang dibaca sebagai Keterangan adalah kolom I. '
        "Isinya (baris 8) tidak masuk rekap; pindahkan ke kolom Keterangan bila perlu."
    ]


@BOTH
def test_no_data_is_never_zero(writer):
    """The published LKjIP Sampang 2019 row "Persentase penurunan temuan ... 55 % n/a n/a" is no data."""
    result = check(f"{writer}no_data_reasons.xlsx")
    assert result.accepted and result.summary_lines[0] == (
        "Berkas diterima: 5 indikator, 2 terisi, 3 tanpa data (ada keterangan, tidak masuk rata-rata)."
    )
    rows = by_code(result)
    assert [rows[c].realisasi for c in ("ANG-02", "ANG-03", "ANG-04")] == [None, None, None]
    assert all(
        rows[c].no_data and rows[c].capaian is None and rows[c].kategori is None for c in ("ANG-02", "ANG-03", "ANG-04")
    )
    assert result.average_capaian == (D(100) + D(140)) / 2  # the no-data rows are counted apart
    assert rows["ANG-03"].keterangan == "menunggu BPK"


@BOTH
def test_a_range_target_as_typed(writer):
    result = check(f"{writer}range_target.xlsx", inds=RANGE_INDICATORS)
    assert result.accepted, result.summary_lines
    rows = by_code(result)
    assert str(rows["RNG-01"].target) == "80 s.d. 90"
    assert rows["RNG-01"].capaian.quantize(D("0.01")) == D("102.22")  # 92 against the upper bound
    assert rows["RNG-02"].capaian == 80  # T/R: 4 / 5
    assert rows["RNG-03"].realisasi == D("-1.5") and rows["RNG-03"].capaian == -30  # the master allows it
    assert [w.column for w in result.warnings] == ["Capaian (%)", "Faktor Penghambat"]
    again = IntakeResult.from_json(result.to_json())
    assert again == result and str(again.rows[0].target) == "80 s.d. 90"
