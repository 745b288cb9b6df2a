"""The core object: configuration, organisation, SOP, calendar, database, and the
transaction wrapper every user action runs in."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from bot.calendar import WorkingCalendar
from bot.clock import SystemClock
from bot.config import Settings
from bot.errors import Refusal
from bot.filestore import FileStore
from bot.org import Organisation, load_org
from bot.sop import SopDefinition, load_sop
from storage import queries
from storage.db import make_engine, migrate
from storage.models import Member
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    """Who sent an update, as plain values."""

    telegram_user_id: int
    chat_id: int
    full_name: str
    username: str | None = None


@dataclass(frozen=True)
class Button:
    text: str
    data: str


@dataclass
class Action:
    """One user action inside one transaction: who, when, and how to answer."""

    core: "Kinerja"
    uow: UnitOfWork
    sender: Sender | None
    now: datetime
    _member: Member | None = field(default=None, init=False)

    @property
    def session(self):
        return self.uow.session

    @property
    def member(self) -> Member | None:
        if self._member is None and self.sender is not None:
            self._member = queries.member_by_user(self.session, telegram_user_id=self.sender.telegram_user_id)
        return self._member

    def reply(self, text: str, *, buttons: list[list[Button]] | None = None, **files: str) -> None:
        if self.sender is not None:
            self.send(self.sender.chat_id, text, buttons=buttons, member_id=self.member.id if self.member else None, **files)

    def tell(self, member: Member, text: str, *, buttons: list[list[Button]] | None = None, **files: str) -> None:
        self.send(member.chat_id, text, buttons=buttons, member_id=member.id, **files)

    def send(self, chat_id: int, text: str, *, buttons: list[list[Button]] | None = None,
             member_id: int | None = None, document_path: str | None = None,
             document_name: str | None = None, photo_path: str | None = None) -> None:
        queries.add_outbox(self.session, chat_id=chat_id, text=text, at=self.now, member_id=member_id,
                           reply_markup=_markup(buttons), document_path=document_path,
                           document_name=document_name, photo_path=photo_path)

    def event(self, kind: str, *, period_id: int | None = None, task_id: int | None = None, **detail: Any) -> None:
        member_id = self.member.id if self.member else None
        queries.record_event(self.session, at=self.now, kind=kind, period_id=period_id, task_id=task_id,
                             member_id=member_id, **detail)


def _markup(buttons: list[list[Button]] | None) -> str | None:
    if not buttons:
        return None
    rows = [[{"text": b.text, "callback_data": b.data} for b in row] for row in buttons]
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)


class Kinerja:
    """Everything the handlers call. Synchronous: the handlers run it in a worker thread."""

    def __init__(self, settings: Settings, *, clock=None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.org: Organisation = load_org(settings.org_file)
        self.sop: SopDefinition = load_sop(settings.sop_file, unit_codes=self.org.codes)
        self.calendar = WorkingCalendar(timezone=settings.timezone, work_hours=settings.work_hours,
                                        extra_holidays=settings.extra_holidays)
        self.tz = settings.tz
        self.scale = settings.scale  # CAPAIAN_SCALE, checked when the settings were read
        self.engine = make_engine(settings.database_url)
        self.data_dir = Path(settings.data_dir)
        self.files = FileStore(self.data_dir)
        self._master = None
        self.bot_username = "kinerja_bot"  # replaced by getMe at start
        self.on_outbox: Callable[[], None] = lambda: None
        self.on_tasks_changed: Callable[[], None] = lambda: None

    def prepare(self) -> None:
        """Blocking start-up work: schema migrations, stored holidays, folders."""
        migrate(self.engine)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.master()  # a broken indicator master stops the start, naming its problems
        with UnitOfWork(self.engine) as uow:
            for holiday in queries.holidays(uow.session):
                if holiday.removed:
                    self.calendar.remove_holiday(holiday.day)
                else:
                    self.calendar.add_holiday(holiday.day)

    def master_path(self) -> Path:
        """An operator's replacement (sent with /indikator) wins over INDICATORS_FILE."""
        installed = sorted((self.data_dir / "master").glob("indikator_*"))
        return installed[-1] if installed else Path(self.settings.indicators_file)

    def master(self):
        if self._master is None:
            from bot.sheets.indicators import load_master
            path = self.master_path()
            self._master = load_master(path, file_name=path.name, known_units=tuple(u.code for u in self.org.data_units))
        return self._master

    def install_master(self, data: bytes, file_name: str, master) -> None:
        folder = self.data_dir / "master"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = self.now().strftime("%Y%m%dT%H%M%S")
        suffix = Path(file_name).suffix.lower() or ".xlsx"
        (folder / f"indikator_{stamp}{suffix}").write_bytes(data)
        self._master = master

    def dispose(self) -> None:
        self.engine.dispose()

    def now(self) -> datetime:
        return self.clock.now()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def act(self, sender: Sender | None, fn: Callable[..., Any], *args: Any,
            update_id: int | None = None, **kwargs: Any) -> Any:
        """Run `fn(action, ...)` in one transaction; a Refusal is answered and changes nothing."""
        with self.unit_of_work() as uow:
            action = Action(self, uow, sender, self.now())
            if update_id is not None and not queries.claim_update(uow.session, update_id=update_id, at=action.now):
                log.info("update %s sudah ditangani; diabaikan", update_id)
                return None
            try:
                if sender is not None and not getattr(fn, "skip_touch", False):
                    from bot.members import touch  # late: members builds on this module
                    touch(action)
                result = fn(action, *args, **kwargs)
            except Refusal as refusal:
                uow.rollback()
                self._refuse(sender, refusal, update_id)
                self.on_outbox()
                return None
            uow.commit()
        self.on_outbox()
        return result

    def _refuse(self, sender: Sender | None, refusal: Refusal, update_id: int | None) -> None:
        with self.unit_of_work() as uow:
            action = Action(self, uow, sender, self.now())
            if update_id is not None and not queries.claim_update(uow.session, update_id=update_id, at=action.now):
                return
            action.reply(refusal.message)
            uow.commit()

    def already_handled(self, update_id: int) -> bool:
        with self.unit_of_work() as uow:
            return queries.update_handled(uow.session, update_id=update_id)

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """A read-only call outside any user action (tests, the demo, status pages)."""
        with self.unit_of_work() as uow:
            return fn(Action(self, uow, None, self.now()), *args, **kwargs)
