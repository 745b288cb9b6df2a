"""Benchmark of the nudge scheduler (docs/PERFORMANCE.md, section "Reminders").

1. Rebuild at start: the time `nudges.start` takes to rebuild the alarms from the rows of N open
   tasks (5 rows each), with the JobQueue running, against the naive one-job-per-row rebuild.
2. Lateness: how long after its due time a nudge is marked sent (its outbox rows written), with
   the system clock and WORK_HOURS=24x7, for nudges spread over a few seconds and for a burst
   of many tasks falling due at the same instant.

    python bench/bench_schedule.py [--tasks 10000] [--spread 200] [--burst 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select
from telegram.ext import ApplicationBuilder

from bot import reminders
from bot.action import Action
from bot.clock import ManualClock, SystemClock
from bot.config import load_settings
from bot.core import Kinerja
from handlers import alarms as nudges
from storage.models import Member, Nudge, Period, Task

UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")


def make_core(folder: Path, clock, work_hours: str = "mon-fri 08:00-16:00") -> Kinerja:
    settings = load_settings(
        telegram_bot_token="1:BENCH",
        database_url=f"sqlite:///{folder}/bench.db",
        data_dir=str(folder / "data"),
        work_hours=work_hours,
    )
    core = Kinerja(settings, clock=clock)
    core.prepare()
    return core


def seed(core: Kinerja) -> int:
    """One open period and one pelaksana per unit; returns the period's id."""
    now = core.now()
    with core.unit_of_work() as uow:
        for i, unit in enumerate(UNITS):
            uow.session.add(
                Member(
                    telegram_user_id=7000 + i,
                    chat_id=7000 + i,
                    full_name=f"Staf {unit}",
                    role="pelaksana",
                    unit_code=unit,
                    registered_at=now,
                )
            )
        period = Period(code="2026-10", label="Oktober 2026", sop_name=core.sop.name, opened_at=now)
        uow.session.add(period)
        uow.commit()
    return period.id


def add_tasks(core: Kinerja, period_id: int, tasks: int, spread_minutes: int, *, step_no: int = 5) -> list[int]:
    """`tasks` open tasks opened over the last `spread_minutes`, each with its planned nudges."""
    step = core.sop.step(step_no)
    with core.unit_of_work() as uow:
        action = Action(core, uow, None, core.now())
        period = uow.session.get(Period, period_id)
        ids = [_task(action, period, step, random.uniform(0, spread_minutes)) for _ in range(tasks)]
        uow.commit()
    return ids


def _task(action: Action, period: Period, step, minutes_ago: float) -> int:
    opened = action.core.calendar.add_minutes(action.now, -minutes_ago)  # spread over working time
    task = Task(
        period_id=period.id,
        step_no=step.no,
        unit_code=random.choice(UNITS),
        role="pelaksana",
        opened_at=opened,
        due_at=action.core.calendar.add_minutes(opened, step.minutes),
    )
    task.actor_unit = task.unit_code
    action.session.add(task)
    action.session.flush()
    reminders.plan_task(action, task, step)
    return task.id


async def rebuild(tasks: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = ManualClock(datetime(2026, 12, 2, 5, 0, tzinfo=UTC))  # Wednesday 12:00 WIB
        core = make_core(Path(tmp), clock)
        started = time.perf_counter()
        add_tasks(core, seed(core), tasks, spread_minutes=2400)
        rows = core.read(lambda a: len(a.session.exec(select(Nudge.id)).all()))
        print(f"seeded {tasks} open tasks, {rows} nudge rows in {time.perf_counter() - started:.1f} s")
        print(f"rebuild (nudges.start, {nudges.WINDOW}-instant window): {await _timed_start(core):.0f} ms")
        print(f"naive rebuild (one job per pending row):      {await _timed_naive(core):.0f} ms")
        core.dispose()


async def _timed_start(core: Kinerja) -> float:
    app = await _paused_app()
    best = float("inf")
    for _ in range(3):
        for job in app.job_queue.jobs():
            job.job.remove()
        started = time.perf_counter()
        await nudges.start(app, core)
        best = min(best, time.perf_counter() - started)
        await nudges.stop(app)
    print(f"  alarms: {len(app.job_queue.jobs())} jobs")
    await app.job_queue.stop()
    return best * 1000


async def _timed_naive(core: Kinerja) -> float:
    app = await _paused_app()
    started = time.perf_counter()
    pending = core.read(
        lambda a: a.session.exec(
            select(Nudge.id, Nudge.due_at).where(Nudge.sent_at == None, Nudge.cancelled == False)
        ).all()
    )
    for row_id, due in pending:
        app.job_queue.run_once(
            _noop,
            due,
            name=f"nudge-{row_id}",
            job_kwargs={
                "id": f"nudge-{row_id}",
                "replace_existing": True,
                "misfire_grace_time": None,
                "coalesce": True,
            },
        )
    elapsed = time.perf_counter() - started
    await app.job_queue.stop()
    return elapsed * 1000


async def _paused_app():
    """A running JobQueue whose jobs go into the job store but do not run (only the rebuild is timed)."""
    app = ApplicationBuilder().token("1:BENCH").build()
    await app.job_queue.start()
    app.job_queue.scheduler.pause()
    return app


async def _noop(_context) -> None:
    return None


async def lateness(spread: int, burst: int) -> None:
    """Real alarms on the real JobQueue, system clock, every minute a working minute."""
    with tempfile.TemporaryDirectory() as tmp:
        core = make_core(Path(tmp), SystemClock(), work_hours="24x7")
        app = ApplicationBuilder().token("1:BENCH").build()
        await app.job_queue.start()
        await nudges.start(app, core)
        period_id = seed(core)
        first = _plant(core, period_id, spread, lambda i: 1.0 + 4.0 * i / max(spread, 1))
        _report("spread over 4 s", await _wait_sent(core, first, spread))
        second = _plant(core, period_id, burst, lambda i: 1.0)
        _report(f"burst of {burst} at one instant", await _wait_sent(core, second, burst))
        await nudges.stop(app)
        await app.job_queue.stop()
        core.dispose()


def _plant(core: Kinerja, period_id: int, count: int, seconds_ahead) -> int:
    """`count` tasks whose only pending nudge is due `seconds_ahead(i)` from now; returns the first id."""
    ids = add_tasks(core, period_id, count, spread_minutes=0, step_no=2)
    now = datetime.now(UTC)
    with core.unit_of_work() as uow:
        for i, task_id in enumerate(ids):
            kept = None
            for nudge in uow.session.exec(select(Nudge).where(Nudge.task_id == task_id).order_by(Nudge.id)):
                kept = kept or nudge  # one pending nudge per task: the first "before"
                nudge.cancelled = nudge is not kept
                nudge.due_at = now + timedelta(seconds=seconds_ahead(i), milliseconds=nudge.id % 7)
        uow.commit()
    for nudge_due in core.read(lambda a: reminders.upcoming(core, 100_000)):
        reminders._remember(core, nudge_due)
    core.on_tasks_changed()  # what engine.open_step does: the scheduler picks the instants up
    return min(ids) if ids else 0


async def _wait_sent(core: Kinerja, first_task: int, count: int, timeout: float = 120) -> list[float]:
    """Lateness = when the sent row became visible (committed, with its outbox rows) minus its due time.

    Polled every 10 ms, so each figure is at most 10 ms (plus one query) above the truth."""
    seen: dict[int, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < count and time.monotonic() < deadline:
        now = datetime.now(UTC)
        rows = core.read(
            lambda a: a.session.exec(
                select(Nudge.id, Nudge.due_at).where(Nudge.task_id >= first_task, Nudge.sent_at != None)
            ).all()
        )
        for row_id, due in rows:
            seen.setdefault(row_id, (now - due).total_seconds() * 1000)
        await asyncio.sleep(0.01)
    if len(seen) < count:
        raise TimeoutError(f"only {len(seen)} of {count} nudges sent")
    return list(seen.values())


def _report(label: str, late_ms: list[float]) -> None:
    late_ms.sort()
    p95 = late_ms[int(0.95 * (len(late_ms) - 1))]
    print(
        f"lateness, {label}: n={len(late_ms)} median {statistics.median(late_ms):.0f} ms, "
        f"p95 {p95:.0f} ms, max {late_ms[-1]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--spread", type=int, default=200)
    parser.add_argument("--burst", type=int, default=1_000)
    args = parser.parse_args()
    random.seed(4)
    asyncio.run(rebuild(args.tasks))
    asyncio.run(lateness(args.spread, args.burst))


if __name__ == "__main__":
    main()
