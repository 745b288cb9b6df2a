"""Spreadsheets in the chat, through the stand-in: formats out, uploads checked, the recap compiled."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
from sqlmodel import select

from bot.sheets.template import REALISASI_COLUMN
from demo.simulation import fill_format
from storage.models import Submission
from tests.scenario import DATA_UNITS, enrol_everyone, head, last_document_of_kind, through_meeting


def template_of(user) -> bytes:
    return last_document_of_kind(user, "Format_Data")["document_bytes"]


def realisasi_cells(data: bytes) -> dict[str, object]:
    """Indikator -> Realisasi as the pelaksana's file holds them."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = next(r for r in sheet.iter_rows(values_only=True) if "Realisasi" in r)
    name, real = header.index("Indikator Kinerja"), header.index("Realisasi")
    rows = [r for r in sheet.iter_rows(values_only=True) if r[real] is not None and r is not header]
    return {r[name]: r[real] for r in rows if r[name] != "Indikator Kinerja"}


async def test_formats_go_out_at_step_3_and_again_with_format(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    for unit in DATA_UNITS:
        document = last_document_of_kind(people[f"pelaksana:{unit}"], "Format_Data")
        assert unit in document["document"]["file_name"]
        assert last_document_of_kind(head(people, unit), "Format_Data")
    answers = await run.say(people["pelaksana:aset"], "/format")
    assert "Bidang Aset" in answers[0]
    refused = await run.say(people["kaban"], "/format")
    assert "tidak mengisi format" in refused[0]


async def test_bad_files_are_refused_with_the_reason_and_nothing_changes(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    staff = people["pelaksana:anggaran"]
    template = template_of(staff)

    wrong_unit = fill_format(template_of(people["pelaksana:aset"]))
    answer = await run.upload(staff, wrong_unit, "aset.xlsx")
    assert "ditolak" in answer[0] and "format untuk unit aset, bukan unit anggaran" in answer[0]

    answer = await run.upload(staff, b"%PDF-1.4 bukan lembar kerja", "laporan.pdf")
    assert "ditolak" in answer[0] and "bukan spreadsheet" in answer[0]
    answer = await run.upload(staff, b"", "kosong.xlsx")
    assert "ditolak" in answer[0]
    answer = await run.upload(staff, b"PK\x03\x04 rusak", "rusak.xlsx")
    assert "ditolak" in answer[0]

    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header_row = next(r[0].row for r in sheet.iter_rows() if any(c.value == "Realisasi" for c in r))
    sheet.cell(header_row + 1, REALISASI_COLUMN).value = "tujuh puluh"
    out = io.BytesIO()
    book.save(out)
    answer = await run.upload(staff, out.getvalue(), "isian_salah.xlsx")
    assert "ditolak" in answer[0]
    assert f"Baris {header_row + 1}, kolom Realisasi" in answer[0] and "tujuh puluh" in answer[0]

    status = await run.say(people["kaban"], "/status")
    assert "Bidang Anggaran: ⏳" in status[-1]  # still at step 5: no rejected file completed it
    assert not any("Langkah 6 dari 9" in t for t in staff.texts())
    with run.core.unit_of_work() as uow:
        kept = uow.session.exec(select(Submission)).all()
    assert [s.accepted for s in kept] == [False] * 5  # every received file is kept for the record
    assert all(Path(s.stored_path).exists() for s in kept)


async def test_a_file_over_20_mb_is_refused_without_downloading(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    answer = await run.upload(people["pelaksana:aset"], b"0" * (20 * 1024 * 1024 + 1), "besar.xlsx")
    assert "terlalu besar" in answer[0] and "20 MB" in answer[0]


async def test_the_recap_matches_the_uploads_cell_by_cell(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    sent: dict[str, dict] = {}
    for number, unit in enumerate(DATA_UNITS):
        staff = people[f"pelaksana:{unit}"]
        data = fill_format(template_of(staff), factor=0.7 + 0.1 * number)
        sent[unit] = realisasi_cells(data)
        assert "diterima" in (await run.upload(staff, data, f"{unit}.xlsx"))[0]
        await run.say(staff, "/selesai")
        await run.say(head(people, unit), "/setujui")
        await run.say(head(people, unit), "/kirim")
    await run.say(people["pelaksana:perencanaan"], "/selesai")

    chart = [m for m in people["kaban"].inbox if m.get("photo")][-1]
    assert "capaian per unit" in chart["caption"] and chart["photo_bytes"].startswith(b"\x89PNG")
    head_chart = [m for m in head(people, "anggaran").inbox if m.get("photo")][-1]
    assert "Capaian per indikator, Bidang Anggaran" in head_chart["caption"]
    report = last_document_of_kind(people["kaban"], "Laporan_Data_Kinerja")
    assert report["document"]["file_name"].endswith(".docx")
    doc = docx.Document(io.BytesIO(report["document_bytes"]))
    assert "Badan Pengelola Keuangan dan Aset Daerah Kabupaten Way Kanan" in [p.text for p in doc.paragraphs]
    recap = last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")["document_bytes"]
    book = openpyxl.load_workbook(io.BytesIO(recap))
    assert book.sheetnames[:1] == ["Rekap"] and {"Sumber", "Kepatuhan"} <= set(book.sheetnames)
    rows = list(book["Rekap"].iter_rows(values_only=True))
    assert rows[0][:10] == (
        "Unit",
        "Sasaran",
        "Indikator",
        "Satuan",
        "Polaritas",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Kategori",
        "Keterangan",
    )
    names = {u.code: u.name for u in run.core.org.units}
    for unit, cells in sent.items():
        recap_rows = {r[2]: r for r in rows[1:] if r[0] == names[unit]}
        assert set(recap_rows) == set(cells)
        for indicator, value in cells.items():
            recap_value = recap_rows[indicator][6]
            if isinstance(value, (int, float)):
                assert Decimal(str(recap_value)) == Decimal(str(value))
            else:
                assert recap_value == value
    header, *sources = list(book["Sumber"].iter_rows(values_only=True))
    sha = header.index("SHA-256")
    assert len([s for s in sources if s[0]]) == len(DATA_UNITS)
    assert all(len(s[sha]) == 64 and s[-1] == "dipakai dalam rekap" for s in sources if s[0])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert not any(c.data_type == "f" for c in row), f"formula in {sheet.title}"
    step9 = [r for r in book["Kepatuhan"].iter_rows(values_only=True) if r[0] == 9]
    assert step9 and step9[0][5] == "tepat waktu" and step9[0][6]  # done, and by whom, as /kepatuhan says


async def test_rekap_gives_a_provisional_recap_and_a_units_recap(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    staff = people["pelaksana:aset"]
    await run.upload(staff, fill_format(template_of(staff)), "aset.xlsx")
    answer = await run.say(people["kaban"], "/rekap")
    assert "Sementara" in answer[0] and "1 dari 5 unit masuk" in answer[0]
    assert last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")
    answer = await run.say(people["kaban"], "/rekap Oktober 2026 aset")
    assert "Bidang Aset" in answer[0]
    assert last_document_of_kind(people["kaban"], "Rekap_Unit_aset")
    answer = await run.say(people["kaban"], "/rekap Oktober 2026 anggaran")
    assert "Belum ada berkas diterima" in answer[0]
    answer = await run.say(people["kaban"], "/rekap Maret 2020")
    assert "Belum ada pengumpulan data untuk Maret 2020" in answer[0]


async def test_the_indicator_master_is_replaced_by_sending_it_and_a_broken_one_is_refused(run):
    people = await enrol_everyone(run)
    admin = people["admin"]
    shipped = run.core.master_path().read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(shipped))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    polarity = next(i for i, h in enumerate(header, 1) if h and "polar" in str(h).lower())
    sheet.cell(2, polarity).value = "naik turun"
    broken = io.BytesIO()
    book.save(broken)

    await admin.send_document(broken.getvalue(), file_name="indikator_baru.xlsx", caption="/indikator")
    await run.settle()
    assert "Baris 2" in admin.texts()[-1] and "Master lama tetap dipakai" in admin.texts()[-1]
    assert run.core.master_path().read_bytes() == shipped

    await admin.send_document(shipped, file_name="indikator_2027.xlsx", caption="/indikator")
    await run.settle()
    assert "Master indikator diganti" in admin.texts()[-1]
    assert run.core.master_path().name.startswith("indikator_")

    kabid = people["kabid:aset"]
    await kabid.send_document(shipped, file_name="indikator.xlsx", caption="/indikator")
    await run.settle()
    assert "hanya untuk" in kabid.texts()[-1]
    refused = await run.upload(kabid, shipped, "indikator.xlsx")
    assert "Tidak ada pengumpulan data yang sedang berjalan" in refused[0]


FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACCEPTED = ("lo_filled_roundtrip.xlsx", "lo_formulas_saved.xlsx", "lo_filled.xlsm", "filled_messy.xlsx")
REFUSED = {  # file -> what the answer must say (the whole wording is checked in test_sheets_intake)
    "wrong_period.xlsx": "periode 2026-TW2, bukan periode 2026-TW3",
    "stale_version.xlsx": "versi lama",
    "encrypted.xlsx": "kata sandi",
    "bomb.xlsx": "zip bomb",
    "lo_filled.xls": "Excel 97-2003 (.xls)",
    "lo_template_roundtrip.ods": "OpenDocument (.ods)",
    "lo_strict_ooxml.xlsx": "Strict Open XML",
    "binary_workbook.xlsb": "Excel Binary Workbook (.xlsb)",
    "too_many_rows.xlsx": "lebih dari 5.000 baris",
    "too_many_columns.xlsx": "lebih dari 256 kolom",
    "formula_no_value.xlsx": "Baris",
    "no_identification.xlsx": "Identitas format tidak ditemukan",
    "corrupt.xlsx": "rusak",
}


async def test_files_written_by_libreoffice_and_messy_layouts_are_read_and_bad_ones_refused(run):
    """Anggaran's pelaksana sends, from a phone, what other programs wrote (tests/fixtures/)."""
    people = await enrol_everyone(run)
    await through_meeting(run, people, period="TW III 2026")
    staff = people["pelaksana:anggaran"]
    for name, reason in REFUSED.items():
        answer = (await run.upload(staff, (FIXTURES / name).read_bytes(), name))[0]
        assert "ditolak" in answer and reason in answer, (name, answer)
    for name in ACCEPTED:
        answer = (await run.upload(staff, (FIXTURES / name).read_bytes(), name))[0]
        assert "diterima" in answer, (name, answer)
    with run.core.unit_of_work() as uow:
        kept = uow.session.exec(select(Submission).order_by(Submission.id)).all()
    assert [s.accepted for s in kept] == [False] * len(REFUSED) + [True] * len(ACCEPTED)
    assert [s.superseded for s in kept if s.accepted] == [True] * (len(ACCEPTED) - 1) + [False]
