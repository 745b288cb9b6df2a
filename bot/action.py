"""One user action inside one transaction: who sent it, when, and how to answer.

`Action` is what every core function receives. It writes replies and notifications as outbox
rows and events as rows of the record, all in the action's own transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.keyboard import Button
from storage import queries
from storage.models import Member
from storage.records import MemberRecord
from storage.uow import UnitOfWork

if TYPE_CHECKING:  # the composition object holds the Action; typing only, no import at run time
    from bot.core import Kinerja


@dataclass(frozen=True)
class Sender:
    """Who sent an update, as plain values."""

    telegram_user_id: int
    chat_id: int
    full_name: str
    username: str | None = None


@dataclass
class Action:
    core: Kinerja
    uow: UnitOfWork
    sender: Sender | None
    now: datetime
    _member: Member | None = field(default=None, init=False)

    @property
    def session(self):
        """For `storage.queries` calls; the core itself never uses the ORM session."""
        return self.uow.session

    @property
    def connection(self):
        """For the `storage.queries` calls that return records (storage.records)."""
        return self.uow.connection

    @property
    def today(self):
        """The date in TIMEZONE: Plt. ranges and holidays are days there, not in UTC."""
        return self.now.astimezone(self.core.tz).date()

    @property
    def member(self) -> Member | MemberRecord | None:
        """Who sent the update, as read (a record); `entity` gives what a change needs."""
        if self._member is None and self.sender is not None:
            self._member = queries.member_by_user(self.connection, telegram_user_id=self.sender.telegram_user_id)
        return self._member

    def adopt_member(self, member: Member) -> None:
        """The sender has just been registered, or changed, in this action."""
        self._member = member

    def entity(self, row):
        """The ORM entity of a record, to change its row in this transaction."""
        return queries.entity(self.session, row)

    def save(self, row: Any) -> Any:
        """Store a new row now, so that its id is known."""
        return queries.save(self.session, row)

    def reply(self, text: str, *, buttons: list[list[Button]] | None = None, **files: str) -> None:
        """Answer the sender: the row is marked `reply`, so it is retried at short intervals."""
        if self.sender is not None:
            member_id = self.member.id if self.member else None
            self.send(self.sender.chat_id, text, buttons=buttons, member_id=member_id, reply=True, **files)

    def ask(self, text: str, *, placeholder: str) -> None:
        """Answer the sender with a reply prompt (ForceReply): their next text is the answer."""
        if self.sender is not None:
            markup = json.dumps({"force_reply": True, "input_field_placeholder": placeholder[:64]}, ensure_ascii=False)
            member_id = self.member.id if self.member else None
            queries.add_outbox(
                self.session,
                chat_id=self.sender.chat_id,
                text=text,
                at=self.now,
                member_id=member_id,
                reply_markup=markup,
                reply=True,
            )

    def tell(self, member: Member, text: str, *, buttons: list[list[Button]] | None = None, **files: str) -> None:
        self.send(member.chat_id, text, buttons=buttons, member_id=member.id, **files)

    def send(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: list[list[Button]] | None = None,
        member_id: int | None = None,
        document_path: str | None = None,
        document_name: str | None = None,
        photo_path: str | None = None,
        reply: bool = False,
    ) -> None:
        queries.add_outbox(
            self.session,
            chat_id=chat_id,
            text=text,
            at=self.now,
            member_id=member_id,
            reply_markup=_markup(buttons),
            document_path=document_path,
            document_name=document_name,
            photo_path=photo_path,
            reply=reply,
        )

    def event(self, kind: str, *, period_id: int | None = None, task_id: int | None = None, **detail: Any) -> None:
        member_id = self.member.id if self.member else None
        queries.record_event(
            self.session, at=self.now, kind=kind, period_id=period_id, task_id=task_id, member_id=member_id, **detail
        )


def _markup(buttons: list[list[Button]] | None) -> str | None:
    """Bot API InlineKeyboardMarkup as JSON; the Telegram side sends it as it is."""
    if not buttons:
        return None
    rows = [[{"text": b.text, "callback_data": b.data} for b in row] for row in buttons]
    return json.dumps({"inline_keyboard": rows}, ensure_ascii=False)
