"""Inline buttons and their payloads: one typed helper builds and reads every callback_data.

A payload is `<verb>` or `<verb>:<id>` (a task id; for RAPAT_YA the proposal's event id; within
Telegram's 64 bytes); the wire format is
the one buttons already sent carry, so a button pressed after an upgrade still works.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verb(StrEnum):
    """What a button does: each is the same as the command of that name."""

    SELESAI = "selesai"
    SETUJUI = "setujui"
    KEMBALIKAN = "kembalikan"
    KIRIM = "kirim"
    FORMAT = "format"
    CATATAN = "catatan"  # /selesai with a note asked for by a reply prompt
    STATUS = "status"  # /status of the open period
    RAPAT_YA = "rapatya"  # schedule the recorded proposal (an event id) although past the step's deadline


@dataclass(frozen=True)
class Press:
    verb: Verb
    task_id: int | None = None

    def pack(self) -> str:
        return self.verb.value if self.task_id is None else f"{self.verb.value}:{self.task_id}"

    @classmethod
    def unpack(cls, data: str) -> Press | None:
        """None for a payload this version does not know (an old or forged button)."""
        verb, _, raw_id = data.partition(":")
        if verb not in Verb.__members__.values() or (raw_id and not raw_id.isdigit()):
            return None
        return cls(Verb(verb), int(raw_id) if raw_id else None)


@dataclass(frozen=True)
class Button:
    text: str
    data: str

    @classmethod
    def to(cls, text: str, verb: Verb, task_id: int | None = None) -> Button:
        return cls(text, Press(verb, task_id).pack())
