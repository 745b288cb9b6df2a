"""The tables. Every instant is timezone-aware UTC (see storage.types.UTCDateTime)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


# The words the status and kind columns hold (StrEnums store and compare as the plain word).
class PeriodStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    RETURNED = "returned"  # the unit's data went back to its fill-in step (a new round opened)
    MISSING = "missing"  # closed by /tutup: the unit never sent its data


class OutboxKind(StrEnum):
    MESSAGE = "message"
    COMMANDS = "commands"  # a chat's command menu (setMyCommands); the row's text is the role


class ReminderKind(StrEnum):
    BEFORE = "before"  # at fractions of the allowed time
    DEADLINE = "deadline"
    ESCALATE = "escalate"  # to the actor's superior, once late
    DAILY = "daily"  # every working day while late
    DIGEST = "digest"  # the sekretaris' morning summary of a period's late tasks
    MEETING = "meeting"  # every invitee, before the step's meeting starts


class ActingKind(StrEnum):
    """Which acting official (UU 30/2014 Pasal 14; SE BKN 1/SE/I/2021), each by a Surat Perintah."""

    PLH = "plh"  # Pelaksana Harian: the holder is away for a while; the holder's nudges go to the Plh
    PLT = "plt"  # Pelaksana Tugas: the post is vacant

    @property
    def title(self) -> str:
        """What goes before the post's name: "Plh." / "Plt." (Plh. Kepala Bidang Anggaran)."""
        return "Plh." if self is ActingKind.PLH else "Plt."


def _instant(nullable: bool = True, index: bool = False):
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _big(nullable: bool = True, index: bool = False, unique: bool = False):
    return Field(default=None, sa_column=Column(BigInteger(), nullable=nullable, index=index, unique=unique))


class Member(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger(), nullable=False, unique=True))
    chat_id: int = Field(sa_column=Column(BigInteger(), nullable=False))
    full_name: str
    username: str | None = None
    role: str = Field(index=True)
    unit_code: str | None = Field(default=None, index=True)
    active: bool = True
    blocked: bool = False
    registered_at: datetime = _instant(nullable=False)


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True)
    role: str
    unit_code: str | None = None
    created_by: int | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = _instant(nullable=False)
    expires_at: datetime = _instant(nullable=False)
    used_by: int | None = Field(default=None, foreign_key="member.id")
    used_at: datetime | None = _instant()


class FailedCode(SQLModel, table=True):
    """Wrong invite codes, to throttle guessing."""

    __tablename__ = "failed_code"
    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = _big(nullable=False, index=True)
    at: datetime = _instant(nullable=False)


class Acting(SQLModel, table=True):
    """A Plh. or Plt.: a member acting for a role (and unit) over a date range, by a Surat Perintah."""

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    role: str
    unit_code: str | None = None
    start: date
    end: date
    kind: str = Field(default=ActingKind.PLT, sa_column_kwargs={"server_default": ActingKind.PLT.value})
    sp_number: str = Field(default="", sa_column_kwargs={"server_default": ""})  # the Surat Perintah's number


class Period(SQLModel, table=True):
    """One collection run of one SOP for one periode (a month or a quarter)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True)
    label: str
    sop_name: str
    status: str = PeriodStatus.OPEN
    opened_at: datetime = _instant(nullable=False)
    opened_by: int | None = Field(default=None, foreign_key="member.id")
    closed_at: datetime | None = _instant()
    note: str | None = Field(default=None, sa_column=Column(Text()))
    meeting_at: datetime | None = _instant()
    meeting_place: str | None = None


class Task(SQLModel, table=True):
    """One step of a period, or one step for one unit, in one round."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    step_no: int
    unit_code: str | None = Field(default=None, index=True)
    round: int = 1
    role: str
    actor_unit: str | None = None
    status: str = Field(default=TaskStatus.OPEN, index=True)
    opened_at: datetime = _instant(nullable=False)
    due_at: datetime = _instant(nullable=False)
    done_at: datetime | None = _instant()
    done_by: int | None = Field(default=None, foreign_key="member.id")
    note: str | None = Field(default=None, sa_column=Column(Text()))


class Event(SQLModel, table=True):
    """The append-only record of who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant(nullable=False, index=True)
    kind: str = Field(index=True)
    period_id: int | None = Field(default=None, foreign_key="period.id", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id")
    member_id: int | None = Field(default=None, foreign_key="member.id")
    detail: str = Field(default="{}", sa_column=Column(Text(), nullable=False))


class Submission(SQLModel, table=True):
    """A received spreadsheet; rejected ones are kept for the record."""

    id: int | None = Field(default=None, primary_key=True)
    period_id: int = Field(foreign_key="period.id", index=True)
    unit_code: str = Field(index=True)
    member_id: int = Field(foreign_key="member.id")
    file_name: str
    sha256: str = Field(index=True)
    size: int
    stored_path: str
    received_at: datetime = _instant(nullable=False)
    accepted: bool
    superseded: bool = False
    round: int = 1
    problems: str = Field(default="[]", sa_column=Column(Text(), nullable=False))
    rows: str = Field(default="[]", sa_column=Column(Text(), nullable=False))


class Outbox(SQLModel, table=True):
    """A message someone must receive, written with the change that caused it."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = _big(nullable=False, index=True)
    member_id: int | None = Field(default=None, foreign_key="member.id")
    kind: str = OutboxKind.MESSAGE
    text: str = Field(sa_column=Column(Text(), nullable=False))
    reply_markup: str | None = Field(default=None, sa_column=Column(Text()))
    document_path: str | None = None
    document_name: str | None = None
    photo_path: str | None = None
    created_at: datetime = _instant(nullable=False)
    next_attempt_at: datetime = _instant(nullable=False, index=True)
    attempts: int = 0
    parts_sent: int = 0  # a long message goes out in parts; a retry resumes after the last one sent
    sent_at: datetime | None = _instant(index=True)
    dropped_at: datetime | None = _instant()
    error: str | None = None
    reply: bool = False  # answers the person who wrote: retried with a short ceiling (handlers/sending.py)


class ProcessedUpdate(SQLModel, table=True):
    __tablename__ = "processed_update"
    update_id: int = Field(sa_column=Column(BigInteger(), primary_key=True, autoincrement=False))
    at: datetime = _instant(nullable=False)


class Nudge(SQLModel, table=True):
    """A planned reminder or escalation of one task, or a period's daily digest (docs/REMINDERS.md).

    A task's rows carry `task_id` and no `period_id`; a digest carries `period_id` and no
    `task_id`. Each unique constraint therefore covers one family (NULLs never collide).
    """

    __table_args__ = (UniqueConstraint("task_id", "kind", "due_at"), UniqueConstraint("period_id", "kind", "due_at"))
    id: int | None = Field(default=None, primary_key=True)
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    period_id: int | None = Field(default=None, foreign_key="period.id", index=True)
    kind: str  # a ReminderKind
    due_at: datetime = _instant(nullable=False, index=True)
    sent_at: datetime | None = _instant()
    cancelled: bool = False
    skipped: str | None = None  # why a due nudge was not sent: stale | not_late | nobody | few_late


class Prompt(SQLModel, table=True):
    """A question waiting for a member's next text (a ForceReply from a button): at most one each.

    Kept in the database so that a restart keeps it; `expires_at` ends an unanswered one.
    """

    member_id: int = Field(foreign_key="member.id", primary_key=True)
    verb: str  # a bot.keyboard.Verb: what the words are for
    task_id: int | None = Field(default=None, foreign_key="task.id")
    asked_at: datetime = _instant(nullable=False)
    expires_at: datetime = _instant(nullable=False)


class Holiday(SQLModel, table=True):
    """Collective leave (cuti bersama) added by an admin while running."""

    day: date = Field(primary_key=True)
    removed: bool = False
    note: str | None = None
