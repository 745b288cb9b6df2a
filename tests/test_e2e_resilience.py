"""What Telegram really does to a bot: restarts, repeated updates, 429 and 5xx, blocked users."""

from __future__ import annotations

import asyncio

from sqlmodel import col, select

from bot.catalog import BY_NAME
from storage.models import Member, Outbox, Period, ProcessedUpdate
from tests.scenario import DATA_UNITS, enrol_everyone, head, last_document_of_kind, through_meeting, upload_filled


def count(user, needle: str) -> int:
    return sum(needle in text for text in user.texts())


async def test_restart_mid_period_carries_on_with_nothing_lost_or_repeated(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    for unit in DATA_UNITS[:2]:
        await upload_filled(run, people, unit)

    await run.restart()  # a new Application and core on the same database

    for unit in DATA_UNITS[2:]:
        await upload_filled(run, people, unit)
    for unit in DATA_UNITS:
        await run.say(people[f"pelaksana:{unit}"], "/selesai")
        await run.say(head(people, unit), f"/setujui {unit}")
        await run.say(head(people, unit), f"/kirim {unit}")
    await run.say(people["pelaksana:perencanaan"], "/selesai")
    assert last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")
    for unit in DATA_UNITS:
        assert count(people[f"pelaksana:{unit}"], "Langkah 5 dari 9") == 1
        assert count(people[f"pelaksana:{unit}"], "Langkah 6 dari 9") == 1
    assert count(people["sekretaris"], "Langkah 2 dari 9") == 1


async def test_an_update_delivered_twice_changes_nothing_the_second_time(run):
    people = await enrol_everyone(run)
    answers = await run.say(people["kaban"], "/perintah Oktober 2026")
    assert "tercatat" in answers[0]
    order = run.standin.update_history[-1]["update_id"]
    await run.standin.redeliver(order)
    await run.settle()
    assert count(people["kaban"], "tercatat") == 1
    assert count(people["kaban"], "masih berjalan") == 0
    assert count(people["sekretaris"], "Langkah 2 dari 9") == 1
    with run.core.unit_of_work() as uow:
        assert len(uow.session.exec(select(Period)).all()) == 1


async def test_429_and_server_errors_are_retried_until_delivered_once(run):
    people = await enrol_everyone(run)
    sekretaris = people["sekretaris"]
    run.standin.inject_fault("sendMessage", status=429, retry_after=1, times=1, chat_id=sekretaris.id)
    run.standin.inject_fault("sendMessage", status=502, times=2, chat_id=sekretaris.id)
    await run.say(people["kaban"], "/perintah Oktober 2026")
    await run.settle(timeout=30)
    assert count(sekretaris, "Langkah 2 dari 9") == 1
    failures = [
        p
        for m, p in run.standin.requests
        if m == "sendMessage" and p.get("chat_id") in (sekretaris.id, str(sekretaris.id))
    ]
    assert len(failures) >= 4  # three refused attempts, then the one that went through


async def test_a_member_who_blocked_the_bot_is_recorded_and_the_operator_told(run):
    people = await enrol_everyone(run)
    admin = people["admin"]
    run.standin.block(people["sekretaris"].id)  # Telegram sends my_chat_member: kicked
    await run.settle()
    assert sum("memblokir bot" in t and "Bu Sekretaris" in t for t in admin.texts()) == 1
    await run.say(people["kaban"], "/perintah Oktober 2026")  # the disposition gets 403
    assert sum("memblokir bot" in t for t in admin.texts()) == 1  # told once, not per message
    with run.core.unit_of_work() as uow:
        member = uow.session.exec(select(Member).where(Member.full_name == "Bu Sekretaris")).one()
        assert member.blocked
    listing = await run.say(admin, "/anggota")
    assert "memblokir bot" in listing[0]

    run.standin.unblock(people["sekretaris"].id)
    await run.say(people["sekretaris"], "/tugas")
    with run.core.unit_of_work() as uow:
        assert not uow.session.exec(select(Member).where(Member.full_name == "Bu Sekretaris")).one().blocked


async def test_messages_waiting_in_the_outbox_go_out_after_a_restart(run):
    people = await enrol_everyone(run)
    sekretaris = people["sekretaris"]
    run.standin.inject_fault("sendMessage", status=500, times=1000, chat_id=sekretaris.id)
    await people["kaban"].send("/perintah Oktober 2026")
    await run.standin.wait_idle()
    assert count(sekretaris, "Langkah 2 dari 9") == 0

    await run.stop()
    run.standin.clear_faults()
    await run.start()
    await run.settle(timeout=30)
    assert count(sekretaris, "Langkah 2 dari 9") == 1


async def test_an_answer_waits_behind_a_stored_message_of_the_same_chat_still_being_retried(run):
    people = await enrol_everyone(run)
    sekretaris = people["sekretaris"]
    run.standin.inject_fault("sendMessage", status=502, times=2, chat_id=sekretaris.id)
    await people["kaban"].send("/perintah Oktober 2026")
    for _ in range(200):  # until the sekretaris' task has been refused once (bounded)
        if any(m == "sendMessage" and str(p.get("chat_id")) == str(sekretaris.id) for m, p in run.standin.requests):
            break
        await asyncio.sleep(0.02)

    await sekretaris.send("/tugas")  # answered from memory, behind the stored task message
    await run.settle(timeout=30)

    texts = sekretaris.texts()
    task = next(i for i, t in enumerate(texts) if "Langkah 2 dari 9" in t)
    answer = next(i for i, t in enumerate(texts) if t.startswith("Tugas Anda"))
    assert task < answer and count(sekretaris, "Langkah 2 dari 9") == 1


def test_an_action_that_changes_nothing_stores_no_message_and_one_that_does_stores_them(office_each_db):
    office = office_each_db
    with office.core.unit_of_work() as uow:
        before = len(uow.session.exec(select(Outbox)).all())
    office.do("pelaksana:aset", BY_NAME["tugas"], text="", update_id=1)
    office.do("kaban", BY_NAME["selesai"], text="", update_id=2)  # refused: no task open
    assert office.inbox("pelaksana:aset")[-1].startswith("Tidak ada tugas")
    assert "tidak punya tugas" in office.inbox("kaban")[-1]
    with office.core.unit_of_work() as uow:
        assert len(uow.session.exec(select(Outbox)).all()) == before  # answered, nothing stored
        assert uow.session.get(ProcessedUpdate, 1) and uow.session.get(ProcessedUpdate, 2)  # yet claimed

    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026", update_id=3)
    stored = [m for m in office.handed_over[-2:]]
    assert all(m.id is not None for m in stored)
    with office.core.unit_of_work() as uow:
        rows = uow.session.exec(select(Outbox).where(col(Outbox.id).in_([m.id for m in stored]))).all()
    assert {r.text for r in rows} == {m.text for m in stored}
    assert any("Langkah 2 dari 9" in r.text for r in rows)
