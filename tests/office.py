"""The core without Telegram: members registered through invites, answers read from the outbox."""

from __future__ import annotations

import re

from sqlmodel import select

from bot import members
from bot.action import Sender
from bot.core import Kinerja
from storage.models import Outbox
from tests.conftest import ADMIN_ID


class Office:
    def __init__(self, core: Kinerja) -> None:
        self.core = core
        self.admin = Sender(ADMIN_ID, ADMIN_ID, "Operator")
        self.people: dict[str, Sender] = {}
        self._next = 100

    def do(self, who: str | Sender, fn, **kwargs):
        sender = self.people[who] if isinstance(who, str) else who
        return self.core.act(sender, fn, **kwargs)

    def inbox(self, who: str | Sender) -> list[str]:
        """Messages written for this person (delivered or not), oldest first."""
        chat = (self.people[who] if isinstance(who, str) else who).chat_id
        with self.core.unit_of_work() as uow:
            rows = uow.session.exec(
                select(Outbox).where(Outbox.chat_id == chat, Outbox.kind == "message").order_by(Outbox.id)
            )
            return [r.text for r in rows]

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
