"""Runs the real Application against the local Bot API stand-in, with simulated officials.

The demo and the end-to-end tests share it: it is the product wired as in production,
only the Bot API server is local.
"""

from __future__ import annotations

import asyncio
import io
import re
import socket
from dataclasses import dataclass, field

import openpyxl
from telegram.ext import Application

from bot.config import Settings
from bot.core import Kinerja
from handlers.app import build_application
from standin import BotApiStandin, SimUser
from storage import queries

CODE = re.compile(r"<code>([A-Za-z0-9_-]{8,})</code>|start=([A-Za-z0-9_-]{8,})")


@dataclass
class LocalRun:
    settings: Settings
    standin: BotApiStandin
    clock: object = None
    core: Kinerja | None = None
    app: Application | None = None
    webhook_secret: str | None = None  # set: receive updates on a local webhook instead of polling
    webhook_port: int = 0
    _next_user: int = 5001
    people: dict[str, SimUser] = field(default_factory=dict)

    async def start(self) -> LocalRun:
        self.core = Kinerja(self.settings, clock=self.clock)
        self.app = build_application(
            self.core, token=self.standin.token, base_url=self.standin.base_url, base_file_url=self.standin.file_url
        )
        # The order run_polling() uses; its lifecycle hooks are not called by initialize() itself.
        await self.app.initialize()
        await self.app.post_init(self.app)
        if self.webhook_secret:
            await self._start_webhook()
        else:
            await self.app.updater.start_polling(poll_interval=0.0, timeout=1, drop_pending_updates=False)
        await self.app.start()
        return self

    async def _start_webhook(self) -> None:
        if not self.webhook_port:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.webhook_port = probe.getsockname()[1]
        await self.app.updater.start_webhook(
            listen="127.0.0.1",
            port=self.webhook_port,
            url_path="telegram",
            secret_token=self.webhook_secret,
            webhook_url=f"http://127.0.0.1:{self.webhook_port}/telegram",
        )

    async def stop(self) -> None:
        if self.app is None:
            return
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)
        self.app = None

    async def restart(self) -> None:
        """A new Application and core on the same database, as after a crash or a deploy."""
        await self.stop()
        await self.start()

    def pending_outbox(self) -> int:
        with self.core.unit_of_work() as uow:
            return len(queries.pending_outbox(uow.session))

    def sender_waiting(self) -> int:
        """Messages the sender holds in memory (answers of actions that stored nothing, retries)."""
        sender = self.app.bot_data.get("outbox") if self.app is not None else None
        return sender.waiting() if sender is not None else 0

    def handled(self, update_id: int) -> bool:
        with self.core.unit_of_work() as uow:
            return queries.update_handled(uow.session, update_id=update_id)

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until the last update is handled (its transaction committed) and every message is out."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        history = self.standin.update_history
        last = history[-1]["update_id"] if history else None
        while loop.time() < deadline:
            if last is None or await asyncio.to_thread(self.handled, last):
                if self.sender_waiting() == 0 and await asyncio.to_thread(self.pending_outbox) == 0:
                    await self.standin.wait_idle(timeout=max(0.5, deadline - loop.time()), quiet=0.05)
                    return
            await asyncio.sleep(0.02)
        raise TimeoutError(
            f"update {last} belum selesai atau {self.pending_outbox()} pesan masih di outbox setelah {timeout} detik"
        )

    def person(self, key: str, name: str) -> SimUser:
        if key not in self.people:
            self.people[key] = self.standin.user(self._next_user, name)
            self._next_user += 1
        return self.people[key]

    async def say(self, user: SimUser, text: str) -> list[str]:
        """Send a message and wait for its effects; returns what the bot answered this user."""
        before = len(user.inbox)
        user.clear()
        await user.send(text)
        await self.settle()
        return user.texts()[before:]

    async def say_reply(self, user: SimUser, text: str, to: dict) -> list[str]:
        """Answer a bot message (a reply prompt) and wait for its effects."""
        before = len(user.inbox)
        user.clear()
        await user.send(text, reply_to=to)
        await self.settle()
        return user.texts()[before:]

    async def upload(self, user: SimUser, data: bytes, file_name: str) -> list[str]:
        before = len(user.inbox)
        user.clear()
        await user.send_document(data, file_name=file_name)
        await self.settle()
        return user.texts()[before:]

    async def press(self, user: SimUser, button: str) -> list[str]:
        before = len(user.inbox)
        await user.press(button)
        await self.settle()
        return user.texts()[before:]

    async def enrol(self, inviter: SimUser, key: str, name: str, role: str, unit: str | None = None) -> SimUser:
        """The inviter makes a code with /undang; the new member opens the deep link."""
        await self.say(inviter, f"/undang {role} {unit or ''}".strip())
        code = invite_code(inviter.texts()[-1])
        user = self.person(key, name)
        await self.say(user, f"/start {code}")
        return user


def invite_code(text: str) -> str:
    match = CODE.search(text) or re.search(r"start=([A-Za-z0-9_-]+)", text)
    if not match:
        raise AssertionError(f"tidak ada kode undangan dalam: {text!r}")
    return next(g for g in match.groups() if g)


def fill_format(template: bytes, factor: float = 0.9, grade: str = "WTP") -> bytes:
    """Fill Realisasi as an official would: a share of each numeric target, the grade otherwise."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header_row, columns = _header(sheet)
    for row in range(header_row + 1, sheet.max_row + 1):
        target = sheet.cell(row, columns["Target"]).value
        if target is None:
            continue
        value = round(target * factor, 2) if isinstance(target, (int, float)) else grade
        sheet.cell(row, columns["Realisasi"]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows():
        values = [c.value for c in row]
        if "Realisasi" in values:
            return row[0].row, {v: i + 1 for i, v in enumerate(values) if isinstance(v, str)}
    raise AssertionError("no header row with Realisasi")
