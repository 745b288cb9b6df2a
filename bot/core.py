"""The core object: configuration, organisation, SOP, calendar, database, files, and `act`,
the transaction every user action runs in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from bot import master_record, members
from bot.action import Action, Sender
from bot.calendar import WorkingCalendar
from bot.clock import SystemClock
from bot.config import Settings
from bot.errors import Refusal
from bot.filestore import FileStore
from bot.org import Organisation, load_org
from bot.sheets.types import IndicatorMaster, MasterError
from bot.sop import SopDefinition, load_sop
from storage import queries
from storage.db import make_engine, migrate
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def broken_master_text(exc: MasterError) -> str:
    return (
        f"❌ Daftar indikator yang berlaku tidak dapat dibaca, jadi perintah ini belum dapat dijalankan.\n"
        f"<pre>{escape(str(exc))}</pre>\n"
        "Operator dapat melihat semua masalahnya dengan <code>python -m bot check</code> dan "
        "mengirim master yang benar dengan /indikator. Data yang sudah tersimpan tidak berubah."
    )


class Kinerja:
    """Everything the handlers call. Synchronous: the handlers run it in a worker thread."""

    def __init__(self, settings: Settings, *, clock=None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.org: Organisation = load_org(settings.org_file)
        self.sop: SopDefinition = load_sop(settings.sop_file, unit_codes=self.org.codes)
        self.calendar = WorkingCalendar(
            timezone=settings.timezone,
            work_hours=settings.work_hours,
            extra_holidays=settings.extra_holidays,
            ramadan=settings.ramadan,
            ramadan_hours=settings.work_hours_ramadan,
        )
        self.tz = settings.tz
        self.scale = settings.scale  # CAPAIAN_SCALE, checked when the settings were read
        self.db = make_engine(settings.database_url)
        self.data_dir = Path(settings.data_dir)
        self.files = FileStore(self.data_dir)
        self._master: IndicatorMaster | None = None
        self._master_lock = threading.Lock()
        self.bot_username = "kinerja_bot"  # replaced by getMe at start
        # Called with the outbox rows a transaction has just committed (the sender delivers them).
        self.on_outbox: Callable[[list], None] = lambda rows: None
        self.on_tasks_changed: Callable[[], None] = lambda: None

    def prepare(self) -> None:
        """Blocking start-up work: schema migrations, the master's check, stored holidays, folders."""
        migrate(self.db)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # A broken indicator master stops the start, naming its problems. A master recorded as
        # good is not read again: reading loads openpyxl, which the idle bot does without.
        if not master_record.is_checked(self.data_dir, self.master_path(), self._unit_codes()):
            self.master()
        with UnitOfWork(self.db) as uow:
            for holiday in queries.holidays(uow.session):
                if holiday.removed:
                    self.calendar.remove_holiday(holiday.day)
                else:
                    self.calendar.add_holiday(holiday.day)

    def master_path(self) -> Path:
        """An operator's replacement (sent with /indikator) wins over INDICATORS_FILE."""
        return master_record.master_in_force(self.settings.indicators_file, self.data_dir)

    def _unit_codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.org.data_units)

    def master(self) -> IndicatorMaster:
        """The master in force, read at its first use (an upload, a format, a recap, /indikator)."""
        with self._master_lock:  # a burst of first uses parses it once
            if self._master is None:
                # imported here: reading a master loads openpyxl, which the idle bot does without
                from bot.sheets.indicators import load_master

                path = self.master_path()
                try:
                    data = path.read_bytes()  # read once: the bytes checked are the bytes recorded
                except OSError:
                    load_master(path)  # raises MasterError: which file cannot be opened, and why
                    raise
                self._master = load_master(data, file_name=path.name, known_units=self._unit_codes())
                master_record.record_checked(self.data_dir, path, data, self._unit_codes())
            return self._master

    def install_master(self, data: bytes, file_name: str, master) -> None:
        folder = self.data_dir / "master"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = self.now().strftime("%Y%m%dT%H%M%S")
        suffix = Path(file_name).suffix.lower() or ".xlsx"
        path = folder / f"indikator_{stamp}{suffix}"
        path.write_bytes(data)
        with self._master_lock:
            self._master = master  # checked by the caller (uploads.replace_master)
        master_record.record_checked(self.data_dir, path, data, self._unit_codes())

    def dispose(self) -> None:
        self.db.dispose()

    def now(self) -> datetime:
        return self.clock.now()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.db)

    def act(
        self,
        sender: Sender | None,
        fn: Callable[..., Any],
        *args: Any,
        update_id: int | None = None,
        contact: bool = True,
        hand_over: Callable[[list], None] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Run `fn(action, ...)` in one transaction; a Refusal is answered and changes nothing.

        `contact`: the sender wrote to us (operators become members, a blocked chat is open
        again); False for what Telegram reports about a chat without the person writing.
        `hand_over`: where the committed messages go instead of `on_outbox` (a caller on the
        event loop passes them on itself when the call returns: one wake-up, not two).
        """
        hand_over = hand_over or self.on_outbox
        with self.unit_of_work() as uow:
            action = Action(self, uow, sender, self.now())
            if update_id is not None and not uow.claim(update_id=update_id, at=action.now):
                log.info("update %s sudah ditangani; diabaikan", update_id)
                return None
            try:
                if sender is not None and contact:
                    members.touch(action)
                result = fn(action, *args, **kwargs)
            except Refusal as refusal:
                uow.rollback()
                self._refuse(sender, refusal, update_id, hand_over)
                return None
            except MasterError as exc:  # the file changed on disk after a start that trusted its record
                log.error("master indikator rusak: %s", exc)
                uow.rollback()
                self._refuse(sender, Refusal(broken_master_text(exc)), update_id, hand_over)
                return None
            uow.commit()
        hand_over(uow.committed_outbox)
        return result

    def _refuse(
        self, sender: Sender | None, refusal: Refusal, update_id: int | None, hand_over: Callable[[list], None]
    ) -> None:
        with self.unit_of_work() as uow:
            action = Action(self, uow, sender, self.now())
            if update_id is not None and not uow.claim(update_id=update_id, at=action.now):
                return
            action.reply(refusal.message)
            uow.commit()
        hand_over(uow.committed_outbox)

    def already_handled(self, update_id: int) -> bool:
        with self.unit_of_work() as uow:
            return queries.update_handled(uow.session, update_id=update_id)

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A read-only call outside any user action (tests, the demo, status pages)."""
        with self.unit_of_work() as uow:
            return fn(Action(self, uow, None, self.now()), *args, **kwargs)
