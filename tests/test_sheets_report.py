"""The report document (.docx) read back with python-docx: headings, tables, the chart, the
analysis of every indicator below par, the signature block; and the bundle of a recap's files."""

import io
from dataclasses import replace

import pytest
from docx import Document

from bot.sheets.bundle import agency_recap_files, unit_recap_files
from bot.sheets.report import ANALYSIS_HEADERS, MEASURE_HEADERS, NOT_WRITTEN
from bot.sheets.totals import RecapUnit
from tests.fixtures.common import PERIODE, fill, indicators, template
from tests.test_sheets_recap import HEAD, _png_size, accepted


@pytest.fixture(scope="module")
def units():
    data = fill(template("anggaran"), {"ANG-01": 0, "ANG-02": 80, "ANG-03": 100, "ANG-04": 100, "ANG-05": 3})
    anggaran = accepted("anggaran", data)
    rows = list(anggaran.rows)
    rows[1] = replace(rows[1], penghambat="SKPD terlambat <menyampaikan> & lalai", tindak_lanjut="Surat teguran")
    anggaran = replace(anggaran, rows=tuple(rows))
    return [
        RecapUnit("anggaran", "Bidang Anggaran", anggaran, indicators("anggaran")),
        RecapUnit("aset", "Bidang Aset", None, indicators("aset")),
    ]


@pytest.fixture(scope="module")
def agency(units):
    return agency_recap_files(
        periode_code=PERIODE, head=HEAD, units=units, sources=[], compliance=[], tz="Asia/Jakarta"
    )


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_title_agency_period_and_headings(agency):
    doc = _doc(agency.report)
    text = _texts(doc)
    assert text[0] == "LAPORAN CAPAIAN KINERJA"
    assert HEAD.agency in text and "Periode Triwulan III 2026" in text
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "A. Ringkasan Capaian Kinerja",
        "B. Pengukuran Kinerja",
        "1. Bidang Anggaran",
        "2. Bidang Aset",
        "C. Analisis Capaian di Bawah Target",
        "Bidang Anggaran",
    ]
    assert "Data tidak masuk." in text
    assert doc.core_properties.author == "BPKAD Kabupaten Way Kanan"


def test_measurement_table_in_the_layout_of_chapter_iii(agency, units):
    doc = _doc(agency.report)
    table = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == MEASURE_HEADERS)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(units[0].result.rows)
    assert rows[1][2] == "Persentase DPA SKPD disahkan tepat waktu"
    assert rows[1][4:] == ["100", "80", "80,00", "Tinggi"]  # Indonesian numbers, category beside
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header repeated on every page


def test_analysis_of_every_indicator_below_par(agency):
    doc = _doc(agency.report)
    table = next(t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == ANALYSIS_HEADERS)
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert rows == [
        [
            "2",
            "Persentase DPA SKPD disahkan tepat waktu",
            "80,00",
            "SKPD terlambat <menyampaikan> & lalai",
            NOT_WRITTEN,
            "Surat teguran",
        ]
    ]


def test_summary_table_and_agency_average(agency):
    doc = _doc(agency.report)
    summary = doc.tables[0]
    assert [c.text for c in summary.rows[2].cells] == ["Bidang Aset", "5", "-", "-", "Data tidak masuk"]
    assert any(p.startswith("Rata-rata capaian Badan: ") and "Tidak masuk: Bidang Aset." in p for p in _texts(doc))


def test_the_chart_is_in_the_document_and_is_the_chat_photo(agency):
    doc = _doc(agency.report)
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(images) == 1 and images[0].target_part.blob == agency.chart
    assert _png_size(agency.chart)[0] >= 1200


def test_signature_block(agency):
    text = _texts(_doc(agency.report))
    at = text.index("Blambangan Umpu, 2 Oktober 2026")
    assert text[at + 1] == HEAD.signer_title
    assert text[at + 5 : at + 7] == ["Drs. Contoh Nama, M.M.", "NIP. 197501012000031001"]


def test_unit_report_and_chart(units):
    files = unit_recap_files(unit_code="anggaran", unit_name="Bidang Anggaran", head=HEAD, result=units[0].result)
    doc = _doc(files.report)
    assert _texts(doc)[0] == "CAPAIAN KINERJA BIDANG ANGGARAN"
    assert _png_size(files.chart)[0] >= 1200 and files.lines[0] == "Rekap Bidang Anggaran, Triwulan III 2026"
