"""Recap workbooks read back cell by cell, and the PNG chart."""
import io
import struct
import zlib
from datetime import datetime, timezone
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from bot.sheets.chart import chart_png
from bot.sheets.intake import check_upload
from bot.sheets.recap import KEPATUHAN_HEADERS, REKAP_HEADERS, SUMBER_HEADERS, TREND_HEADERS, compile_recap
from bot.sheets.summary import RecapUnit, SUMMARY_HEADERS, summarize
from bot.sheets.types import ComplianceRow, SourceFile, UnitSummary
from bot.sheets.unit_recap import unit_recap
from tests.fixtures.common import PERIODE, fill, indicators, read, template

SHA = "0f" * 32


def accepted(unit: str, data: bytes):
    result = check_upload(data, file_name=f"{unit}.xlsx", unit_code=unit, periode_code=PERIODE,
                          indicators=indicators(unit))
    assert result.accepted, result.summary_lines
    return result


@pytest.fixture(scope="module")
def uploads():
    tricky = fill(template("anggaran"), {"ANG-01": 0, "ANG-02": 95.5, "ANG-03": 100, "ANG-04": 100, "ANG-05": 3},
                  {"ANG-02": "+62 811 telp", "ANG-03": "@bendahara", "ANG-04": "-5 hari lebih cepat"})
    return {"anggaran": accepted("anggaran", tricky),
            "akuntansi": accepted("akuntansi", read("filled_akuntansi.xlsx")),
            "perbendaharaan": accepted("perbendaharaan", read("filled_numbers_text.xlsx"))}


@pytest.fixture(scope="module")
def recap(uploads):
    units = [RecapUnit("anggaran", "Bidang Anggaran", uploads["anggaran"]),
             ("akuntansi", "Bidang Akuntansi", uploads["akuntansi"]),
             ("perbendaharaan", "Bidang Perbendaharaan", uploads["perbendaharaan"]),
             RecapUnit("aset", "Bidang Aset", None, indicators("aset")),
             RecapUnit("sekretariat", "Sekretariat", None)]
    sources = [SourceFile("anggaran", "Bidang Anggaran", "=HYPERLINK(\"x\").xlsx", "=Budi",
                          datetime(2026, 10, 5, 2, 30, tzinfo=timezone.utc), SHA)]
    compliance = [ComplianceRow(5, "Jabatan Pelaksana menyusun format", "anggaran", 480, 512, "terlambat", "=Sari"),
                  (9, "Rekap Badan", "", 480, None, "belum", "")]
    data = compile_recap(periode_code=PERIODE, periode_label="Triwulan III 2026", units=units,
                         sources=sources, compliance=compliance, tz="Asia/Jakarta")
    return load_workbook(io.BytesIO(data))


def values(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_sheets_and_headers_are_exact(recap):
    assert recap.sheetnames == ["Rekap", "Ringkasan", "Sumber", "Kepatuhan"]
    assert values(recap["Rekap"])[0] == [*REKAP_HEADERS, *TREND_HEADERS]  # SPEC §8: the fixed ones first
    assert values(recap["Sumber"])[0] == list(SUMBER_HEADERS)
    assert values(recap["Kepatuhan"])[0] == list(KEPATUHAN_HEADERS)
    assert values(recap["Ringkasan"])[3] == list(SUMMARY_HEADERS)


def test_no_cell_is_a_formula(recap):
    for sheet in recap.worksheets:
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], sheet.title


def test_rekap_numbers_equal_the_uploads(recap, uploads):
    rows = values(recap["Rekap"])[1:]
    expected = [(name, r) for code, name in (("anggaran", "Bidang Anggaran"), ("akuntansi", "Bidang Akuntansi"),
                                             ("perbendaharaan", "Bidang Perbendaharaan"))
                for r in uploads[code].rows]
    for line, (unit, row) in zip(rows, expected):
        assert line[0] == unit and line[2] == row.name and line[3] == row.satuan
        assert _same(line[5], row.target)
        assert _same(line[6], row.realisasi) if not row.no_data else line[6] == "Tidak ada data"
        assert _same(line[7], row.capaian) and line[8] == row.kategori and (line[9] or "") == row.keterangan
    anggaran = {line[2]: line for line in rows if line[0] == "Bidang Anggaran"}
    assert anggaran["Jumlah SKPD yang mengajukan pergeseran anggaran di luar jadwal"][7] == 140  # not capped
    assert [line[9] for line in rows if line[0] == "Bidang Anggaran"][1:4] == [
        "+62 811 telp", "@bendahara", "-5 hari lebih cepat"]


def _same(cell, value) -> bool:
    if value is None:
        return cell is None
    if isinstance(value, D):
        return isinstance(cell, (int, float)) and abs(D(str(cell)) - value) < D("1e-9")
    return cell == value


def test_missing_units_are_marked(recap):
    rows = values(recap["Rekap"])[1:]
    aset = [r for r in rows if r[0] == "Bidang Aset"]
    assert len(aset) == len(indicators("aset"))
    assert all(r[9] == "Data tidak masuk" and r[6] is None and r[7] is None for r in aset)
    assert aset[0][5] == 55  # the period's target is still shown
    assert [r for r in rows if r[0] == "Sekretariat"] == [
        ["Sekretariat"] + [None] * 8 + ["Data tidak masuk"] + [None] * len(TREND_HEADERS)]


def test_ringkasan_and_its_native_chart(recap, uploads):
    sheet = recap["Ringkasan"]
    table = values(sheet)[4:9]
    assert [r[0] for r in table] == ["Bidang Anggaran", "Bidang Akuntansi", "Bidang Perbendaharaan",
                                     "Bidang Aset", "Sekretariat"]
    anggaran = table[0]
    assert anggaran[1:3] == [5, 5] and _same(anggaran[3], uploads["anggaran"].average_capaian)
    assert anggaran[4:9] == [5, 0, 0, 0, 0] and anggaran[9] == "Diterima"
    assert table[3][9] == "Data tidak masuk" and table[3][3] is None
    assert len(sheet._charts) == 1 and sheet._charts[0].tagname == "barChart"


def test_sumber_lists_file_sender_time_and_full_hash(recap):
    row = values(recap["Sumber"])[1]
    assert row[:4] == ["Bidang Anggaran", "=HYPERLINK(\"x\").xlsx", "=Budi", "05-10-2026 09:30 WIB"]
    assert row[4] == datetime(2026, 10, 5, 9, 30) and row[5] == SHA and len(row[5]) == 64


def test_kepatuhan_is_written_as_given(recap):
    assert values(recap["Kepatuhan"])[1:] == [
        [5, "Jabatan Pelaksana menyusun format", "anggaran", 480, 512, "terlambat", "=Sari"],
        [9, "Rekap Badan", None, 480, None, "belum", None]]


def test_unit_recap_file_and_summary(uploads):
    data, lines = unit_recap(unit_code="anggaran", unit_name="Bidang Anggaran",
                             periode_label="Triwulan III 2026", result=uploads["anggaran"])
    assert lines[:4] == ["Rekap Bidang Anggaran, Triwulan III 2026", "Indikator terisi: 5 dari 5",
                         "Rata-rata capaian: 107,10% (Sangat Tinggi)", "Di bawah target (capaian < 100%): 1"]
    assert lines[4] == "- ANG-02 Persentase DPA SKPD disahkan tepat waktu: 95,50% (Sangat Tinggi)"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = values(sheet)
    assert rows[3] == ["No", *REKAP_HEADERS[1:], *TREND_HEADERS]
    assert rows[5][2] == "Persentase DPA SKPD disahkan tepat waktu" and rows[5][6] == 95.5
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_unit_recap_lists_no_data_rows(uploads):
    _, lines = unit_recap(unit_code="perbendaharaan", unit_name="Bidang Perbendaharaan",
                          periode_label="TW III 2026", result=uploads["perbendaharaan"])
    assert lines[1] == "Indikator terisi: 4 dari 5"
    assert lines[-1].startswith("Tanpa data: BEN-04") and "Belum ada data dari SKPD" in lines[-1]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_png_is_a_valid_png(uploads):
    summaries = [summarize(RecapUnit(c, c, r)) for c, r in uploads.items()]
    summaries.append(UnitSummary("aset", "Bidang Aset", 5, 0, None, {}, True))
    png = chart_png(summaries)
    width, height = _png_size(png)
    assert width == 720 and height > 4 * 26
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    assert len(zlib.decompress(idat)) == height * (width * 3 + 1)


def test_chart_png_handles_none_and_huge_values():
    assert _png_size(chart_png([]))[0] == 720
    assert _png_size(chart_png([UnitSummary("x", "x", 1, 1, D(5000), {})]))[0] == 720
    assert _png_size(chart_png([UnitSummary("x", "x", 1, 1, D(-40), {})]))[0] == 720
