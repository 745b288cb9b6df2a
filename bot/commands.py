"""What each SOP command does (the core side of /perintah, /selesai, /setujui, ...).

Every function takes plain values read by `bot.arguments` and completes tasks only through
`engine.complete_task`.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape

from bot import engine, reminders, texts
from bot.action import Action
from bot.arguments import PeriodeAndNote
from bot.errors import Refusal
from bot.keyboard import Button, Verb
from bot.kinds import Completion, Role, StepKind
from bot.lookups import my_open_tasks, my_tasks_of_kind, period_of, require_open_period, unit_name
from bot.members import require_member, require_role
from bot.roles import has_role, role_name
from bot.step_kinds import BEHAVIOURS, behaviour, meeting_invitees
from bot.timefmt import format_instant, join_words
from storage import queries
from storage.models import Member, Task

ORDER_EXAMPLE = (
    "Sebutkan periodenya. Contoh: <code>/perintah Oktober 2026</code> atau "
    "<code>/perintah TW III 2026 mohon tepat waktu</code>"
)


def perintah(action: Action, *, order: PeriodeAndNote) -> None:
    """Kaban: `/perintah <periode> [catatan]` starts; sekretaris: `/perintah [catatan]` forwards."""
    member = require_role(action, Role.KABAN, Role.SEKRETARIS)
    forwarding = my_tasks_of_kind(action, member, StepKind.TERUSKAN)
    if forwarding:
        engine.complete_task(
            action,
            forwarding[0],
            member,
            order.typed.strip() or None,
            completion=Completion.PERINTAH,
            confirm=texts.done_reply(action.core, forwarding[0]),
        )
        return
    if not has_role(action.connection, member, Role.KABAN, on=action.today):
        raise Refusal("Belum ada perintah Kepala Badan yang perlu Anda teruskan. Lihat /tugas.")
    if order.periode is None:
        raise Refusal(order.problem or ORDER_EXAMPLE)
    engine.start_collection(action, member, order.periode, order.note)


def selesai(action: Action, *, note: str | None, task_id: int | None = None) -> None:
    member = require_member(action)
    tasks = my_open_tasks(action, member)
    if task_id is not None:
        tasks = [t for t in tasks if t.id == task_id]
        if not tasks:
            raise Refusal("Tugas itu sudah selesai atau bukan tugas Anda. Lihat /tugas.")
    if not tasks:
        raise Refusal("Anda tidak punya tugas terbuka saat ini. Lihat /status untuk kemajuan pengumpulan.")
    if len(tasks) > 1:
        action.reply(
            "Anda punya beberapa tugas terbuka. Pilih yang sudah selesai:",
            buttons=[[Button.to(texts.task_short(action.core, t), Verb.SELESAI, t.id)] for t in tasks],
        )
        return
    engine.complete_task(
        action, tasks[0], member, note, completion=Completion.SELESAI, confirm=texts.done_reply(action.core, tasks[0])
    )


def setujui(action: Action, *, unit: str | None, task_id: int | None = None) -> None:
    _complete_unit_step(
        action, StepKind.VALIDASI, Verb.SETUJUI, Completion.SETUJUI, unit, task_id, "✅ Data <b>{unit}</b> disetujui."
    )


def kirim(action: Action, *, unit: str | None, task_id: int | None = None) -> None:
    _complete_unit_step(
        action,
        StepKind.KIRIM,
        Verb.KIRIM,
        Completion.KIRIM,
        unit,
        task_id,
        "📨 Data <b>{unit}</b> terkirim kepada Perencanaan. Terima kasih.",
    )


def kembalikan(action: Action, *, unit: str | None, note: str, task_id: int | None = None) -> None:
    member = require_member(action)
    if not note:
        raise Refusal(
            "Tuliskan catatan perbaikannya. Contoh: <code>/kembalikan anggaran Realisasi "
            "indikator 2 belum sesuai SP2D</code> (nama unit boleh dilewati bila hanya satu)."
        )
    task = _pick_unit_task(action, member, StepKind.VALIDASI, Verb.KEMBALIKAN, unit, task_id)
    if task is not None:
        engine.return_unit(action, task, member, note)


def _complete_unit_step(
    action: Action, kind: StepKind, verb: Verb, completion: Completion, unit: str | None, task_id: int | None, done: str
) -> None:
    """/setujui and /kirim: complete my open task of that kind, asking which unit when several."""
    member = require_member(action)
    task = _pick_unit_task(action, member, kind, verb, unit, task_id)
    if task is not None:
        engine.complete_task(
            action,
            task,
            member,
            None,
            completion=completion,
            confirm=done.format(unit=escape(unit_name(action.core, task.unit_code))),
        )


def _pick_unit_task(
    action: Action, member: Member, kind: StepKind, verb: Verb, unit: str | None, task_id: int | None
) -> Task | None:
    tasks = my_tasks_of_kind(action, member, kind)
    if task_id is not None:
        tasks = [t for t in tasks if t.id == task_id]
    if unit:
        tasks = [t for t in tasks if t.unit_code == unit.lower()]
    if not tasks:
        waiting = BEHAVIOURS[kind].nothing_waiting
        raise Refusal(f"{waiting} Lihat /tugas. (Peran Anda: {role_name(member.role)})")
    if len(tasks) > 1:
        action.reply(
            "Pilih unitnya:", buttons=[[Button.to(unit_name(action.core, t.unit_code), verb, t.id)] for t in tasks]
        )
        return None
    return tasks[0]


def rapat(action: Action, *, when: datetime, place: str | None, confirm: bool = False) -> None:
    """Schedule the meeting; a time past the step's own deadline is only taken once confirmed
    (`/rapat ... ya`, or the button on the proposal recorded as an event)."""
    member = require_role(action, Role.PERENCANAAN)
    task = _meeting_task(action, member)
    if when <= action.now:
        raise Refusal(
            "Waktu rapat sudah lewat. Tulis waktu yang akan datang, contoh: "
            + texts.meeting_example(action.core, action.now)
        )
    if when > task.due_at and not confirm:
        _propose_meeting(action, task, when, place)
        return
    _schedule_meeting(action, task, when, place)


def _meeting_task(action: Action, member: Member) -> Task:
    tasks = my_tasks_of_kind(action, member, StepKind.RAPAT)
    if not tasks:
        raise Refusal("Rapat pembahasan format dijadwalkan saat langkah rapat terbuka. Lihat /status.")
    return tasks[0]


def _propose_meeting(action: Action, task: Task, when: datetime, place: str | None) -> None:
    """Past the step's deadline: record the proposal and ask; the button points at this record."""
    tz = action.core.tz
    proposal = action.save(
        queries.record_event(
            action.session,
            at=action.now,
            kind="rapat_diusulkan",
            period_id=task.period_id,
            task_id=task.id,
            member_id=action.member.id,
            meeting_at=when.isoformat(),
            place=place,
        )
    )  # saved now: the button carries its id
    action.reply(
        f"⚠️ Rapat pada {format_instant(when, tz)} melewati batas waktu langkah ini "
        f"({format_instant(task.due_at, tz)}). Tetap jadwalkan? Tekan tombol di bawah, atau ketik perintahnya "
        "lagi dengan <code>ya</code> di akhir.",
        buttons=[[Button.to("Ya, tetap jadwalkan", Verb.RAPAT_YA, proposal.id)]],
    )


def confirm_meeting(action: Action, *, proposal_id: int) -> None:
    """The button on a proposal: schedule it, if it is still this step's proposal."""
    member = require_role(action, Role.PERENCANAAN)
    task = _meeting_task(action, member)
    proposal = queries.event_by_id(action.session, event_id=proposal_id)
    if proposal is None or proposal.kind != "rapat_diusulkan" or proposal.task_id != task.id:
        raise Refusal("Usulan rapat ini sudah tidak berlaku. Jadwalkan lagi dengan /rapat.")
    detail = json.loads(proposal.detail)
    when = datetime.fromisoformat(detail["meeting_at"])
    if when <= action.now:
        raise Refusal("Waktu rapat yang diusulkan sudah lewat. Jadwalkan lagi dengan /rapat.")
    _schedule_meeting(action, task, when, detail.get("place"))


def _schedule_meeting(action: Action, task: Task, when: datetime, place: str | None) -> None:
    period = period_of(action, task)
    period.meeting_at, period.meeting_place = when, place
    step = action.core.sop.step(task.step_no)
    reminders.plan_meeting(action, task, step, period)
    action.event(
        "rapat_dijadwalkan",
        period_id=period.id,
        task_id=task.id,
        meeting_at=when.isoformat(),
        place=place,
        due=task.due_at.isoformat(),
        step_deadline=action.core.calendar.add_minutes(task.opened_at, step.minutes).isoformat(),
    )  # both deadlines on record: a meeting confirmed past the step's own one stays visible
    invitation = texts.meeting_invitation(action.core, period, step, when, place)
    for invitee in meeting_invitees(action, step):
        action.tell(invitee, invitation)
    lead = action.core.sop.reminders.meeting_minutes_before
    action.reply(
        f"📅 Rapat dijadwalkan {format_instant(when, action.core.tz)}"
        f"{' di ' + escape(place) if place else ''}. Undangan sudah dikirim; setiap peserta diingatkan "
        f"{lead} menit sebelumnya. Setelah rapat dimulai, tandai selesai dengan /selesai "
        f"(batas waktu langkah ini: {format_instant(task.due_at, action.core.tz)})."
    )


def tutup(action: Action) -> None:
    """Perencanaan closes the per-unit phase after its deadlines, marking missing units."""
    member = require_role(action, Role.PERENCANAAN)
    period = require_open_period(action)
    open_now = queries.open_tasks(action.session, period_id=period.id)
    late = [t for t in open_now if t.unit_code]
    if not late:
        _close_late_recap(action, member, open_now)
        return
    waiting = [t for t in late if t.due_at > action.now]
    if waiting:
        raise Refusal(
            f"Masih ada unit yang belum melewati batas waktunya (paling akhir "
            f"{format_instant(max(t.due_at for t in waiting), action.core.tz)}). Coba lagi setelahnya."
        )
    missing = engine.mark_missing_units(action, period, member)
    names = sorted({unit_name(action.core, t.unit_code) for t in missing})
    action.reply("Unit yang ditandai tidak masuk: " + join_words([escape(n) for n in names], "dan") + ".")


def _close_late_recap(action: Action, member: Member, open_now: list[Task]) -> None:
    """A step that perencanaan may close in its actor's place (step 9), once past its deadline."""
    sop = action.core.sop
    closable = [t for t in open_now if Completion.TUTUP in behaviour(sop.step(t.step_no)).completed_by]
    if not closable:
        raise Refusal("Tidak ada unit yang tertunda; /tutup hanya untuk unit atau rekap yang melewati batas waktu.")
    task = closable[0]
    if task.due_at > action.now:
        raise Refusal(f"Rekap Badan masih dalam waktunya (batas {format_instant(task.due_at, action.core.tz)}).")
    engine.complete_task(
        action,
        task,
        member,
        "ditutup oleh Perencanaan setelah batas waktu",
        completion=Completion.TUTUP,
        confirm="Rekap Badan disusun atas nama Perencanaan karena melewati batas waktu.",
    )
