"""/monitoring: the SOP monitoring form holds exactly what happened in the finished periods."""

from __future__ import annotations

from datetime import timedelta

import docx
import openpyxl
import pytest

from bot import commands
from bot.catalog import BY_NAME
from bot.core import Kinerja
from tests.conftest import make_settings
from tests.office import Office
from tests.test_engine import upload

UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")


def head(unit: str) -> str:
    return "sekretaris" if unit == "sekretariat" else f"kabid:{unit}"


def run_period(office: Office, periode: str, *, late_unit: str | None = None, returned: str | None = None) -> None:
    """A whole period; `late_unit` sends its data 2 working hours after step 5's deadline,
    `returned` is sent back once at step 7 and then goes through again."""
    clock = office.core.clock
    office.do("kaban", BY_NAME["perintah"], text=periode)
    office.do("sekretaris", BY_NAME["perintah"], text="")
    office.do("perencanaan", commands.selesai, note=None)
    meeting = clock.now() + timedelta(minutes=10)
    office.do("perencanaan", BY_NAME["rapat"], text=meeting.strftime("%Y-%m-%d %H:%M") + " Aula")
    clock.advance(timedelta(minutes=20))
    office.do("perencanaan", commands.selesai, note=None)
    step5_opened = clock.now()
    for unit in UNITS:
        if unit == late_unit:
            continue
        upload(office, unit)
        office.do(f"pelaksana:{unit}", commands.selesai, note=None)
        if unit == returned:
            office.do(head(unit), BY_NAME["kembalikan"], text=f"{unit} Realisasi ANG-02 belum sesuai SP2D")
            upload(office, unit, factor=1.0)
            office.do(f"pelaksana:{unit}", commands.selesai, note=None)
        office.do(head(unit), commands.setujui, unit=unit)
        office.do(head(unit), commands.kirim, unit=unit)
    if late_unit:
        clock.set(step5_opened + timedelta(days=1, hours=2))  # 480 working minutes, then two hours more
        upload(office, late_unit)
        office.do(f"pelaksana:{late_unit}", commands.selesai, note=None)
        office.do(head(late_unit), commands.setujui, unit=late_unit)
        office.do(head(late_unit), commands.kirim, unit=late_unit)
    office.do("pelaksana:perencanaan", commands.selesai, note=None)
    clock.advance(timedelta(days=1))


@pytest.fixture
def office(tmp_path, sqlite_url, clock):
    core = Kinerja(make_settings(tmp_path, sqlite_url), clock=clock)
    core.prepare()
    place = Office(core)
    place.enrol_everyone(UNITS)
    yield place
    core.dispose()


def documents(office: Office, who: str) -> list:
    return [m for m in office.messages(who) if m.document_path is not None]


def test_monitoring_over_two_periods_holds_the_late_unit_and_the_return(office):
    run_period(office, "Oktober 2026", late_unit="aset", returned="anggaran")
    run_period(office, "November 2026")
    office.do("kaban", BY_NAME["monitoring"], text="Oktober 2026 sampai November 2026")

    summary = office.inbox("kaban")[-2]
    assert "Berjalan dengan baik: <b>8 dari 9</b> langkah" in summary and "langkah 5" in summary
    xlsx, word = documents(office, "kaban")[-2:]
    assert xlsx.document_name == "Monitoring_SOP_2026-10_2026-11.xlsx" and word.document_name.endswith(".docx")
    sheet = openpyxl.load_workbook(xlsx.document_path)["Monitoring SOP"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("No", "Prosedur", "Penilaian", "Catatan Penilaian", "Tindakan yang harus diambil"))
    table = {row[0]: row for row in rows[header + 1 : header + 10]}
    assert sorted(table) == list(range(1, 10))
    assert {no for no, row in table.items() if row[2] == "Tidak berjalan dengan baik"} == {5}
    assert all(row[2] == "Berjalan dengan baik" and row[4] is None for no, row in table.items() if no != 5)

    assert table[5][3] == (
        "Terlambat di 1 dari 2 periode (waktu baku 1 hari kerja): Oktober 2026 — Bidang Aset terlambat 2 jam."
    )
    assert table[7][3] == (
        "Tepat waktu untuk setiap unit di semua periode (2 periode; waktu baku 1 hari kerja).\n"
        "Dikembalikan 1 kali: Oktober 2026 — Bidang Anggaran (putaran 1): "
        "“Realisasi ANG-02 belum sesuai SP2D”."
    )
    assert table[1][3] == "Tepat waktu di semua periode (2 periode; waktu baku 15 menit)."
    assert ": Oktober 2026 (2026-10)" not in str(rows) and "2 periode: Oktober 2026, November 2026" in str(rows[:6])
    assert any(row[3] == "Penilai," for row in rows)  # the assessor's signature block

    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.print_title_rows == f"${header + 1}:${header + 1}"
    assert "&P" in sheet.oddFooter.center.text
    assert "Badan Pengelola Keuangan" in sheet.oddHeader.center.text and "Oktober 2026" in sheet.oddHeader.center.text

    document = docx.Document(word.document_path)
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[0] == ["No", "Prosedur", "Penilaian", "Catatan Penilaian", "Tindakan yang harus diambil"]
    assert cells[5][2] == "Tidak berjalan dengan baik" and "Bidang Aset terlambat 2 jam" in cells[5][3]
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


def test_default_span_is_the_last_six_months_and_an_empty_one_is_refused(office):
    run_period(office, "Oktober 2026")
    office.do("sekretaris", BY_NAME["monitoring"], text="")
    assert "1 periode (Oktober 2026)" in office.inbox("sekretaris")[-2]
    office.do("perencanaan", BY_NAME["monitoring"], text="Januari 2026 Maret 2026")
    assert "Belum ada pengumpulan data yang selesai untuk Januari 2026 – Maret 2026" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["monitoring"], text="Desember 2026 Juli 2026")
    assert "Rentang terbalik" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["monitoring"], text="kemarin sore")
    assert "tidak dikenali" in office.last("perencanaan")
    office.do("pelaksana:aset", BY_NAME["monitoring"], text="")
    assert "hanya untuk" in office.last("pelaksana:aset")
