"""The SOP engine without Telegram, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from bot import commands, recaps, uploads, views
from bot.catalog import BY_NAME
from bot.config import DEFAULT_SOP_FILE
from bot.core import Kinerja
from demo.simulation import fill_format
from storage.models import Event, Period, Submission, Task
from tests.conftest import make_settings
from tests.office import Office

UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")


@pytest.fixture
def office(office_each_db):
    return office_each_db


def tasks(office: Office) -> list[Task]:
    with office.core.unit_of_work() as uow:
        return list(uow.session.exec(select(Task).order_by(Task.id)))


def upload(office: Office, unit: str, factor: float = 0.9) -> str:
    with office.core.unit_of_work() as uow:
        period = uow.session.exec(select(Period).where(Period.status == "open")).one()
    from bot.sheets.template import build_template

    core = office.core
    template = build_template(
        unit_code=unit,
        unit_name=core.org.unit(unit).name,
        periode_code=period.code,
        periode_label=period.label,
        indicators=core.master().for_unit(unit),
    )
    data = fill_format(template, factor)
    before = len(office.inbox(f"pelaksana:{unit}"))
    office.do(
        f"pelaksana:{unit}", uploads.receive_document, data=data, file_name=f"{unit}.xlsx", size=len(data), caption=""
    )
    return office.inbox(f"pelaksana:{unit}")[before]  # the answer to the upload itself


def through_meeting(office: Office) -> None:
    office.do("kaban", BY_NAME["perintah"], text="TW III 2026")
    office.do("sekretaris", BY_NAME["perintah"], text="")
    office.do("perencanaan", commands.selesai, note=None)
    office.do("perencanaan", BY_NAME["rapat"], text="30/11/2026 09.30 Aula ya")  # past the 09:00 deadline
    office.core.clock.advance(timedelta(hours=2))
    office.do("perencanaan", commands.selesai, note=None)


def test_each_unit_moves_through_steps_5_to_8_at_its_own_pace(office):
    through_meeting(office)
    assert "diterima" in upload(office, "anggaran")
    office.do("pelaksana:anggaran", commands.selesai, note=None)
    open_steps = {(t.unit_code, t.step_no) for t in tasks(office) if t.status == "open"}
    assert ("anggaran", 7) in open_steps
    assert ("aset", 5) in open_steps
    assert not any(step == 9 for _, step in open_steps)


def test_step_9_opens_only_when_every_unit_finished_step_8(office):
    through_meeting(office)
    for unit in UNITS:
        upload(office, unit)
        office.do(f"pelaksana:{unit}", commands.selesai, note=None)
        head = "sekretaris" if unit == "sekretariat" else f"kabid:{unit}"
        office.do(head, commands.setujui, unit=unit)
        assert not any(t.step_no == 9 for t in tasks(office))
        office.do(head, commands.kirim, unit=unit)
    assert [t.status for t in tasks(office) if t.step_no == 9] == ["open"]
    assert "Langkah 9 dari 9" in office.last("pelaksana:perencanaan")
    office.do("pelaksana:perencanaan", commands.selesai, note=None)
    with office.core.unit_of_work() as uow:
        period = uow.session.exec(select(Period)).one()
        assert period.status == "closed"
        kinds = [e.kind for e in uow.session.exec(select(Event).where(Event.period_id == period.id))]
    assert kinds.count("tugas_selesai") == 3 + 4 * len(UNITS) + 1
    assert kinds[-1] == "periode_ditutup"


def test_a_return_reopens_step_5_in_a_new_round_and_keeps_the_history(office):
    through_meeting(office)
    upload(office, "aset")
    office.do("pelaksana:aset", commands.selesai, note=None)
    office.do("kabid:aset", BY_NAME["kembalikan"], text="aset Sertifikat tanah belum dilampirkan")
    history = [(t.step_no, t.round, t.status) for t in tasks(office) if t.unit_code == "aset"]
    assert history == [(5, 1, "done"), (6, 1, "done"), (7, 1, "returned"), (5, 2, "open")]
    assert "Sertifikat tanah belum dilampirkan" in office.last("pelaksana:aset")
    reply = upload(office, "aset", factor=1.0)
    assert "diterima" in reply and "Perubahan" in reply
    with office.core.unit_of_work() as uow:
        kept = uow.session.exec(select(Submission).where(Submission.unit_code == "aset")).all()
    assert [(s.accepted, s.superseded) for s in kept] == [(True, True), (True, False)]
    with office.core.unit_of_work() as uow:
        period = uow.session.exec(select(Period)).one()
    paths, _, _ = office.core.read(recaps.agency_recap_file, period)
    path = paths["xlsx"]
    sources = list(openpyxl.load_workbook(path)["Sumber"].iter_rows(values_only=True))
    aset = [(row[-2], row[-1]) for row in sources if row[0] == "Bidang Aset"]
    assert aset == [(kept[0].sha256, "digantikan berkas yang lebih baru"), (kept[1].sha256, "dipakai dalam rekap")]


def test_a_disposition_note_travels_with_the_order(office):
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026 mohon lengkap sebelum Jumat")
    assert "mohon lengkap sebelum Jumat" in office.last("sekretaris")
    office.do("sekretaris", BY_NAME["perintah"], text="format pakai master terbaru")
    assert "format pakai master terbaru" in office.last("perencanaan")


def test_refusals_change_nothing(office):
    office.do("kabid:aset", BY_NAME["perintah"], text="Oktober 2026")
    assert "hanya untuk" in office.last("kabid:aset")
    office.do("kaban", BY_NAME["perintah"], text="Oktobr 2026")
    assert "tidak dikenali" in office.last("kaban") and "Contoh" in office.last("kaban")
    office.do("pelaksana:aset", commands.selesai, note=None)
    assert "tidak punya tugas" in office.last("pelaksana:aset")
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")
    office.do("kaban", BY_NAME["perintah"], text="November 2026")
    assert "masih berjalan" in office.last("kaban")
    office.do("perencanaan", commands.selesai, note=None)
    assert "tidak punya tugas" in office.last("perencanaan")
    with office.core.unit_of_work() as uow:
        assert len(uow.session.exec(select(Period)).all()) == 1
    assert len(tasks(office)) == 2  # step 1 (done) and step 2 (open)


def test_the_meeting_cannot_be_marked_done_before_it_starts(office):
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")
    office.do("sekretaris", BY_NAME["perintah"], text="")
    office.do("perencanaan", commands.selesai, note=None)
    office.do("perencanaan", commands.selesai, note=None)
    assert "belum dijadwalkan" in office.last("perencanaan")
    office.do("perencanaan", BY_NAME["rapat"], text="2026-11-30 14:00 Aula ya")
    office.do("perencanaan", commands.selesai, note=None)
    assert "baru dimulai" in office.last("perencanaan")
    assert "Undangan rapat" in office.last("kabid:aset")
    assert "Undangan rapat" in office.last("pelaksana:perencanaan")


def test_perencanaan_closes_late_units_as_missing_and_the_recap_says_so(office):
    through_meeting(office)
    for unit in UNITS[:3]:
        upload(office, unit)
        office.do(f"pelaksana:{unit}", commands.selesai, note=None)
        head = "sekretaris" if unit == "sekretariat" else f"kabid:{unit}"
        office.do(head, commands.setujui, unit=unit)
        office.do(head, commands.kirim, unit=unit)
    office.do("perencanaan", commands.tutup)
    assert "belum melewati batas" in office.last("perencanaan")
    office.core.clock.advance(timedelta(days=3))
    office.do("perencanaan", commands.tutup)
    assert "Bidang Akuntansi" in office.last("perencanaan") and "Bidang Aset" in office.last("perencanaan")
    office.do("perencanaan", commands.tutup)
    assert "masih dalam waktunya" in office.last("perencanaan")
    office.core.clock.advance(timedelta(days=2))
    office.do("perencanaan", commands.tutup)
    assert "atas nama Perencanaan" in "\n".join(office.inbox("perencanaan"))
    recap = next(t for t in reversed(office.inbox("kaban")) if "Rekap data kinerja" in t)
    assert "3 dari 5 unit masuk" in recap and "Tidak masuk: Bidang Akuntansi dan Bidang Aset" in recap
    with office.core.unit_of_work() as uow:
        assert uow.session.exec(select(Period)).one().status == "closed"


def test_status_and_tasks_show_deadlines_in_working_time(office):
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")
    office.do("sekretaris", views.tugas)
    assert "pukul 08.30 WIB" in office.last("sekretaris") and "sisa 30 menit" in office.last("sekretaris")
    office.core.clock.advance(timedelta(hours=1))
    office.do("kaban", BY_NAME["status"], text="")
    assert "terlambat 30 menit" in office.last("kaban")


def test_the_summary_sop_runs_with_the_same_engine(tmp_path, sqlite_url, clock):
    core = Kinerja(
        make_settings(tmp_path, sqlite_url, sop_file=str(Path(DEFAULT_SOP_FILE).with_name("ringkasan.toml"))),
        clock=clock,
    )
    core.prepare()
    office = Office(core)
    office.enrol_everyone(UNITS)
    office.do("kaban", BY_NAME["perintah"], text="2026-10")
    office.do("sekretaris", BY_NAME["perintah"], text="")
    office.do("perencanaan", commands.selesai, note=None)
    assert "Langkah 4 dari 6" in office.last("kabid:aset")
    for unit in UNITS:
        who = "sekretaris" if unit == "sekretariat" else f"kabid:{unit}"
        office.people[f"pelaksana:{unit}"] = office.people[who]  # in this SOP the head uploads
        assert "diterima" in upload(office, unit)
    assert "Langkah 5 dari 6" in office.last("pelaksana:perencanaan")
    office.do("pelaksana:perencanaan", commands.selesai, note=None)
    office.do("perencanaan", commands.selesai, note=None)
    with core.unit_of_work() as uow:
        assert uow.session.exec(select(Period)).one().status == "closed"
    core.dispose()
