"""What each kind of reminder says: each reads differently, not only in its numbers."""

from __future__ import annotations

from html import escape

from bot.action import Action
from bot.kinds import ReminderKind
from bot.lookups import period_of, unit_name
from bot.roles import SUPERIOR, actors_of, role_name
from bot.step_kinds import how_to
from bot.timefmt import format_instant, format_working_minutes
from bot.workdays import working_days_late
from storage.models import Period, Task


def _what(action: Action, task: Task) -> str:
    step = action.core.sop.step(task.step_no)
    unit = f" · {escape(unit_name(action.core, task.unit_code))}" if task.unit_code else ""
    return f"<b>Langkah {step.no}</b>{unit}: {escape(step.title)}"


def _due(action: Action, task: Task) -> str:
    return format_instant(task.due_at, action.core.tz)


def _lateness(action: Action, task: Task) -> str:
    late = action.core.calendar.minutes_between(task.due_at, action.now)
    return "baru saja lewat" if late < 1 else f"terlambat {format_working_minutes(late)}"


def _who(action: Action, task: Task) -> str:
    names = [escape(m.full_name) for m in actors_of(action.session, task, on=action.today)]
    role = role_name(task.role)
    return f"{role} ({', '.join(names)})" if names else role


def _how_to(action: Action, task: Task) -> str:
    return how_to(action.core.sop.step(task.step_no))


def before_text(action: Action, task: Task) -> str:
    left = action.core.calendar.minutes_between(action.now, task.due_at)
    return (
        f"⏳ <b>Pengingat</b>: sisa waktu <b>{format_working_minutes(left)}</b> (jam kerja) untuk tugas Anda\n"
        f"{_what(action, task)}\nBatas waktu: {_due(action, task)}\n{_how_to(action, task)}"
    )


def deadline_text(action: Action, task: Task) -> str:
    late = action.core.calendar.minutes_between(task.due_at, action.now)
    head = (
        "⏰ <b>Batas waktu tugas Anda sekarang</b>"
        if late < 1
        else f"⏰ <b>Batas waktu tugas Anda sudah lewat</b> ({_lateness(action, task)})"
    )
    told = action.core.sop.reminders.escalate and task.role in SUPERIOR
    return (
        f"{head}\n{_what(action, task)}\nBatas waktu: {_due(action, task)}\nMohon segera diselesaikan"
        f"{'; atasan Anda diberi tahu bahwa tugas ini terlambat' if told else ''}.\n{_how_to(action, task)}"
    )


def escalate_text(action: Action, task: Task) -> str:
    period = period_of(action, task)
    return (
        f"⚠️ <b>Tugas terlambat — mohon dibantu</b>\n{_what(action, task)}\n"
        f"Periode: <b>{escape(period.label)}</b>\nPenanggung jawab: {_who(action, task)}\n"
        f"Batas waktu: {_due(action, task)} ({_lateness(action, task)})\n"
        "Mohon dibantu agar tugas ini segera diselesaikan. Kemajuan: /status"
    )


def daily_text(action: Action, task: Task) -> str:
    day = working_days_late(action.core.calendar, task.due_at, action.now)
    return (
        f"🔁 <b>Masih terlambat — hari kerja ke-{day}</b> setelah batas waktu\n{_what(action, task)}\n"
        f"Batas waktu: {_due(action, task)} ({_lateness(action, task)})\n{_how_to(action, task)}\n"
        "Bila ada kendala, sampaikan kepada atasan Anda."
    )


def digest_text(action: Action, period: Period, late: list[Task]) -> str:
    lines = [
        f"📋 <b>Ringkasan tugas terlambat — {escape(period.label)}</b>",
        f"{len(late)} tugas melewati batas waktu:",
    ]
    lines += [f"• {_what(action, t)}\n   {_who(action, t)} — {_lateness(action, t)}" for t in late]
    lines.append("Kemajuan: /status · Kepatuhan SOP: /kepatuhan")
    return "\n".join(lines)


MESSAGES = {
    ReminderKind.BEFORE: before_text,
    ReminderKind.DEADLINE: deadline_text,
    ReminderKind.ESCALATE: escalate_text,
    ReminderKind.DAILY: daily_text,
}
