"""What each kind of nudge says: each reads differently, not only in its numbers."""
from __future__ import annotations

from html import escape

from bot.core import Action
from bot.roles import SUPERIOR, actors_of, role_name
from bot.texts import HOW_TO, unit_name
from bot.timefmt import format_instant, format_working_minutes
from bot.workdays import working_days_late
from storage.models import Period, Task


def _today(action: Action):
    return action.now.astimezone(action.core.tz).date()


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
    names = [escape(m.full_name) for m in actors_of(action.session, task, on=_today(action))]
    role = role_name(task.role)
    return f"{role} ({', '.join(names)})" if names else role


def _how_to(action: Action, task: Task) -> str:
    return HOW_TO[action.core.sop.step(task.step_no).kind]


def before_text(action: Action, task: Task) -> str:
    left = action.core.calendar.minutes_between(action.now, task.due_at)
    return (f"⏳ <b>Pengingat</b>: sisa waktu <b>{format_working_minutes(left)}</b> (jam kerja) untuk tugas Anda\n"
            f"{_what(action, task)}\nBatas waktu: {_due(action, task)}\n{_how_to(action, task)}")


def deadline_text(action: Action, task: Task) -> str:
    late = action.core.calendar.minutes_between(task.due_at, action.now)
    head = "⏰ <b>Batas waktu tugas Anda sekarang</b>" if late < 1 else \
        f"⏰ <b>Batas waktu tugas Anda sudah lewat</b> ({_lateness(action, task)})"
    told = action.core.sop.reminders.escalate and task.role in SUPERIOR
    return (f"{head}\n{_what(action, task)}\nBatas waktu: {_due(action, task)}\nMohon segera diselesaikan"
            f"{'; atasan Anda diberi tahu bahwa tugas ini terlambat' if told else ''}.\n{_how_to(action, task)}")


def escalate_text(action: Action, task: Task) -> str:
    period = action.session.get(Period, task.period_id)
    return (f"⚠️ <b>Tugas terlambat — mohon dibantu</b>\n{_what(action, task)}\n"
            f"Periode: <b>{escape(period.label)}</b>\nPenanggung jawab: {_who(action, task)}\n"
            f"Batas waktu: {_due(action, task)} ({_lateness(action, task)})\n"
            "Mohon dibantu agar tugas ini segera diselesaikan. Kemajuan: /status")


def daily_text(action: Action, task: Task) -> str:
    day = working_days_late(action.core.calendar, task.due_at, action.now)
    return (f"🔁 <b>Masih terlambat — hari kerja ke-{day}</b> setelah batas waktu\n{_what(action, task)}\n"
            f"Batas waktu: {_due(action, task)} ({_lateness(action, task)})\n{_how_to(action, task)}\n"
            "Bila ada kendala, sampaikan kepada atasan Anda.")


def digest_text(action: Action, period: Period, late: list[Task]) -> str:
    lines = [f"📋 <b>Ringkasan tugas terlambat — {escape(period.label)}</b>",
             f"{len(late)} tugas melewati batas waktu:"]
    lines += [f"• {_what(action, t)}\n   {_who(action, t)} — {_lateness(action, t)}" for t in late]
    lines.append("Kemajuan: /status · Kepatuhan SOP: /kepatuhan")
    return "\n".join(lines)


MESSAGES = {"before": before_text, "deadline": deadline_text, "escalate": escalate_text, "daily": daily_text}
