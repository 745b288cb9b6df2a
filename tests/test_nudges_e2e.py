"""Nudges through the real Application, its JobQueue and real HTTP to the Bot API stand-in."""

from __future__ import annotations

from datetime import datetime

from demo.simulation import LocalRun
from handlers import alarms as nudges
from tests.conftest import ADMIN_ID, WIB


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def job_ids(run: LocalRun) -> set[str]:
    return {job.job.id for job in run.app.job_queue.jobs()}


async def fire(run: LocalRun) -> None:
    """Ring the safety job by hand (the clock is simulated, so wall-clock alarms would ring too late)."""
    job = run.app.job_queue.get_jobs_by_name(nudges.SAFETY_ID)[0]
    await job.run(run.app)
    await run.settle()


def count(user, start: str) -> int:
    return sum(1 for text in user.texts() if text.startswith(start))


async def order(run: LocalRun):
    admin = run.people["admin"] = run.standin.user(ADMIN_ID, "Operator")
    kaban = await run.enrol(admin, "kaban", "Pak Kaban", "kaban")
    sekretaris = await run.enrol(admin, "sekretaris", "Bu Sekretaris", "sekretaris")
    await run.say(kaban, "/perintah Oktober 2026")  # Monday 08:00: step 2, due 08:30, is the sekretaris's
    return kaban, sekretaris


async def test_actor_receives_the_nudge_in_telegram(run):
    kaban, sekretaris = await order(run)
    assert {nudges.job_id(at(2026, 11, 30, 8, 15)), nudges.job_id(at(2026, 11, 30, 8, 30))} <= job_ids(run)
    run.clock.set(at(2026, 11, 30, 8, 15))
    await fire(run)
    reminder = sekretaris.texts()[-1]
    assert reminder.startswith("⏳ Pengingat pertama: separuh waktu untuk tugas Anda sudah berjalan; sisa 15 menit")
    assert "Langkah 2" in reminder
    run.clock.set(at(2026, 11, 30, 8, 30))
    await fire(run)
    assert sekretaris.texts()[-1].startswith("⏰ Batas waktu tugas Anda sekarang")
    assert kaban.texts()[-1].startswith("⚠️ Terlambat: Sekretaris (Bu Sekretaris)")


async def test_restart_mid_period_neither_loses_nor_repeats_a_nudge(run):
    kaban, sekretaris = await order(run)
    run.clock.set(at(2026, 11, 30, 8, 15))
    await fire(run)
    await run.restart()
    # Rebuilt from the rows: the pending instants have alarms again, the sent one has none.
    rebuilt = job_ids(run)
    for instant in (at(2026, 11, 30, 8, 24), at(2026, 11, 30, 8, 30), at(2026, 12, 1, 8, 0)):
        assert nudges.job_id(instant) in rebuilt
    assert nudges.job_id(at(2026, 11, 30, 8, 15)) not in rebuilt
    await fire(run)
    assert count(sekretaris, "⏳") == 1

    run.clock.set(at(2026, 11, 30, 8, 24))
    await fire(run)
    await fire(run)
    assert count(sekretaris, "⏳") == 1 and count(sekretaris, "🔔") == 1  # the last call, once

    run.clock.set(at(2026, 11, 30, 8, 30))  # the deadline passes while the bot is down
    await run.stop()
    await run.start()
    await sekretaris.wait_for("Batas waktu tugas Anda sekarang")  # the catch-up alarm rang by itself at start
    await kaban.wait_for("Mohon dibantu")
    await fire(run)  # ringing once more by hand changes nothing
    await run.restart()
    await fire(run)
    assert count(sekretaris, "⏰") == 1
    assert count(kaban, "⚠️") == 1

    run.clock.set(at(2026, 12, 1, 8, 0))
    await fire(run)
    await run.restart()
    await fire(run)
    assert count(sekretaris, "🔁") == 1
    assert [count(sekretaris, s) for s in ("⏳", "🔔", "⏰", "🔁")] == [1, 1, 1, 1]
    assert count(kaban, "⚠️") == 1


async def test_without_a_job_queue_a_plain_loop_takes_over(settings, clock):
    """python-telegram-bot installed without its job-queue extra: start, fire and stop still work."""
    from telegram.ext import ApplicationBuilder

    from bot.core import Kinerja

    core = Kinerja(settings, clock=clock)
    core.prepare()
    app = ApplicationBuilder().token("123456:TEST-TOKEN").job_queue(None).build()
    await nudges.start(app, core)
    assert app.bot_data[nudges.KEY].queue is None
    poller = app.bot_data[nudges.KEY]._poller
    assert poller is not None and not poller.done()
    assert await nudges.fire(app) == 0
    await nudges.stop(app)
    assert poller.cancelled()
    await nudges.stop(app)  # twice is harmless
    core.dispose()
