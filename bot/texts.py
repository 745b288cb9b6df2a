"""User-facing sentences shared by several modules (Bahasa Indonesia, HTML-escaped)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import escape

from bot.lookups import unit_name
from bot.sop import Step
from bot.timefmt import format_instant, format_working_minutes
from storage.models import Period, Task

CAPTION_LIMIT = 1024  # Telegram's limit for a photo's or a file's caption, counted without the markup
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """The text without HTML (what Telegram shows of it)."""
    stripped = _TAG.sub("", text)
    return stripped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def fits_caption(text: str) -> bool:
    """Telegram counts UTF-16 code units of the text as shown."""
    return len(plain(text).encode("utf-16-le")) // 2 <= CAPTION_LIMIT


def deadline_line(core, task: Task, step: Step) -> str:
    return f"⏰ Batas waktu: <b>{format_instant(task.due_at, core.tz)}</b> ({format_working_minutes(step.minutes)})"


def task_opened(core, period: Period, step: Step, task: Task, note: str | None, how_to: str) -> str:
    total = len(core.sop.steps)
    lines = [
        f"📋 <b>Tugas baru — Langkah {step.no} dari {total}</b>",
        escape(step.title),
        f"Periode: <b>{escape(period.label)}</b>",
    ]
    if task.unit_code:
        lines[-1] += f" · Unit: <b>{escape(unit_name(core, task.unit_code))}</b>"
    if task.round > 1:
        returned_here = any(s.return_to == step.no for s in core.sop.steps)
        lines.append(f"Putaran ke-{task.round}" + (": data dikembalikan untuk diperbaiki" if returned_here else ""))
    if note:
        lines.append(f"📝 Catatan: <i>{escape(note)}</i>")
    lines += [f"Hasil: {escape(step.output)}", deadline_line(core, task, step), how_to]
    return "\n".join(lines)


def task_short(core, task: Task) -> str:
    step = core.sop.step(task.step_no)
    unit = f" · {unit_name(core, task.unit_code)}" if task.unit_code else ""
    return f"Langkah {step.no}{unit}: {step.title}"[:60]


def done_reply(core, task: Task) -> str:
    step = core.sop.step(task.step_no)
    return f"✅ Langkah {step.no} selesai: {escape(step.title)}. Terima kasih."


def collection_started(period: Period, note: str | None) -> str:
    extra = f"\nCatatan: <i>{escape(note)}</i>" if note else ""
    return (
        f"✅ Perintah pengumpulan data kinerja <b>{escape(period.label)}</b> tercatat dan diteruskan "
        f"kepada Sekretaris sebagai disposisi.{extra}\nPantau kemajuannya dengan /status."
    )


def meeting_invitation(core, period: Period, step: Step, when: datetime, place: str | None) -> str:
    where = f"\n📍 Tempat: {escape(place)}" if place else ""
    return (
        f"📅 <b>Undangan rapat</b>\n{escape(step.title)}\nPeriode: <b>{escape(period.label)}</b>\n"
        f"🕘 Waktu: <b>{format_instant(when, core.tz)}</b>{where}"
    )


def meeting_example(core, now: datetime) -> str:
    """`/rapat` on the next working day at 09:00, so the example is never in the past."""
    day = core.calendar.next_working_instant(now + timedelta(days=1)).astimezone(core.tz).date()
    return f"<code>/rapat {day.isoformat()} 09:00 Ruang Rapat BPKAD</code>"
