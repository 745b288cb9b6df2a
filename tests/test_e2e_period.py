"""A whole collection period through the real Application and real HTTP (the Bot API stand-in)."""

from __future__ import annotations

import io

import openpyxl

from tests.scenario import (
    DATA_UNITS,
    enrol_everyone,
    head,
    last_document_of_kind,
    through_meeting,
    upload_filled,
)


async def test_whole_period_through_nine_steps(run_each_db):
    run = run_each_db
    people = await enrol_everyone(run)
    assert "Kepala Bidang" in people["kabid:anggaran"].texts()[-1]
    assert "Bidang Anggaran" in people["kabid:anggaran"].texts()[-1]

    await through_meeting(run, people)
    assert any("Langkah 2 dari 9" in t for t in people["sekretaris"].texts())
    assert any("Undangan rapat" in t for t in people["kabid:aset"].texts())

    for unit in DATA_UNITS:
        answers = await upload_filled(run, people, unit)
        assert "diterima" in answers[0]
        await run.say(people[f"pelaksana:{unit}"], "/selesai")
    for unit in DATA_UNITS:
        assert last_document_of_kind(head(people, unit), "Rekap_Unit")
        await run.say(head(people, unit), f"/setujui {unit}")
        await run.say(head(people, unit), f"/kirim {unit}")
    assert any("Masuk: 5 dari 5 unit" in t for t in people["perencanaan"].texts())

    planner = people["pelaksana:perencanaan"]
    assert any("Langkah 9 dari 9" in t for t in planner.texts())
    await run.say(planner, "/selesai")
    for role in ("kaban", "sekretaris", "perencanaan"):
        recap = last_document_of_kind(people[role], "Rekap_Data_Kinerja")
        book = openpyxl.load_workbook(io.BytesIO(recap["document_bytes"]))
        assert book.sheetnames[0] == "Rekap"
        units = {row[0] for row in book["Rekap"].iter_rows(min_row=2, values_only=True) if row[0]}
        assert len(units) == 5

    await run.say(people["kaban"], "/status")
    assert "selesai" in people["kaban"].texts()[-1]


async def test_unit_returned_at_validation_finishes_after_resubmitting(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    await upload_filled(run, people, "anggaran", factor=0.5)
    await run.say(people["pelaksana:anggaran"], "/selesai")
    kabid, staff = people["kabid:anggaran"], people["pelaksana:anggaran"]

    assert "dikembalikan" in (await run.say(kabid, "/kembalikan Realisasi ANG-02 belum sesuai SP2D"))[0]
    returned = staff.texts()[-1]
    assert "Putaran ke-2" in returned and "belum sesuai SP2D" in returned

    reply = (await upload_filled(run, people, "anggaran", factor=1.0))[0]
    assert "diterima" in reply and "Perubahan" in reply
    await run.say(staff, "/selesai")
    await run.say(kabid, "/setujui")
    await run.say(kabid, "/kirim")
    assert any("Bidang Anggaran" in t and "Masuk: 1 dari 5" in t for t in people["perencanaan"].texts())


async def test_stranger_and_wrong_role_are_refused_and_nothing_changes(run):
    people = await enrol_everyone(run)
    stranger = run.person("stranger", "Orang Asing")
    await run.say(stranger, "/perintah Oktober 2026")
    assert "belum terdaftar" in stranger.texts()[-1]
    await run.say(people["kabid:aset"], "/perintah Oktober 2026")
    assert "hanya untuk" in people["kabid:aset"].texts()[-1]
    await run.say(people["kaban"], "/status")
    assert "Belum ada pengumpulan data" in people["kaban"].texts()[-1]
