"""Plh. and Plt. (/plt): which one, the Surat Perintah, the dates; a Plh. takes the holder's nudges;
the member list, the record and the signature block say "Plh." or "Plt."."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import openpyxl
import pytest
from sqlmodel import select

from bot import reminders
from bot.catalog import BY_NAME
from bot.core import Kinerja
from handlers import alarms
from storage.models import Acting, Event
from tests.conftest import WIB, make_settings
from tests.office import Office
from tests.scenario import enrol_everyone, last_document_of_kind, through_meeting, upload_filled


@pytest.fixture
def office(tmp_path, sqlite_url, clock):
    core = Kinerja(make_settings(tmp_path, sqlite_url), clock=clock)
    core.prepare()
    office = Office(core)
    office.enrol_everyone(("anggaran", "aset"))
    yield office
    core.dispose()


def plt(office: Office, text: str) -> str:
    office.do(office.admin, BY_NAME["plt"], text=text)
    return office.last(office.admin)


def test_plh_is_recorded_with_its_surat_perintah_and_the_holder_is_told_once(office):
    budi = office.people["kabid:aset"].telegram_user_id
    answer = plt(office, f"plh {budi} kabid anggaran 2026-11-30 2026-12-10 SP 800/123/2026")
    assert "Plh. Kepala Bidang Anggaran" in answer and "Surat Perintah Nomor 800/123/2026" in answer
    assert "30 November 2026 s.d. 10 Desember 2026" in answer
    holder = office.inbox("kabid:anggaran")
    covered = [m for m in holder if "digantikan" in m]
    assert len(covered) == 1 and "kabid:aset nama" in covered[0] and "Plh. Kepala Bidang Anggaran" in covered[0]
    with office.core.unit_of_work() as uow:
        [acting] = uow.session.exec(select(Acting)).all()
        [event] = uow.session.exec(select(Event).where(Event.kind == "plh_ditunjuk")).all()
    assert (acting.kind, acting.sp_number, acting.role, acting.unit_code) == (
        "plh",
        "800/123/2026",
        "kabid",
        "anggaran",
    )
    assert json.loads(event.detail)["jabatan"] == "Plh. Kepala Bidang Anggaran"


def test_plt_of_a_vacant_post_does_not_tell_a_holder(office):
    sari = office.people["sekretaris"].telegram_user_id
    answer = plt(office, f"plt {sari} kaban 2026-12-01 2027-02-28 Nomor: 821/45/2026")
    assert "Plt. Kepala Badan Pengelola Keuangan" in answer and "Nomor 821/45/2026" in answer
    assert not any("digantikan" in m for m in office.inbox("kaban"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{who} kabid anggaran 2026-12-01 2026-12-10 SP 1", "Tulis dulu jenisnya: <b>plh</b>"),
        ("plh {who} kabid anggaran 2026-12-01 2026-12-10", "Nomor Surat Perintah belum ditulis"),
        ("plh {who} kabid anggaran 1 Desember 10 Desember SP 1", "Tanggal mulai dan selesai ditulis"),
        ("plh {who} bupati 2026-12-01 2026-12-10 SP 1", "Peran 'bupati' tidak dikenal"),
        ("plh {who} kabid aset 2026-12-01 2026-12-10 SP 1", "sendiri pemegang jabatan Kepala Bidang Aset"),
    ],
)
def test_plt_refuses_clearly_and_stores_nothing(office, text, reason):
    answer = plt(office, text.format(who=office.people["kabid:aset"].telegram_user_id))
    assert reason in answer, answer
    with office.core.unit_of_work() as uow:
        assert uow.session.exec(select(Acting)).all() == []


def test_two_acting_officials_for_one_post_at_once_are_refused(office):
    budi, sari = (office.people[k].telegram_user_id for k in ("kabid:aset", "pelaksana:anggaran"))
    plt(office, f"plh {budi} kabid anggaran 2026-12-01 2026-12-10 SP 1/2026")
    answer = plt(office, f"plh {sari} kabid anggaran 2026-12-08 2026-12-20 SP 2/2026")
    assert "Sudah ada Plh. Kepala Bidang Anggaran pada 1 Desember 2026 s.d. 10 Desember 2026" in answer


async def fire(run) -> None:
    """Ring the safety job by hand (the clock is simulated), as tests/test_nudges_e2e.py does."""
    job = run.app.job_queue.get_jobs_by_name(alarms.SAFETY_ID)[0]
    await job.run(run.app)
    await run.settle()


async def test_a_plh_receives_the_holders_task_and_nudge_and_the_holder_does_not(run):
    people = await enrol_everyone(run)
    holder, plh = people["kabid:anggaran"], people["kabid:aset"]
    await run.say(people["admin"], f"/plt plh {plh.id} kabid anggaran 2026-11-30 2026-12-31 SP 800/123/2026")
    assert sum("digantikan" in t for t in holder.texts()) == 1
    seen, other = len(holder.texts()), people["kabid:perbendaharaan"]
    await through_meeting(run, people)
    assert any("Rapat" in t for t in other.texts()) and any("Rapat" in t for t in plh.texts())
    await upload_filled(run, people, "anggaran")
    await run.say(people["pelaksana:anggaran"], "/selesai")  # step 7 opens for the unit's head
    assert any("Bidang Anggaran" in t for t in plh.texts()[-3:]), plh.texts()[-3:]
    before = len(plh.texts())
    run.clock.advance(timedelta(hours=4, minutes=30))  # past half of step 7's 480 minutes
    await fire(run)
    assert len(plh.texts()) > before and "Bidang Anggaran" in plh.texts()[-1]
    assert len(holder.texts()) == seen  # nothing more for the holder who is away

    listing = (await run.say(people["admin"], "/anggota"))[0]
    assert "Plh. Kepala Bidang Anggaran (s.d. 31 Desember 2026, SP 800/123/2026)" in listing
    assert "digantikan Plh. Kabid aset s.d. 31 Desember 2026" in listing

    await run.say(plh, "/setujui anggaran")
    with run.core.unit_of_work() as uow:
        done = [json.loads(e.detail) for e in uow.session.exec(select(Event).where(Event.kind == "tugas_selesai"))]
    assert done[-1]["step"] == 7 and done[-1]["sebagai"] == "Plh. Kepala Bidang Anggaran"


async def test_a_recap_signed_by_a_plh_kaban_says_plh_kepala(run):
    people = await enrol_everyone(run)
    await run.say(people["admin"], f"/plt plh {people['sekretaris'].id} kaban 2026-11-30 2026-12-04 SP 800/9/2026")
    await through_meeting(run, people)
    await upload_filled(run, people, "aset")
    await run.say(people["perencanaan"], "/rekap")
    book = openpyxl.load_workbook(
        io.BytesIO(last_document_of_kind(people["perencanaan"], "Rekap_Data_Kinerja")["document_bytes"])
    )
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any(c.startswith("Plh. Kepala Badan Pengelola Keuangan") for c in cells), cells[-12:]
    assert "Bu Sekretaris" in cells


def test_an_escalation_to_a_holder_who_is_away_goes_to_the_plh(office):
    """The sekretaris is late with step 2; the kaban is away, so the Plh. kaban is told."""
    budi = office.people["kabid:aset"].telegram_user_id
    plt(office, f"plh {budi} kaban 2026-11-30 2026-12-04 SP 800/7/2026")
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")  # the holder may still act himself
    seen_kaban, seen_plh = len(office.inbox("kaban")), len(office.inbox("kabid:aset"))
    office.core.clock.set(datetime(2026, 11, 30, 8, 31, tzinfo=WIB))  # step 2 (30 minutes) is late
    reminders.fire_due(office.core)
    escalation = office.inbox("kabid:aset")[seen_plh:]
    assert len(escalation) == 1 and "Langkah 2" in escalation[0], escalation
    assert office.inbox("kaban")[seen_kaban:] == []
