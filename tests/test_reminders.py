"""Nudges at the core level: a real Kinerja on SQLite, a ManualClock, no Telegram."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from bot import commands, members, reminders
from bot.action import Sender
from bot.catalog import BY_NAME
from bot.core import Kinerja
from demo.simulation import invite_code
from storage import queries
from storage.models import Member, Nudge, Task
from tests.conftest import ADMIN_ID, WIB, make_settings

UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")
ADMIN = Sender(ADMIN_ID, ADMIN_ID, "Operator")
DIGEST = "📋 <b>Ringkasan tugas terlambat"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def core(tmp_path, database_url, clock):
    """On SQLite and on PostgreSQL (skipped when no server is reachable; see tests/conftest.py)."""
    kinerja = Kinerja(make_settings(tmp_path, database_url), clock=clock)
    kinerja.prepare()
    yield watched(kinerja)
    kinerja.dispose()


def watched(core: Kinerja) -> Kinerja:
    """Keeps every message a committed transaction hands to the sender, stored or not."""
    core.handed_over = []
    core.on_outbox = core.handed_over.extend
    return core


def outbox(core: Kinerja, member: Member | None = None) -> list[str]:
    """The texts handed to the sender, oldest first (stored with a change or not)."""
    return [m.text for m in core.handed_over if member is None or m.chat_id == member.chat_id]


def enrol(core: Kinerja, user_id: int, name: str, role: str, unit: str | None = None) -> Member:
    """The real flow: the operator makes an invite, the person registers with its code."""
    core.act(ADMIN, members.create_invite, role=role, unit_code=unit)
    code = invite_code(outbox(core)[-1])
    core.act(Sender(user_id, user_id, name), members.register, code=code)
    return core.read(lambda a: queries.member_by_user(a.connection, telegram_user_id=user_id))


@pytest.fixture
def people(core) -> dict[str, Member]:
    found = {
        "kaban": enrol(core, 5001, "Pak Kaban", "kaban"),
        "sekretaris": enrol(core, 5002, "Bu Sekretaris", "sekretaris"),
        "perencanaan": enrol(core, 5003, "Bu Rencana", "perencanaan"),
    }
    for i, unit in enumerate(UNITS):
        if unit != "sekretariat":
            found[f"kabid:{unit}"] = enrol(core, 5100 + i, f"Kabid <{unit}>", "kabid", unit)
        found[f"pelaksana:{unit}"] = enrol(core, 5200 + i, f"Staf {unit} & co", "pelaksana", unit)
    return found


def sender(member: Member) -> Sender:
    return Sender(member.telegram_user_id, member.chat_id, member.full_name)


def order(core: Kinerja, people: dict) -> Task:
    """The kaban orders the collection: step 2 (sekretaris, 30 minutes) opens."""
    core.act(sender(people["kaban"]), BY_NAME["perintah"], text="Oktober 2026")
    return open_task(core, 2)


def open_task(core: Kinerja, step_no: int, unit: str | None = None) -> Task:
    tasks = core.read(lambda a: queries.open_tasks(a.session, step_no=step_no, unit_code=unit))
    assert len(tasks) == 1, tasks
    return tasks[0]


def rows(core: Kinerja, task: Task) -> list[tuple[str, datetime, str]]:
    """(kind, due in WIB, state) of a task's nudges."""
    found = core.read(lambda a: queries.nudges_of_task(a.session, task_id=task.id))
    return [(n.kind, n.due_at.astimezone(WIB).replace(tzinfo=None), _state(n)) for n in found]


def _state(nudge: Nudge) -> str:
    return "sent" if nudge.sent_at else ("cancelled" if nudge.cancelled else (nudge.skipped or "pending"))


def fire_at(core: Kinerja, when: datetime) -> int:
    core.clock.set(when)
    return reminders.fire_due(core)


def new_texts(core: Kinerja, member: Member, before: list[str]) -> list[str]:
    return outbox(core, member)[len(before) :]


def to_step_5(core: Kinerja, people: dict) -> None:
    """Steps 1 to 4 on time on Monday 30 November 2026; step 5 opens for every unit at 09:00."""
    order(core, people)
    core.clock.set(at(2026, 11, 30, 8, 20))
    core.act(sender(people["sekretaris"]), BY_NAME["perintah"], text="")
    core.clock.set(at(2026, 11, 30, 8, 33))
    core.act(sender(people["perencanaan"]), commands.selesai, note=None)
    core.act(sender(people["perencanaan"]), BY_NAME["rapat"], text="2026-11-30 09:00 Aula")
    core.clock.set(at(2026, 11, 30, 9, 0))
    core.act(sender(people["perencanaan"]), commands.selesai, note=None)


# --- the schedule ----------------------------------------------------------------


def test_full_schedule_of_one_task(core, people):
    task = order(core, people)
    assert rows(core, task) == [
        ("before", datetime(2026, 11, 30, 8, 15), "pending"),
        ("before", datetime(2026, 11, 30, 8, 24), "pending"),
        ("deadline", datetime(2026, 11, 30, 8, 30), "pending"),
        ("escalate", datetime(2026, 11, 30, 8, 30), "pending"),
        ("daily", datetime(2026, 12, 1, 8, 0), "pending"),
    ]
    sekretaris, kaban = people["sekretaris"], people["kaban"]
    seen_s, seen_k = outbox(core, sekretaris), outbox(core, kaban)
    assert fire_at(core, at(2026, 11, 30, 8, 14)) == 0
    assert fire_at(core, at(2026, 11, 30, 8, 15)) == 1
    half = new_texts(core, sekretaris, seen_s)
    assert len(half) == 1 and half[0].startswith("⏳ <b>Pengingat pertama</b>") and "sisa <b>15 menit</b>" in half[0]
    assert fire_at(core, at(2026, 11, 30, 8, 24)) == 1
    last_call = outbox(core, sekretaris)[-1]
    assert last_call.startswith("🔔 <b>Panggilan terakhir sebelum batas waktu</b>: tinggal <b>6 menit</b>")
    assert fire_at(core, at(2026, 11, 30, 8, 30)) == 2
    assert outbox(core, sekretaris)[-1].startswith("⏰ <b>Batas waktu tugas Anda sekarang</b>")
    escalation = new_texts(core, kaban, seen_k)
    assert len(escalation) == 1 and escalation[0].startswith("⚠️ <b>Terlambat: Sekretaris (Bu Sekretaris)</b>")
    assert "Bu Sekretaris" in escalation[0] and "Langkah 2" in escalation[0]
    assert fire_at(core, at(2026, 12, 1, 8, 0)) == 1
    assert outbox(core, sekretaris)[-1].startswith("🔁 <b>Masih terlambat — hari kerja ke-1</b>")
    assert fire_at(core, at(2026, 12, 2, 8, 0)) == 1
    assert "hari kerja ke-2" in outbox(core, sekretaris)[-1]
    assert len(new_texts(core, kaban, seen_k)) == 1, "the superior is told once"
    assert len(new_texts(core, sekretaris, seen_s)) == 5


def test_each_kind_reads_differently(core, people):
    order(core, people)
    for when in (at(2026, 11, 30, 8, 15), at(2026, 11, 30, 8, 30), at(2026, 12, 1, 8, 0)):
        fire_at(core, when)
    sent = outbox(core, people["sekretaris"])[-3:] + outbox(core, people["kaban"])[-1:]
    firsts = {text.split("\n")[0].split("—")[0].split(":")[0] for text in sent}
    assert len(firsts) == 4, sent


def test_full_schedule_of_a_period_with_escalation_to_heads_and_digest(core, people):
    to_step_5(core, people)
    tasks = {u: open_task(core, 5, u) for u in UNITS}
    expected = [
        ("before", datetime(2026, 11, 30, 13, 0)),
        ("before", datetime(2026, 11, 30, 15, 24)),
        ("deadline", datetime(2026, 12, 1, 9, 0)),
        ("escalate", datetime(2026, 12, 1, 9, 0)),
        ("daily", datetime(2026, 12, 2, 8, 0)),
    ]
    for task in tasks.values():
        assert [(k, d) for k, d, _ in rows(core, task)] == expected
    period_tasks = core.read(lambda a: queries.tasks_of_period(a.connection, period_id=tasks["aset"].period_id))
    for done in [t for t in period_tasks if t.step_no in (2, 3, 4)]:  # done in time: what was not sent is cancelled
        assert all(state in ("sent", "cancelled") for _, _, state in rows(core, done))
    before = {key: outbox(core, m) for key, m in people.items()}
    assert fire_at(core, at(2026, 11, 30, 13, 0)) == 5
    assert fire_at(core, at(2026, 11, 30, 15, 24)) == 5
    assert fire_at(core, at(2026, 12, 1, 9, 0)) == 10
    for unit in UNITS:
        head = people["sekretaris"] if unit == "sekretariat" else people[f"kabid:{unit}"]
        told = [t for t in new_texts(core, head, before[_key(people, head)]) if t.startswith("⚠️")]
        assert len(told) == 1 and f"Staf {unit} &amp; co" in told[0], unit
    assert fire_at(core, at(2026, 12, 2, 8, 0)) == 6  # five daily reminders, one digest
    digests = [t for t in outbox(core, people["sekretaris"]) if t.startswith(DIGEST)]
    assert len(digests) == 1 and "5 tugas melewati batas waktu" in digests[0]
    assert all(f"Staf {u} &amp; co" in digests[0] for u in UNITS)
    for unit in UNITS:
        texts = new_texts(core, people[f"pelaksana:{unit}"], before[f"pelaksana:{unit}"])
        assert [t[0] for t in texts] == ["⏳", "🔔", "⏰", "🔁"], texts
    assert not any(t.startswith("⚠️") for t in new_texts(core, people["kaban"], before["kaban"]))


def _key(people: dict, member: Member) -> str:
    return next(k for k, m in people.items() if m.id == member.id)


def test_no_digest_for_a_single_late_task(core, people):
    task = order(core, people)
    fire_at(core, at(2026, 11, 30, 8, 30))
    assert fire_at(core, at(2026, 12, 1, 8, 0)) == 1
    assert not any(t.startswith(DIGEST) for t in outbox(core))
    digest = core.read(lambda a: queries.nudges_of_period(a.session, period_id=task.period_id, kind="digest"))
    assert [n.skipped for n in digest][:1] == ["few_late"]


# --- working hours and holidays --------------------------------------------------------


def test_nudge_due_at_night_waits_for_monday_morning(core, people):
    core.clock.set(at(2026, 12, 4, 15, 40))  # Friday
    task = order(core, people)
    assert rows(core, task)[:3] == [
        ("before", datetime(2026, 12, 4, 15, 55), "pending"),
        ("before", datetime(2026, 12, 7, 8, 4), "pending"),
        ("deadline", datetime(2026, 12, 7, 8, 10), "pending"),
    ]
    seen = outbox(core, people["sekretaris"])
    for night in (at(2026, 12, 4, 16, 30), at(2026, 12, 5, 10, 0), at(2026, 12, 7, 7, 59)):
        assert fire_at(core, night) == 0, night
    assert reminders.next_due(core) == at(2026, 12, 7, 8, 0)
    assert fire_at(core, at(2026, 12, 7, 8, 0)) == 1
    sent = new_texts(core, people["sekretaris"], seen)
    assert len(sent) == 1 and "sisa <b>10 menit</b>" in sent[0]


def test_deadline_at_the_end_of_the_day_still_goes_out(core, people):
    core.clock.set(at(2026, 11, 30, 15, 30))
    task = order(core, people)
    assert task.due_at == at(2026, 11, 30, 16, 0)
    core.clock.set(at(2026, 11, 30, 16, 0, 40))  # the alarm rang 40 seconds late
    assert reminders.fire_due(core) == 2


def test_public_holiday_is_skipped(core, people):
    core.clock.set(at(2026, 12, 24, 15, 45))  # Thursday; Friday 25 December is Christmas
    task = order(core, people)
    assert rows(core, task) == [
        ("before", datetime(2026, 12, 24, 16, 0), "pending"),
        ("before", datetime(2026, 12, 28, 8, 9), "pending"),
        ("deadline", datetime(2026, 12, 28, 8, 15), "pending"),
        ("escalate", datetime(2026, 12, 28, 8, 15), "pending"),
        ("daily", datetime(2026, 12, 29, 8, 0), "pending"),
    ]
    assert fire_at(core, at(2026, 12, 24, 16, 0)) == 1
    assert fire_at(core, at(2026, 12, 25, 10, 0)) == 0
    assert reminders.next_due(core) == at(2026, 12, 28, 8, 9)


def test_leave_day_declared_later_defers_the_daily_reminder(core, people):
    order(core, people)
    fire_at(core, at(2026, 11, 30, 8, 30))
    core.act(ADMIN, BY_NAME["libur"], text="tambah 2026-12-01")  # Tuesday becomes cuti bersama
    seen = outbox(core, people["sekretaris"])
    assert fire_at(core, at(2026, 12, 1, 8, 0)) == 0
    assert fire_at(core, at(2026, 12, 2, 8, 0)) == 1
    sent = new_texts(core, people["sekretaris"], seen)
    assert len(sent) == 1 and "hari kerja ke-1" in sent[0]


def test_24x7_sends_at_any_hour(tmp_path, sqlite_url, clock):
    core = watched(Kinerja(make_settings(tmp_path, sqlite_url, work_hours="24x7"), clock=clock))
    core.prepare()
    try:
        kaban = enrol(core, 5001, "Pak Kaban", "kaban")
        enrol(core, 5002, "Bu Sekretaris", "sekretaris")
        core.clock.set(at(2026, 12, 5, 23, 0))  # Saturday night
        task = order(core, {"kaban": kaban})
        assert reminders.next_due(core) == at(2026, 12, 5, 23, 15)
        assert fire_at(core, at(2026, 12, 5, 23, 30)) == 2  # deadline and escalation; the 4/5 one is stale
        assert [s for _, _, s in rows(core, task)][:4] == ["stale", "stale", "sent", "sent"]
    finally:
        core.dispose()


def test_demo_path_with_24x7(tmp_path, sqlite_url, clock):
    """What the demo does: after /perintah, step the clock through the next half hour."""
    core = watched(Kinerja(make_settings(tmp_path, sqlite_url, work_hours="24x7"), clock=clock))
    core.prepare()
    try:
        people = {
            "kaban": enrol(core, 5001, "Pak Kaban", "kaban"),
            "sekretaris": enrol(core, 5002, "Bu Sekretaris", "sekretaris"),
        }
        core.clock.set(at(2026, 12, 5, 21, 0))
        order(core, people)
        assert reminders.fire_until(core, core.now() + timedelta(minutes=30)) == 4
        assert [t[0] for t in outbox(core, people["sekretaris"])[-3:]] == ["⏳", "🔔", "⏰"]
        assert outbox(core, people["kaban"])[-1].startswith("⚠️")
    finally:
        core.dispose()


# --- closing, repeating, downtime --------------------------------------------------------


def test_no_nudge_after_completion(core, people):
    task = order(core, people)
    fire_at(core, at(2026, 11, 30, 8, 15))
    core.act(sender(people["sekretaris"]), BY_NAME["perintah"], text="")
    seen = outbox(core, people["sekretaris"])
    for when in (at(2026, 11, 30, 8, 24), at(2026, 11, 30, 8, 30), at(2026, 12, 1, 8, 0)):
        fire_at(core, when)
    assert not [t for t in new_texts(core, people["sekretaris"], seen) if "Langkah 2" in t]
    assert [s for _, _, s in rows(core, task)] == ["sent", "cancelled", "cancelled", "cancelled", "cancelled"]


def test_firing_twice_sends_nothing_twice(core, people):
    order(core, people)
    core.clock.set(at(2026, 11, 30, 8, 30))
    assert reminders.fire_due(core) == 2
    count = len(outbox(core))
    assert reminders.fire_due(core) == 0
    assert len(outbox(core)) == count


def test_concurrent_firing_sends_once(core, people):
    order(core, people)
    core.clock.set(at(2026, 11, 30, 8, 30))
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(reminders.fire_due(core))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, 0, 2]


def test_stale_nudges_after_downtime_are_collapsed(core, people):
    task = order(core, people)
    seen_s, seen_k = outbox(core, people["sekretaris"]), outbox(core, people["kaban"])
    assert fire_at(core, at(2026, 12, 2, 9, 0)) == 2  # down from Monday 08:00 to Wednesday 09:00
    actor = new_texts(core, people["sekretaris"], seen_s)
    assert len(actor) == 1 and "hari kerja ke-2" in actor[0]
    assert len(new_texts(core, people["kaban"], seen_k)) == 1
    assert [s for _, _, s in rows(core, task)] == ["stale", "stale", "stale", "sent", "sent", "pending"]
    assert rows(core, task)[-1][:2] == ("daily", datetime(2026, 12, 3, 8, 0))


def test_short_downtime_sends_the_deadline_not_the_reminder(core, people):
    order(core, people)
    fire_at(core, at(2026, 11, 30, 8, 15))
    seen = outbox(core, people["sekretaris"])
    assert fire_at(core, at(2026, 11, 30, 8, 33)) == 2
    sent = new_texts(core, people["sekretaris"], seen)
    assert len(sent) == 1 and "sudah lewat</b> (terlambat 3 menit)" in sent[0]


def test_a_failing_transaction_sends_nothing_and_is_retried(core, people, monkeypatch):
    """A crash between writing the outbox and marking the nudge sent: neither happens, the retry sends once."""
    order(core, people)
    core.clock.set(at(2026, 11, 30, 8, 15))
    real = queries.claim_nudge

    def crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("killed")

    monkeypatch.setattr(queries, "claim_nudge", crash)
    count = len(outbox(core))
    assert reminders.fire_due(core) == 0
    assert len(outbox(core)) == count
    monkeypatch.setattr(queries, "claim_nudge", real)
    assert reminders.fire_due(core) == 1
    assert reminders.fire_due(core) == 0
    assert len(outbox(core)) == count + 1


def test_fire_until_stops_at_every_nudge_on_the_way(core, people):
    order(core, people)
    seen_s, seen_k = outbox(core, people["sekretaris"]), outbox(core, people["kaban"])
    assert reminders.fire_until(core, at(2026, 12, 1, 9, 0)) == 5
    assert core.now() == at(2026, 12, 1, 9, 0)
    assert [t[0] for t in new_texts(core, people["sekretaris"], seen_s)] == ["⏳", "🔔", "⏰", "🔁"]
    assert [t[0] for t in new_texts(core, people["kaban"], seen_k)] == ["⚠"]


def test_upcoming_lists_the_next_instants(core, people):
    order(core, people)
    assert reminders.upcoming(core, limit=3) == [
        at(2026, 11, 30, 8, 15),
        at(2026, 11, 30, 8, 24),
        at(2026, 11, 30, 8, 30),
    ]
    core.clock.set(at(2026, 11, 30, 20, 0))
    assert reminders.upcoming(core, limit=1) == [at(2026, 12, 1, 8, 0)]  # due rows wait for the morning


# --- what people read about time: /status and /kepatuhan ---------------------------------------


def test_status_shows_time_left_and_marks_late_tasks(core, people):
    order(core, people)
    core.clock.set(at(2026, 11, 30, 8, 10))
    core.act(sender(people["kaban"]), BY_NAME["status"], text="")
    assert "⏳ sisa 20 menit" in outbox(core, people["kaban"])[-1]
    core.clock.set(at(2026, 11, 30, 9, 30))
    core.act(sender(people["kaban"]), BY_NAME["status"], text="")
    assert "⚠️ <b>terlambat 1 jam</b>" in outbox(core, people["kaban"])[-1]


def test_status_after_hours_says_late_not_zero_minutes(core, people):
    core.clock.set(at(2026, 11, 30, 15, 30))
    order(core, people)
    core.clock.set(at(2026, 11, 30, 19, 0))
    core.act(sender(people["kaban"]), BY_NAME["status"], text="")
    status = outbox(core, people["kaban"])[-1]
    assert "batas waktu sudah lewat" in status and "0 menit" not in status


def test_kepatuhan_counts_standard_and_actual_time_by_whom(core, people):
    to_step_5(core, people)
    core.clock.set(at(2026, 12, 1, 10, 0))
    core.act(sender(people["kaban"]), BY_NAME["kepatuhan"], text="")
    report, table = outbox(core, people["kaban"])[-2:]
    assert report.index("Tepat waktu: <b>4 dari 4</b>") < report.index("<b>1. ")  # the summary first
    assert "berjalan: <b>5</b> (5 terlambat)" in report and "baku" not in report
    step_2 = "<b>2. Sekretaris memerintahkan Perencanaan membuat format…</b>"
    assert f"{step_2}\n   1 tepat waktu; lama 20 menit (standar 30 menit) — Bu Sekretaris" in report
    assert "\n   5 berjalan, terlambat; paling lama 1 hari kerja 1 jam (standar 1 hari kerja)" in report
    assert len(report) < 1200 and table == "📎 Kepatuhan SOP Oktober 2026"
