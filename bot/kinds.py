"""The closed sets of the domain as types: roles, step kinds, task and period statuses.

They are StrEnums, so a row stores and compares as the plain word ("done", "kabid") while a
typo in code is an error a tool catches instead of a silent branch.
"""

from __future__ import annotations

from enum import StrEnum

# The words stored in the tables are defined beside them; the core imports them from here.
from storage.models import ActingKind, OutboxKind, PeriodStatus, ReminderKind, TaskStatus

__all__ = [
    "ActingKind",
    "Completion",
    "OutboxKind",
    "PeriodStatus",
    "ReminderKind",
    "Role",
    "StepKind",
    "TaskStatus",
    "MANAGERS",
    "SOP_ACTORS",
    "UNIT_ROLES",
]


class Role(StrEnum):
    KABAN = "kaban"
    SEKRETARIS = "sekretaris"
    PERENCANAAN = "perencanaan"
    UMUM = "umum"
    KABID = "kabid"
    PELAKSANA = "pelaksana"
    ADMIN = "admin"


SOP_ACTORS = tuple(r for r in Role if r is not Role.ADMIN)  # the operator is no SOP actor
UNIT_ROLES = (Role.KABID, Role.PELAKSANA)  # roles held in one unit
MANAGERS = (Role.ADMIN, Role.PERENCANAAN)  # who invites and lists members


class StepKind(StrEnum):
    """What a step of an SOP definition is (the `kind` of a step in bot/sops/*.toml)."""

    PERINTAH = "perintah"  # kaban opens the period with /perintah <periode>; done at once
    TERUSKAN = "teruskan"  # the actor forwards the order (/perintah or /selesai)
    FORMAT = "format"  # /selesai sends every unit its data format
    RAPAT = "rapat"  # /rapat schedules the meeting; /selesai once it has started
    ISI = "isi"  # per unit: the first accepted upload completes it
    REKAP_UNIT = "rekap_unit"  # per unit: /selesai sends the unit recap to the unit's head
    VALIDASI = "validasi"  # per unit: /setujui or /kembalikan <catatan>
    KIRIM = "kirim"  # per unit: /kirim delivers to perencanaan
    REKAP_BADAN = "rekap_badan"  # /selesai compiles the agency recap
    TUGAS = "tugas"  # a plain task completed with /selesai

    @property
    def per_unit_only(self) -> bool:
        return self in (StepKind.ISI, StepKind.REKAP_UNIT, StepKind.VALIDASI, StepKind.KIRIM)


class Completion(StrEnum):
    """How a task is being completed; each step kind accepts its own ways."""

    SELESAI = "selesai"  # /selesai or its button
    PERINTAH = "perintah"  # /perintah (the order passed down)
    UPLOAD = "upload"  # an accepted spreadsheet
    SETUJUI = "setujui"  # /setujui or its button
    KIRIM = "kirim"  # /kirim or its button
    TUTUP = "tutup"  # perencanaan closes a late step in the actor's place
