"""Each kind of SOP step as an object: how it may be completed, what it checks, what happens
before and after its completion, its how-to line and its buttons.

The engine's one completion path (`engine.complete_task`) runs these hooks whatever starts it:
a command, a button, an upload or a job. A new kind is one class here plus its `StepKind` word
(docs/ARCHITECTURE.md shows it).
"""

from __future__ import annotations

from html import escape
from typing import ClassVar

from bot import formats, recaps
from bot.action import Action
from bot.errors import Refusal
from bot.keyboard import Button, Verb
from bot.kinds import Completion, Role, StepKind
from bot.lookups import unit_name, units_done
from bot.roles import members_with_role
from bot.sop import Step
from bot.texts import meeting_example
from bot.timefmt import format_instant
from storage import queries
from storage.models import Member, Period, Task

DONE_BUTTON = "✔️ Tandai selesai"
NOTE_BUTTON = "📝 Dengan catatan"


class StepBehaviour:
    """A plain task: /selesai completes it, nothing else happens."""

    kind: ClassVar[StepKind] = StepKind.TUGAS
    completed_by: ClassVar[frozenset[Completion]] = frozenset({Completion.SELESAI})
    takes_uploads: ClassVar[bool] = False  # the unit may (re)send its file while at this step
    how_to: ClassVar[str] = "Ketik /selesai bila sudah selesai."
    other_way: ClassVar[str] = ""  # the refusal when completed in a way this kind does not take
    nothing_waiting: ClassVar[str] = "Tidak ada tugas itu untuk Anda."

    def allow(self, completion: Completion) -> None:
        if completion not in self.completed_by:
            raise Refusal(self.other_way or self.how_to)

    def check(self, action: Action, step: Step, task: Task, period: Period) -> None:
        """Whether the task may be completed now (after `allow`)."""

    def before_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        """Work the completion stands for (sending documents); runs before the task is marked done."""

    def after_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        """Who else must know, once the task is done (before the next step opens)."""

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return [[Button.to(DONE_BUTTON, Verb.SELESAI, task.id)]]


class Order(StepBehaviour):
    kind = StepKind.PERINTAH
    completed_by = frozenset({Completion.PERINTAH})
    how_to = "Mulai dengan <code>/perintah &lt;periode&gt; [catatan]</code>."
    other_way = "Perintah pengumpulan dimulai dengan <code>/perintah &lt;periode&gt;</code>."

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return None


class Forward(StepBehaviour):
    kind = StepKind.TERUSKAN
    completed_by = frozenset({Completion.PERINTAH, Completion.SELESAI})
    how_to = "Teruskan kepada Perencanaan dengan <code>/perintah [catatan]</code>."

    def buttons(self, task: Task) -> list[list[Button]] | None:
        """The note of a disposition travels down: the second button asks for it (a reply prompt)."""
        return [[Button.to(DONE_BUTTON, Verb.SELESAI, task.id), Button.to(NOTE_BUTTON, Verb.CATATAN, task.id)]]


class SendFormats(StepBehaviour):
    kind = StepKind.FORMAT
    how_to = "Setelah format siap, ketik /selesai: bot mengirim format data kepada setiap Kabid dan Sekretariat."

    def before_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        formats.send_formats(action, period)


class Meeting(StepBehaviour):
    kind = StepKind.RAPAT
    how_to = "Jadwalkan dengan <code>/rapat TTTT-BB-HH JJ:MM tempat</code>; setelah rapat dimulai, ketik /selesai."

    def check(self, action: Action, step: Step, task: Task, period: Period) -> None:
        if period.meeting_at is None:
            raise Refusal(
                "Rapat belum dijadwalkan. Jadwalkan dulu, contoh: " + meeting_example(action.core, action.now)
            )
        if period.meeting_at > action.now:
            raise Refusal(
                f"Rapat baru dimulai {format_instant(period.meeting_at, action.core.tz)}. "
                "Tandai selesai setelah rapat dimulai."
            )

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return None  # scheduling needs a time typed with /rapat


class FillIn(StepBehaviour):
    kind = StepKind.ISI
    completed_by = frozenset({Completion.UPLOAD})
    takes_uploads = True
    how_to = (
        "Isi kolom Realisasi dan Keterangan pada format data (minta dengan /format), lalu kirim "
        "berkasnya ke obrolan ini."
    )
    other_way = (
        "Langkah ini selesai sendiri ketika berkas format yang sudah diisi diterima. "
        "Kirim berkasnya ke obrolan ini (minta format dengan /format)."
    )

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return [[Button.to("📄 Minta format", Verb.FORMAT)]]


class UnitRecap(StepBehaviour):
    kind = StepKind.REKAP_UNIT
    takes_uploads = True
    how_to = (
        "Periksa rekap unit, lalu ketik /selesai: rekap dikirim kepada Kepala Bidang untuk "
        "divalidasi. Berkas yang lebih baru masih boleh dikirim sebelum itu."
    )

    def before_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        recaps.send_unit_recap(action, period, task)


class Validation(StepBehaviour):
    kind = StepKind.VALIDASI
    completed_by = frozenset({Completion.SETUJUI})
    how_to = "Periksa data unit, lalu /setujui, atau <code>/kembalikan catatan perbaikan</code>."
    other_way = "Validasi diselesaikan dengan /setujui, atau <code>/kembalikan catatan</code>."
    nothing_waiting = "Tidak ada data unit yang menunggu validasi Anda."

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return [[Button.to("✅ Setujui", Verb.SETUJUI, task.id), Button.to("↩️ Kembalikan", Verb.KEMBALIKAN, task.id)]]


class Delivery(StepBehaviour):
    kind = StepKind.KIRIM
    completed_by = frozenset({Completion.KIRIM})
    how_to = "Ketik /kirim untuk menyampaikan data yang sudah divalidasi kepada Perencanaan."
    other_way = "Data yang sudah divalidasi dikirim dengan /kirim."
    nothing_waiting = "Tidak ada data tervalidasi yang menunggu dikirim oleh Anda."

    def after_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        """Perencanaan learns that a unit's validated data has arrived (SPEC §8)."""
        done, units = units_done(action, period, step), len(action.core.org.data_units)
        text = (
            f"📥 Data kinerja <b>{escape(unit_name(action.core, task.unit_code))}</b> ({escape(period.label)}) "
            f"sudah divalidasi dan dikirim kepada Perencanaan. Masuk: {done} dari {units} unit."
        )
        for member in members_with_role(action.session, role=Role.PERENCANAAN, unit_code=None, on=action.today):
            action.tell(member, text)

    def buttons(self, task: Task) -> list[list[Button]] | None:
        return [[Button.to("📨 Kirim ke Perencanaan", Verb.KIRIM, task.id)]]


class AgencyRecap(StepBehaviour):
    kind = StepKind.REKAP_BADAN
    completed_by = frozenset({Completion.SELESAI, Completion.TUTUP})
    how_to = (
        "Ketik /selesai: bot menyusun rekap data kinerja Badan dan mengirimkannya kepada "
        "Perencanaan, Sekretaris dan Kepala Badan."
    )

    def after_complete(self, action: Action, step: Step, task: Task, period: Period) -> None:
        """Compiled once step 9 is marked done, so the recap's Kepatuhan sheet shows it done and by
        whom, as /kepatuhan does."""
        recaps.send_agency_recap(action, period)


BEHAVIOURS: dict[StepKind, StepBehaviour] = {
    cls.kind: cls()
    for cls in (
        StepBehaviour,
        Order,
        Forward,
        SendFormats,
        Meeting,
        FillIn,
        UnitRecap,
        Validation,
        Delivery,
        AgencyRecap,
    )
}
UPLOAD_KINDS = tuple(kind for kind, behaviour in BEHAVIOURS.items() if behaviour.takes_uploads)


def behaviour(step: Step) -> StepBehaviour:
    return BEHAVIOURS[step.kind]


def how_to(step: Step) -> str:
    return behaviour(step).how_to


def meeting_invitees(action: Action, step: Step) -> list[Member]:
    """Every holder of an attending role, whatever their unit, and perencanaan who runs it."""
    found: dict[int, Member] = {}
    for role in step.attendees:
        for member in members_with_role(action.session, role=role, unit_code=None, on=action.today):
            found[member.id] = member
    for member in queries.active_members(action.session, role=Role.PERENCANAAN):
        found.setdefault(member.id, member)
    return list(found.values())
