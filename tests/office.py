"""The core without Telegram: members registered through invites, and every message the core
hands to the sender once a transaction commits (stored with a change or not), as the sender gets it."""

from __future__ import annotations

import re

from bot import members
from bot.action import Sender
from bot.core import Kinerja
from storage.queries import OutboxMessage
from tests.conftest import ADMIN_ID


class Office:
    def __init__(self, core: Kinerja) -> None:
        self.core = core
        self.admin = Sender(ADMIN_ID, ADMIN_ID, "Operator")
        self.people: dict[str, Sender] = {}
        self._next = 100
        self.handed_over: list[OutboxMessage] = []
        core.on_outbox = self.handed_over.extend

    def do(self, who: str | Sender, fn, **kwargs):
        sender = self.people[who] if isinstance(who, str) else who
        return self.core.act(sender, fn, **kwargs)

    def messages(self, who: str | Sender | int) -> list[OutboxMessage]:
        """Messages for this person (or chat id), oldest first, menus included."""
        chat = who if isinstance(who, int) else (self.people[who] if isinstance(who, str) else who).chat_id
        return [m for m in self.handed_over if m.chat_id == chat]

    def inbox(self, who: str | Sender | int) -> list[str]:
        """The texts written for this person, oldest first."""
        return [m.text for m in self.messages(who) if m.kind == "message"]

    def last(self, who: str | Sender) -> str:
        return self.inbox(who)[-1]

    def enrol(self, key: str, role: str, unit: str | None = None) -> Sender:
        self.do(self.admin, members.create_invite, role=role, unit_code=unit)
        code = re.search(r"<code>([^<]+)</code>", self.last(self.admin)).group(1)
        self._next += 1
        sender = Sender(self._next, self._next, f"{key} nama")
        self.people[key] = sender
        self.do(sender, members.register, code=code)
        return sender

    def enrol_everyone(self, units: tuple[str, ...]) -> None:
        for role in ("kaban", "sekretaris", "perencanaan"):
            self.enrol(role, role)
        for unit in units:
            if unit != "sekretariat":
                self.enrol(f"kabid:{unit}", "kabid", unit)
            self.enrol(f"pelaksana:{unit}", "pelaksana", unit)
        self.enrol("pelaksana:perencanaan", "pelaksana", "perencanaan")
