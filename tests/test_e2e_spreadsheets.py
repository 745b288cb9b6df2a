"""Spreadsheets in the chat, through the stand-in: formats out, uploads checked, the recap compiled."""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlmodel import select

from bot.simulation import fill_format
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
    sheet.cell(header_row + 1, 6).value = "tujuh puluh"
    out = io.BytesIO()
    book.save(out)
    answer = await run.upload(staff, out.getvalue(), "isian_salah.xlsx")
    assert "ditolak" in answer[0]
    assert f"Baris {header_row + 1}, kolom Realisasi" in answer[0] and "tujuh puluh" in answer[0]

    status = await run.say(people["kaban"], "/status")
    assert "Bidang Anggaran: ⏳" in status[0]  # still at step 5: no rejected file completed it
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

    recap = last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")["document_bytes"]
    book = openpyxl.load_workbook(io.BytesIO(recap))
    assert book.sheetnames[:1] == ["Rekap"] and {"Sumber", "Kepatuhan"} <= set(book.sheetnames)
    rows = list(book["Rekap"].iter_rows(values_only=True))
    assert rows[0] == ("Unit", "Sasaran", "Indikator", "Satuan", "Polaritas", "Target", "Realisasi",
                       "Capaian (%)", "Kategori", "Keterangan")
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
    sources = list(book["Sumber"].iter_rows(values_only=True))[1:]
    assert len([s for s in sources if s[0]]) == len(DATA_UNITS)
    assert all(len(s[-1]) == 64 for s in sources if s[0])
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert not any(c.data_type == "f" for c in row), f"formula in {sheet.title}"
