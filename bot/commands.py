"""What each SOP command does (the core side of /perintah, /selesai, /setujui, ...)."""
from __future__ import annotations

from datetime import datetime
from html import escape

from bot import engine, steps, texts
from bot.core import Action, Button
from bot.errors import Refusal
from bot.members import require_member, require_role
from bot.periods import parse_period, PeriodeError
from bot.timefmt import format_instant
from storage import queries
from storage.models import Period, Task


def perintah(action: Action, *, args: str) -> None:
    """Kaban: `/perintah <periode> [catatan]` starts; sekretaris: `/perintah [catatan]` forwards."""
    member = require_role(action, "kaban", "sekretaris")
    forwarding = engine.my_tasks_of_kind(action, member, "teruskan")
    if forwarding:
        action.reply(texts.done_reply(action.core, forwarding[0]))
        engine.complete_task(action, forwarding[0], member, args.strip() or None)
        return
    if member.role != "kaban" and not _acting_kaban(action, member):
        raise Refusal("Belum ada perintah Kepala Badan yang perlu Anda teruskan. Lihat /tugas.")
    periode, note = _split_periode(args)
    engine.start_collection(action, member, periode, note)


def _acting_kaban(action: Action, member) -> bool:
    from bot.roles import has_role
    return has_role(action.session, member, "kaban", on=engine.today(action))


def _split_periode(args: str):
    words = args.split()
    if not words:
        raise Refusal("Sebutkan periodenya. Contoh: <code>/perintah Oktober 2026</code> atau "
                      "<code>/perintah TW III 2026 mohon tepat waktu</code>")
    for size in range(1, min(len(words), 5) + 1):  # the fewest leading words that spell a periode
        try:
            periode = parse_period(" ".join(words[:size]))
        except PeriodeError:
            continue
        return periode, " ".join(words[size:]) or None
    try:
        parse_period(args)
    except PeriodeError as exc:
        raise Refusal(escape(str(exc))) from None
    raise AssertionError("unreachable")


def selesai(action: Action, *, note: str | None, task_id: int | None = None) -> None:
    member = require_member(action)
    tasks = engine.my_open_tasks(action, member)
    if task_id is not None:
        tasks = [t for t in tasks if t.id == task_id]
        if not tasks:
            raise Refusal("Tugas itu sudah selesai atau bukan tugas Anda. Lihat /tugas.")
    if not tasks:
        raise Refusal("Anda tidak punya tugas terbuka saat ini. Lihat /status untuk kemajuan pengumpulan.")
    if len(tasks) > 1:
        action.reply("Anda punya beberapa tugas terbuka. Pilih yang sudah selesai:",
                     buttons=[[Button(texts.task_short(action.core, t), f"selesai:{t.id}")] for t in tasks])
        return
    complete_with_rules(action, member, tasks[0], note)


def complete_with_rules(action: Action, member, task: Task, note: str | None) -> None:
    """/selesai on one task: each kind of step has its own rule for when it may be completed."""
    step = action.core.sop.step(task.step_no)
    steps.check_can_complete(action, step, task)
    steps.before_complete(action, step, task)
    action.reply(texts.done_reply(action.core, task))
    engine.complete_task(action, task, member, note)


def setujui(action: Action, *, unit: str | None, task_id: int | None = None) -> None:
    _complete_unit_step(action, "validasi", unit, task_id, "✅ Data <b>{unit}</b> disetujui.")


def kembalikan(action: Action, *, args: str) -> None:
    member = require_member(action)
    words = args.split(maxsplit=1)
    unit = words[0].lower() if words and action.core.org.unit(words[0].lower()) else None
    note = (words[1] if unit and len(words) > 1 else ("" if unit else args)).strip()
    if not note:
        raise Refusal("Tuliskan catatan perbaikannya. Contoh: <code>/kembalikan anggaran Realisasi "
                      "indikator 2 belum sesuai SP2D</code> (nama unit boleh dilewati bila hanya satu).")
    task = _pick_unit_task(action, member, "validasi", unit, None, "kembalikan")
    if task is None:
        return
    action.reply(f"↩️ Data <b>{escape(_unit_name(action, task))}</b> dikembalikan kepada Jabatan Pelaksana "
                 "dengan catatan Anda.")
    engine.return_unit(action, task, member, note)


def kirim(action: Action, *, unit: str | None = None, task_id: int | None = None) -> None:
    _complete_unit_step(action, "kirim", unit, task_id,
                        "📨 Data <b>{unit}</b> terkirim kepada Perencanaan. Terima kasih.")


def _complete_unit_step(action: Action, kind: str, unit: str | None, task_id: int | None, done: str) -> None:
    """/setujui and /kirim: complete my open task of that kind, asking which unit when several."""
    member = require_member(action)
    verb = "setujui" if kind == "validasi" else kind
    task = _pick_unit_task(action, member, kind, unit, task_id, verb)
    if task is None:
        return
    action.reply(done.format(unit=escape(_unit_name(action, task))))
    engine.complete_task(action, task, member, None)


def _pick_unit_task(action: Action, member, kind: str, unit: str | None, task_id: int | None, verb: str):
    tasks = engine.my_tasks_of_kind(action, member, kind)
    if task_id is not None:
        tasks = [t for t in tasks if t.id == task_id]
    if unit:
        tasks = [t for t in tasks if t.unit_code == unit.lower()]
    if not tasks:
        raise Refusal(texts.nothing_to(action, member, kind))
    if len(tasks) > 1:
        action.reply("Pilih unitnya:", buttons=[[Button(_unit_name(action, t), f"{verb}:{t.id}")] for t in tasks])
        return None
    return tasks[0]


def _unit_name(action: Action, task: Task) -> str:
    unit = action.core.org.unit(task.unit_code or "")
    return unit.name if unit else (task.unit_code or "")


MEETING_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H.%M", "%d/%m/%Y %H.%M", "%d/%m/%Y %H:%M",
                   "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M")
def parse_meeting(action: Action, args: str) -> tuple[datetime, str | None]:
    """`<YYYY-MM-DD HH:MM> [tempat]` (also `DD/MM/YYYY HH.MM`), in TIMEZONE."""
    example = "Contoh: " + texts.meeting_example(action.core, action.now) + " (atau 30/11/2026 09.00)"
    words = args.split()
    if len(words) < 2:
        raise Refusal("Tulis tanggal dan jam rapat. " + example)
    for fmt in MEETING_FORMATS:
        try:
            local = datetime.strptime(f"{words[0]} {words[1]}", fmt)
        except ValueError:
            continue
        return local.replace(tzinfo=action.core.tz), " ".join(words[2:]) or None
    raise Refusal(f"Waktu '{escape(' '.join(words[:2]))}' tidak dikenali. " + example)


def rapat(action: Action, *, args: str) -> None:
    when, place = parse_meeting(action, args)
    member = require_role(action, "perencanaan")
    tasks = engine.my_tasks_of_kind(action, member, "rapat")
    if not tasks:
        raise Refusal("Rapat pembahasan format dijadwalkan saat langkah rapat terbuka. Lihat /status.")
    if when <= action.now:
        raise Refusal("Waktu rapat sudah lewat. Tulis waktu yang akan datang, contoh: "
                      + texts.meeting_example(action.core, action.now))
    period = action.session.get(Period, tasks[0].period_id)
    period.meeting_at, period.meeting_place = when, place
    action.event("rapat_dijadwalkan", period_id=period.id, task_id=tasks[0].id, meeting_at=when.isoformat(), place=place)
    step = action.core.sop.step(tasks[0].step_no)
    invitation = texts.meeting_invitation(action.core, period, step, when, place)
    for invitee in steps.meeting_invitees(action, step):
        action.tell(invitee, invitation)
    action.reply(f"📅 Rapat dijadwalkan {format_instant(when, action.core.tz)}"
                 f"{' di ' + escape(place) if place else ''}. Undangan sudah dikirim. Setelah rapat "
                 "dimulai, tandai selesai dengan /selesai.")


def tutup(action: Action) -> None:
    """Perencanaan closes the per-unit phase after its deadlines, marking missing units."""
    member = require_role(action, "perencanaan")
    period = engine.require_open_period(action)
    open_now = queries.open_tasks(action.session, period_id=period.id)
    late = [t for t in open_now if t.unit_code]
    if not late:
        _close_late_recap(action, member, open_now)
        return
    waiting = [t for t in late if t.due_at > action.now]
    if waiting:
        raise Refusal(f"Masih ada unit yang belum melewati batas waktunya (paling akhir "
                      f"{format_instant(max(t.due_at for t in waiting), action.core.tz)}). Coba lagi setelahnya.")
    missing = engine.mark_missing_units(action, period, member)
    names = sorted({_unit_name(action, t) for t in missing})
    action.reply("Unit yang ditandai tidak masuk: " + ", ".join(escape(n) for n in names) + ".")


def _close_late_recap(action: Action, member, open_now: list[Task]) -> None:
    """Step 9 past its deadline: perencanaan compiles the recap in the pelaksana's place."""
    recap = [t for t in open_now if action.core.sop.step(t.step_no).kind == "rekap_badan"]
    if not recap:
        raise Refusal("Tidak ada unit yang tertunda; /tutup hanya untuk unit atau rekap yang melewati batas waktu.")
    if recap[0].due_at > action.now:
        raise Refusal(f"Rekap Badan masih dalam waktunya (batas {format_instant(recap[0].due_at, action.core.tz)}).")
    step = action.core.sop.step(recap[0].step_no)
    steps.before_complete(action, step, recap[0])
    action.reply("Rekap Badan disusun atas nama Perencanaan karena melewati batas waktu.")
    engine.complete_task(action, recap[0], member, "ditutup oleh Perencanaan setelah batas waktu")
