"""Recap workbooks read back cell by cell; what a reader sees of them printed; the charts."""

import io
import struct
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from bot.sheets.charts import indicator_chart_png, unit_chart_png
from bot.sheets.intake import check_upload
from bot.sheets.paper import lines_needed
from bot.sheets.recap import (
    KEPATUHAN_HEADERS,
    REKAP_HEADERS,
    REKAP_WIDTHS,
    SUMBER_HEADERS,
    TREND_HEADERS,
    compile_recap,
)
from bot.sheets.summary import SUMMARY_HEADERS
from bot.sheets.totals import RecapUnit, summarize
from bot.sheets.types import ComplianceRow, Letterhead, SourceFile, UnitSummary
from bot.sheets.unit_recap import unit_recap
from tests.fixtures.common import PERIODE, fill, indicators, read, template

SHA = "0f" * 32
HEAD = Letterhead(
    "Badan Pengelola Keuangan dan Aset Daerah Kabupaten Way Kanan",
    "BPKAD Kabupaten Way Kanan",
    "Triwulan III 2026",
    place="Blambangan Umpu",
    signed_on="2 Oktober 2026",
    signer_title="Kepala Badan Pengelola Keuangan dan Aset Daerah Kabupaten Way Kanan",
    signer_name="Drs. Contoh Nama, M.M.",
    signer_nip="197501012000031001",
)


def accepted(unit: str, data: bytes):
    result = check_upload(
        data, file_name=f"{unit}.xlsx", unit_code=unit, periode_code=PERIODE, indicators=indicators(unit)
    )
    assert result.accepted, result.summary_lines
    return result


@pytest.fixture(scope="module")
def uploads():
    tricky = fill(
        template("anggaran"),
        {"ANG-01": 0, "ANG-02": 95.5, "ANG-03": 100, "ANG-04": 100, "ANG-05": 3},
        {"ANG-02": "+62 811 telp", "ANG-03": "@bendahara", "ANG-04": "-5 hari lebih cepat"},
    )
    return {
        "anggaran": accepted("anggaran", tricky),
        "akuntansi": accepted("akuntansi", read("filled_akuntansi.xlsx")),
        "perbendaharaan": accepted("perbendaharaan", read("filled_numbers_text.xlsx")),
    }


@pytest.fixture(scope="module")
def recap(uploads):
    units = [
        RecapUnit("anggaran", "Bidang Anggaran", uploads["anggaran"]),
        ("akuntansi", "Bidang Akuntansi", uploads["akuntansi"]),
        ("perbendaharaan", "Bidang Perbendaharaan", uploads["perbendaharaan"]),
        RecapUnit("aset", "Bidang Aset", None, indicators("aset")),
        RecapUnit("sekretariat", "Sekretariat", None),
    ]
    sources = [
        SourceFile(
            "anggaran",
            "Bidang Anggaran",
            '=HYPERLINK("x").xlsx',
            "=Budi",
            datetime(2026, 10, 5, 2, 30, tzinfo=UTC),
            SHA,
        )
    ]
    compliance = [
        ComplianceRow(5, "Jabatan Pelaksana menyusun format", "anggaran", 480, 512, "terlambat", "=Sari"),
        (9, "Rekap Badan", "", 480, None, "belum", ""),
    ]
    data = compile_recap(
        periode_code=PERIODE,
        periode_label="Triwulan III 2026",
        units=units,
        sources=sources,
        compliance=compliance,
        tz="Asia/Jakarta",
        letterhead=HEAD,
    )
    return load_workbook(io.BytesIO(data))


def values(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_sheets_and_headers_are_exact(recap):
    assert recap.sheetnames == ["Rekap", "Ringkasan", "Sumber", "Kepatuhan"]
    assert values(recap["Rekap"])[0] == [*REKAP_HEADERS, *TREND_HEADERS]  # SPEC §8: the fixed ones first
    assert values(recap["Sumber"])[0] == list(SUMBER_HEADERS)
    assert values(recap["Kepatuhan"])[0] == list(KEPATUHAN_HEADERS)
    assert values(recap["Ringkasan"])[4] == list(SUMMARY_HEADERS)


def test_no_cell_is_a_formula(recap):
    for sheet in recap.worksheets:
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], sheet.title


def test_rekap_numbers_equal_the_uploads(recap, uploads):
    rows = values(recap["Rekap"])[1:]
    expected = [
        (name, r)
        for code, name in (
            ("anggaran", "Bidang Anggaran"),
            ("akuntansi", "Bidang Akuntansi"),
            ("perbendaharaan", "Bidang Perbendaharaan"),
        )
        for r in uploads[code].rows
    ]
    for line, (unit, row) in zip(rows, expected):
        assert line[0] == unit and line[2] == row.name and line[3] == row.satuan
        assert _same(line[5], row.target)
        assert _same(line[6], row.realisasi) if not row.no_data else line[6] == "Tidak ada data"
        assert _same(line[7], row.capaian) and line[8] == row.kategori and (line[9] or "") == row.keterangan
    anggaran = {line[2]: line for line in rows if line[0] == "Bidang Anggaran"}
    assert anggaran["Jumlah SKPD yang mengajukan pergeseran anggaran di luar jadwal"][7] == 140  # not capped
    assert [line[9] for line in rows if line[0] == "Bidang Anggaran"][1:4] == [
        "+62 811 telp",
        "@bendahara",
        "-5 hari lebih cepat",
    ]


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
        ["Sekretariat"] + [None] * 8 + ["Data tidak masuk"] + [None] * len(TREND_HEADERS)
    ]


def test_ringkasan_and_its_native_chart(recap, uploads):
    sheet = recap["Ringkasan"]
    table = values(sheet)[5:10]
    assert [r[0] for r in table] == [
        "Bidang Anggaran",
        "Bidang Akuntansi",
        "Bidang Perbendaharaan",
        "Bidang Aset",
        "Sekretariat",
    ]
    anggaran = table[0]
    assert anggaran[1:3] == [5, 5] and _same(anggaran[3], uploads["anggaran"].average_capaian)
    assert anggaran[4:9] == [5, 0, 0, 0, 0] and anggaran[9] == "Diterima"
    assert table[3][9] == "Data tidak masuk" and table[3][3] is None
    assert len(sheet._charts) == 1 and sheet._charts[0].tagname == "barChart"


def test_sumber_lists_file_sender_time_and_full_hash(recap):
    row = values(recap["Sumber"])[1]
    assert row[:4] == ["Bidang Anggaran", '=HYPERLINK("x").xlsx', "=Budi", "05-10-2026 09:30 WIB"]
    assert row[4] == datetime(2026, 10, 5, 9, 30) and row[5] == SHA and len(row[5]) == 64


def test_kepatuhan_is_written_as_given(recap):
    assert values(recap["Kepatuhan"])[1:] == [
        [5, "Jabatan Pelaksana menyusun format", "anggaran", 480, 512, "terlambat", "=Sari"],
        [9, "Rekap Badan", None, 480, None, "belum", None],
    ]


def test_unit_recap_file_and_summary(uploads):
    data, lines = unit_recap(
        unit_code="anggaran", unit_name="Bidang Anggaran", periode_label="Triwulan III 2026", result=uploads["anggaran"]
    )
    assert lines[:4] == [
        "Rekap Bidang Anggaran, Triwulan III 2026",
        "Indikator terisi: 5 dari 5",
        "Rata-rata capaian: 107,10% (Sangat Tinggi)",
        "Di bawah target (capaian < 100%): 1",
    ]
    assert lines[4] == "- ANG-02 Persentase DPA SKPD disahkan tepat waktu: 95,50% (Sangat Tinggi)"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = values(sheet)
    assert rows[4] == ["No", *REKAP_HEADERS[1:], *TREND_HEADERS]
    assert rows[0][0] == "REKAP DATA KINERJA BIDANG ANGGARAN" and "(anggaran)" not in str(rows[0][0])
    assert rows[6][2] == "Persentase DPA SKPD disahkan tepat waktu" and rows[6][6] == 95.5
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_unit_recap_lists_no_data_rows(uploads):
    _, lines = unit_recap(
        unit_code="perbendaharaan",
        unit_name="Bidang Perbendaharaan",
        periode_label="TW III 2026",
        result=uploads["perbendaharaan"],
    )
    assert lines[1] == "Indikator terisi: 4 dari 5"
    assert lines[-1].startswith("Tanpa data: BEN-04") and "Belum ada data dari SKPD" in lines[-1]


def test_every_sheet_prints_landscape_a4_fitted_to_width_with_agency_period_and_page_numbers(recap):
    for sheet in recap.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        wide = 2 if sheet.title == "Rekap" else 1  # Rekap's 20 columns: two pages side by side
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == wide, sheet.title
        assert sheet.page_setup.fitToHeight == 0, sheet.title  # as many pages down as needed
        assert sheet.oddHeader.left.text == "BPKAD Kabupaten Way Kanan"
        assert sheet.oddHeader.right.text.endswith("Triwulan III 2026")
        assert sheet.oddFooter.center.text == "Halaman &P dari &N"
    assert recap["Rekap"].print_title_rows == "$1:$1" and recap["Ringkasan"].print_title_rows == "$5:$5"
    # the unit and the indicator repeated on both halves, each row's halves printed one after the other
    assert recap["Rekap"].print_title_cols == "$A:$C" and recap["Rekap"].page_setup.pageOrder == "overThenDown"
    assert recap.properties.creator == "BPKAD Kabupaten Way Kanan"


def test_rekap_keeps_its_header_in_row_1_frozen_and_filtered(recap):
    sheet = recap["Rekap"]
    # the filter spans every column, the trend and the warnings too
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref.startswith("A1:T")


def test_numbers_are_formatted_by_satuan(recap):
    rows = list(recap["Rekap"].iter_rows(min_row=2))
    money = next(r for r in rows if r[3].value == "Rp" and isinstance(r[5].value, (int, float)))
    assert money[5].value == 1300000000000 and money[5].number_format == '"Rp"\\ #,##0'
    percent = next(r for r in rows if r[3].value == "%" and r[6].value is not None)
    assert percent[5].number_format == "#,##0.00" and percent[6].number_format == "#,##0.00"
    count = next(r for r in rows if r[3].value == "SKPD")
    assert count[5].number_format == "#,##0"
    assert all(r[7].number_format == "#,##0.00" for r in rows if r[7].value is not None)


def test_capaian_is_stored_as_shown_and_its_category_agrees():
    from bot.sheets.capaian import DEFAULT_BANDS
    from tests.fixtures.common import fill, template

    # ANG-02: 90.996 % of the target is shown 91,00 and is therefore Sangat Tinggi, never Tinggi
    result = accepted(
        "anggaran",
        fill(template("anggaran"), {"ANG-01": 0, "ANG-02": 90.996, "ANG-03": 100, "ANG-04": 100, "ANG-05": 3}),
    )
    row = result.rows[1]
    assert row.capaian == D("91.00") and row.kategori == "Sangat Tinggi" == DEFAULT_BANDS.category(row.capaian)


def test_no_text_is_cut_in_rekap(recap):
    sheet = recap["Rekap"]
    widths = [sheet.column_dimensions[chr(65 + i)].width for i in range(13)]
    assert widths[:5] == list(REKAP_WIDTHS[:5])
    for row in sheet.iter_rows(min_row=1):
        height = sheet.row_dimensions[row[0].row].height
        for cell, width in zip(row, widths):
            if isinstance(cell.value, str):
                fits = len(cell.value) <= width
                assert fits or cell.alignment.wrap_text, cell.coordinate
                assert height >= 15 * lines_needed(cell.value, width), cell.coordinate
            elif isinstance(cell.value, (int, float)):  # never "####"
                shown = f"{cell.value:,.2f}" if "0.00" in cell.number_format else f"{cell.value:,.0f}"
                assert len(shown) + (3 if "Rp" in cell.number_format else 0) + 2 <= width, cell.coordinate


def test_ringkasan_has_the_agency_line_units_in_and_out_chart_from_zero_and_signature(recap, uploads):
    rows = values(recap["Ringkasan"])
    assert rows[1][0] == HEAD.agency and rows[2][0] == "Periode: Triwulan III 2026"
    agency = next(r for r in rows if r[0] == "Badan (seluruh unit)")
    all_rows = [r for u in uploads.values() for r in u.rows]
    scores = [r.capaian for r in all_rows if r.capaian is not None]  # no data counts apart
    expected = sum(scores) / len(scores)
    assert abs(D(str(agency[3])) - expected) < D("0.006")
    assert agency[4:9] == [sum(1 for r in all_rows if r.kategori == label) for label in SUMMARY_HEADERS[4:9]]
    text = [c for r in rows for c in r if isinstance(c, str)]
    assert "Unit yang datanya masuk: 3 dari 5." in text and "   - Bidang Aset" in text
    assert "Blambangan Umpu, 2 Oktober 2026" in text and "Drs. Contoh Nama, M.M." in text
    assert "NIP. 197501012000031001" in text
    assert "Kepala Badan Pengelola Keuangan dan Aset" in text  # the title wrapped to fit its columns
    chart = recap["Ringkasan"]._charts[0]
    assert chart.y_axis.scaling.min == 0


def test_the_unit_recap_prints_and_is_signed_by_the_unit_head(uploads):
    head = Letterhead(
        HEAD.agency,
        HEAD.short_name,
        "Triwulan III 2026",
        place="Blambangan Umpu",
        signed_on="2 Oktober 2026",
        signer_title="Kepala Bidang Anggaran",
        signer_name="Sari",
    )
    data, _ = unit_recap(
        unit_code="anggaran",
        unit_name="Bidang Anggaran",
        periode_label="Triwulan III 2026",
        result=uploads["anggaran"],
        letterhead=head,
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$5:$5"
    text = [c for r in values(sheet) for c in r if isinstance(c, str)]
    assert {"Blambangan Umpu, 2 Oktober 2026", "Kepala Bidang Anggaran", "Sari"} <= set(text)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_unit_chart_is_a_wide_png(uploads):
    summaries = [summarize(RecapUnit(c, c, r)) for c, r in uploads.items()]
    summaries.append(UnitSummary("aset", "Bidang Aset", 5, 0, None, {}, True))
    width, height = _png_size(unit_chart_png(summaries, agency=HEAD.agency, periode_label="Triwulan III 2026"))
    assert width >= 1200 and height > 300


def test_indicator_chart_is_a_wide_png_and_stays_within_telegram_limits(uploads):
    width, _ = _png_size(
        indicator_chart_png(
            uploads["anggaran"].rows,
            unit_name="Bidang Anggaran",
            agency=HEAD.short_name,
            periode_label="Triwulan III 2026",
        )
    )
    assert width >= 1200
    many = uploads["anggaran"].rows * 60  # 300 bars
    width, height = _png_size(indicator_chart_png(many, unit_name="x", agency="y", periode_label="z"))
    assert width >= 1200 and width + height <= 10000


def test_charts_take_none_huge_and_negative_values():
    for value in (None, D(5000), D(-40)):
        summary = UnitSummary("x", "x", 1, 1, value, {})
        assert _png_size(unit_chart_png([summary], agency="a", periode_label="p"))[0] >= 1200
    assert _png_size(unit_chart_png([], agency="a", periode_label="p"))[0] >= 1200


def test_a_long_agency_summary_starts_its_chart_on_a_page_of_its_own():
    from tools.samples import PERIODE, letterhead, sample_compliance, sample_sources, sample_units

    def ringkasan(count: int):
        units, _ = sample_units(count, 2)
        head = letterhead()
        data = compile_recap(
            periode_code=PERIODE,
            periode_label=head.periode_label,
            units=units,
            sources=sample_sources(units),
            compliance=sample_compliance(units),
            tz="Asia/Jakarta",
            letterhead=head,
        )
        return load_workbook(io.BytesIO(data))["Ringkasan"]

    assert ringkasan(5).row_breaks.brk == []  # a short one prints table, chart and signature on one page
    long = ringkasan(50)
    (page_break,) = long.row_breaks.brk
    totals_row = next(c.row for c in long["A"] if c.value == "Badan (seluruh unit)")
    assert page_break.id > totals_row + 2  # after the table and the units in and out, before the chart
