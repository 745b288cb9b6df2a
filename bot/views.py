"""Read-only answers: /tugas, /status, /riwayat, and the hint for a command typed in a group."""

from __future__ import annotations

from html import escape

from bot.action import Action
from bot.kinds import PeriodStatus, TaskStatus
from bot.lookups import my_open_tasks, overdue, pick_period, unit_name
from bot.members import require_member
from bot.periods import Periode
from bot.sopview import send_progress_picture
from bot.step_kinds import how_to
from bot.timefmt import format_instant, format_working_minutes
from storage import queries
from storage.models import Task

STATUS_ICON = {TaskStatus.DONE: "✅", TaskStatus.RETURNED: "↩️", TaskStatus.MISSING: "❌"}


def time_left(action: Action, task: Task) -> str:
    """Working time left, or how late: late means the deadline has come (as lookups.overdue says)."""
    calendar = action.core.calendar
    if task.due_at > action.now:
        return f"sisa {format_working_minutes(calendar.minutes_between(action.now, task.due_at))}"
    late = calendar.minutes_between(task.due_at, action.now)
    # After 16:00 a task due at 16:00 is late by 0 working minutes: say it is late, not "0 menit".
    return f"⚠️ <b>terlambat {format_working_minutes(late)}</b>" if late >= 1 else "⚠️ <b>batas waktu sudah lewat</b>"


def tugas(action: Action) -> None:
    member = require_member(action)
    tasks = my_open_tasks(action, member)
    if not tasks:
        action.reply("Tidak ada tugas terbuka untuk Anda saat ini. 👍\nKemajuan pengumpulan: /status")
        return
    lines = [f"<b>Tugas Anda ({len(tasks)})</b>"]
    for task in tasks:
        step = action.core.sop.step(task.step_no)
        unit = f" · {escape(unit_name(action.core, task.unit_code))}" if task.unit_code else ""
        lines += [
            f"\n<b>Langkah {step.no}</b>{unit}: {escape(step.title)}",
            f"⏰ {format_instant(task.due_at, action.core.tz)} — {time_left(action, task)}",
            how_to(step),
        ]
    action.reply("\n".join(lines))


def status(action: Action, *, periode: Periode | None = None) -> None:
    require_member(action)
    period = pick_period(action, periode)
    tasks = queries.tasks_of_period(action.connection, period_id=period.id)
    state = (
        "berjalan"
        if period.status == PeriodStatus.OPEN
        else f"selesai {format_instant(period.closed_at, action.core.tz)}"
    )
    lines = [f"📊 <b>Status {escape(period.label)}</b> ({state})"]
    for step in action.core.sop.steps:
        step_tasks = [t for t in tasks if t.step_no == step.no]
        if step.per_unit:
            lines.append(f"\n<b>{step.no}.</b> {escape(step.title)}" + ("" if step_tasks else " — belum dimulai"))
            lines += [_unit_line(action, t) for t in _latest_per_unit(step_tasks)]
        else:
            lines.append(_step_line(action, step, step_tasks[-1] if step_tasks else None))
    # The picture goes first, so the text (what most people read on a phone) lands under it.
    send_progress_picture(action, period, tasks, "\n".join(lines))


def _latest_per_unit(tasks: list[Task]) -> list[Task]:
    latest: dict[str, Task] = {}
    for task in tasks:
        latest[task.unit_code] = task
    return list(latest.values())


def _step_line(action: Action, step, task: Task | None) -> str:
    head = f"<b>{step.no}.</b> {escape(step.title)}"
    if task is None:
        return f"{head} — belum dimulai"
    return f"{head} — {_task_state(action, task)}"


def _unit_line(action: Action, task: Task) -> str:
    return f"   • {escape(unit_name(action.core, task.unit_code))}: {_task_state(action, task)}"


def _task_state(action: Action, task: Task) -> str:
    if task.status == TaskStatus.OPEN:
        return time_left(action, task) if overdue(task, action.now) else f"⏳ {time_left(action, task)}"
    icon = STATUS_ICON.get(task.status, "")
    when = format_instant(task.done_at, action.core.tz) if task.done_at else ""
    return f"{icon} {when}"


def riwayat(action: Action) -> None:
    require_member(action)
    periods = queries.periods(action.session)
    if not periods:
        action.reply("Belum ada periode pengumpulan data.")
        return
    lines = ["<b>Riwayat pengumpulan data</b>"]
    for period in periods:
        state = (
            "berjalan"
            if period.status == PeriodStatus.OPEN
            else f"selesai {format_instant(period.closed_at, action.core.tz)}"
        )
        lines.append(
            f"• <b>{escape(period.label)}</b> (<code>{period.code}</code>): dibuka "
            f"{format_instant(period.opened_at, action.core.tz)}, {state}"
        )
    lines.append("\nRekap: <code>/rekap 2026-10</code> · Kepatuhan: <code>/kepatuhan 2026-10</code>")
    action.reply("\n".join(lines))


def group_hint(action: Action) -> None:
    """A command typed in a group: the bot works in private chats, where tasks are personal."""
    action.reply(
        f"Kinerja Bot melayani lewat chat pribadi, agar tugas dan berkas tiap pejabat tidak "
        f"tercampur. Buka https://t.me/{action.core.bot_username} lalu ketik /start."
    )
