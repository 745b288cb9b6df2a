"""What each kind of reminder says: each reads differently, not only in its numbers."""

from __future__ import annotations

from html import escape

from bot.action import Action
from bot.kinds import ReminderKind, StepKind
from bot.lookups import period_of, unit_name
from bot.roles import SUPERIOR, actors_of, role_name
from bot.step_kinds import how_to
from bot.timefmt import format_instant, format_working_minutes
from bot.workdays import working_days_late
from storage.models import Nudge, Period, Task


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
    step = action.core.sop.step(task.step_no)
    period = period_of(action, task)
    if step.kind == StepKind.RAPAT and period.meeting_at is not None:
        return meeting_line(action, period)
    return how_to(step)


def meeting_line(action: Action, period: Period) -> str:
    """Once the meeting is scheduled, reminders speak of it (not of scheduling it)."""
    when = format_instant(period.meeting_at, action.core.tz)
    place = f" di {escape(period.meeting_place)}" if period.meeting_place else ""
    if period.meeting_at > action.now:
        return f"📅 Rapat dijadwalkan {when}{place}. Setelah rapat dimulai, tandai selesai dengan /selesai."
    return f"📅 Rapat sudah dimulai {when}{place}. Bila sudah selesai, tandai dengan /selesai."


def fraction_of(action: Action, task: Task, nudge: Nudge) -> tuple[int, int]:
    """(which 'before' fraction of the policy this nudge is, how many there are): rows keep only
    their instant, so it is found again from the plan (bot.reminders.plan_task)."""
    policy, calendar = action.core.sop.reminders, action.core.calendar
    minutes = action.core.sop.step(task.step_no).minutes
    planned = [calendar.add_minutes(task.opened_at, minutes * f) for f in policy.before]
    if not planned:
        return 0, 1
    gaps = [abs((when - nudge.due_at).total_seconds()) for when in planned]
    return gaps.index(min(gaps)), len(planned)


def before_text(action: Action, task: Task, nudge: Nudge) -> str:
    """The first reminder, any in between, and the last call: each says which it is."""
    left = format_working_minutes(action.core.calendar.minutes_between(action.now, task.due_at))
    index, count = fraction_of(action, task, nudge)
    share = round(action.core.sop.reminders.before[index] * 100) if action.core.sop.reminders.before else 0
    body = f"{_what(action, task)}\nBatas waktu: {_due(action, task)}\n{_how_to(action, task)}"
    if count > 1 and index == count - 1:
        told = action.core.sop.reminders.escalate and task.role in SUPERIOR
        return (
            f"🔔 <b>Panggilan terakhir sebelum batas waktu</b>: tinggal <b>{left}</b> (jam kerja)\n{body}"
            f"\nSelesaikan sebelum batas waktu{'; setelah itu atasan Anda diberi tahu' if told else ''}."
        )
    if index == 0:
        half = "separuh waktu" if share == 50 else f"{share}% waktu"
        return (
            f"⏳ <b>Pengingat pertama</b>: {half} untuk tugas Anda sudah berjalan; sisa <b>{left}</b> (jam kerja)\n"
            f"{body}"
        )
    return f"⏳ <b>Pengingat ke-{index + 1}</b>: {share}% waktu sudah berjalan; sisa <b>{left}</b> (jam kerja)\n{body}"


def deadline_text(action: Action, task: Task, nudge: Nudge) -> str:
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


def escalate_text(action: Action, task: Task, nudge: Nudge) -> str:
    """To the superior: who is late, on what, since when."""
    period = period_of(action, task)
    return (
        f"⚠️ <b>Terlambat: {_who(action, task)}</b>\n{_what(action, task)}\n"
        f"Periode: <b>{escape(period.label)}</b>\n"
        f"Terlambat sejak {_due(action, task)} ({_lateness(action, task)})\n"
        "Mohon dibantu agar tugas ini segera diselesaikan."
    )


def meeting_text(action: Action, task: Task, nudge: Nudge) -> str:
    """Every invitee, shortly before the meeting."""
    period = period_of(action, task)
    step = action.core.sop.step(task.step_no)
    minutes = max(0, round((period.meeting_at - action.now).total_seconds() / 60))
    soon = f"dimulai {minutes} menit lagi" if minutes else "dimulai sekarang"
    place = f"\nTempat: {escape(period.meeting_place)}" if period.meeting_place else ""
    return (
        f"📅 <b>Pengingat rapat: {soon}</b>\n{escape(step.title)}\n"
        f"Periode: <b>{escape(period.label)}</b>\nWaktu: {format_instant(period.meeting_at, action.core.tz)}{place}"
    )


def daily_text(action: Action, task: Task, nudge: Nudge) -> str:
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
    ReminderKind.MEETING: meeting_text,
}
