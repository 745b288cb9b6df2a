"""Wakes the core when nudges fall due: APScheduler, through python-telegram-bot's JobQueue.

The rows (storage.models.Nudge) are the truth and `reminders.fire_due` decides, by `core.now()`,
what goes out; a job here is only an alarm clock. At start the alarms are rebuilt from the rows:
one job per distinct due instant (stable id from the instant, `replace_existing`, never skipped
as a misfire), for the next WINDOW instants; each firing tops the window up. A safety job every
60 s calls fire_due too, so a row whose alarm was lost still goes out within a minute.

Domain time may differ from wall time (a ManualClock in tests and the demo): an alarm is set at
"now + how far ahead the row is in domain time". With a ManualClock those alarms are approximate;
tests and the demo call `fire` / `reminders.fire_due` after moving the clock (docs/REMINDERS.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime

from telegram.ext import Application, ContextTypes, JobQueue
from telegram.warnings import PTBUserWarning

from bot import reminders
from bot.core import Kinerja

log = logging.getLogger(__name__)
KEY = "nudges"  # app.bot_data key of the running NudgeScheduler
SAFETY_ID = "nudge-safety"
SAFETY_SECONDS = 60
WINDOW = 500  # distinct instants that get their own alarm at once; rebuilding 10,000 tasks stays fast


def job_id(instant: datetime) -> str:
    """The same instant always gets the same job, however many rows fall due then."""
    return "nudge-" + instant.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _job_queue(app: Application) -> JobQueue | None:
    with warnings.catch_warnings():  # without the job-queue extra PTB warns on every access
        warnings.simplefilter("ignore", PTBUserWarning)
        return app.job_queue


def _job_kwargs(ident: str) -> dict:
    # misfire_grace_time=None: an alarm that comes late (a busy loop, a suspended host) still rings.
    return {"id": ident, "replace_existing": True, "misfire_grace_time": None, "coalesce": True}


class NudgeScheduler:
    """The alarms of one running Application."""

    def __init__(self, app: Application, core: Kinerja) -> None:
        self.app, self.core = app, core
        self.queue = _job_queue(app)
        self.loop = asyncio.get_running_loop()
        self._poller: asyncio.Task | None = None

    async def start(self) -> None:
        reminders.watch(self.core)
        self.core.on_tasks_changed = self.tasks_changed
        queue = self.queue
        if queue is None:  # built without the job-queue extra: a plain loop does the safety job's work
            log.warning("JobQueue tidak tersedia; pengingat diperiksa setiap %s detik", SAFETY_SECONDS)
            self._poller = asyncio.create_task(self._poll(), name="nudges")
            return
        self.plan(await asyncio.to_thread(reminders.upcoming, self.core, WINDOW))
        queue.run_repeating(
            self._tick, interval=SAFETY_SECONDS, first=SAFETY_SECONDS, name=SAFETY_ID, job_kwargs=_job_kwargs(SAFETY_ID)
        )

    async def stop(self) -> None:
        # The JobQueue itself is stopped by Application.stop(), which waits for a running job.
        self.core.on_tasks_changed = lambda: None
        reminders.unwatch(self.core)
        if self._poller is not None:
            self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller

    def tasks_changed(self) -> None:
        """The core's hook, called from a worker thread inside the transaction that planned new rows."""
        with contextlib.suppress(RuntimeError):  # loop closed: shutting down; the rows wait for the next start
            self.loop.call_soon_threadsafe(self._take_planned)

    def _take_planned(self) -> None:
        self.plan(reminders.take_planned(self.core))

    def plan(self, instants: Iterable[datetime], *, after: datetime | None = None) -> int:
        """One alarm per instant not yet scheduled; returns how many were added."""
        queue = self.queue
        if queue is None:
            return 0
        offset = datetime.now(UTC) - self.core.now()  # zero with the system clock
        added = 0
        for instant in instants:
            ident = job_id(instant)
            if (after is None or instant > after) and queue.scheduler.get_job(ident) is None:
                queue.run_once(self._tick, instant + offset, name=ident, job_kwargs=_job_kwargs(ident))
                added += 1
        return added

    async def fire(self) -> int:
        """What every alarm does: fire_due off the event loop, then top the alarms up."""
        sent = await asyncio.to_thread(reminders.fire_due, self.core)
        # Not "now" again: rows still due now failed or wait; the safety job retries them in a minute.
        upcoming = await asyncio.to_thread(reminders.upcoming, self.core, WINDOW)
        self.plan(upcoming, after=self.core.now())
        self._take_planned()
        return sent

    async def _tick(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.fire()

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(SAFETY_SECONDS)
            try:
                await self.fire()
            except Exception:  # keep polling; the next round retries
                log.exception("pemeriksaan pengingat gagal")


async def start(app: Application, core: Kinerja) -> None:
    scheduler = NudgeScheduler(app, core)
    app.bot_data[KEY] = scheduler
    await scheduler.start()


async def stop(app: Application) -> None:
    scheduler: NudgeScheduler | None = app.bot_data.pop(KEY, None)
    if scheduler is not None:
        await scheduler.stop()


async def fire(app: Application) -> int:
    """Run what an alarm runs, now (tests, the demo): returns how many nudges went out."""
    scheduler: NudgeScheduler | None = app.bot_data.get(KEY)
    return await scheduler.fire() if scheduler is not None else 0
