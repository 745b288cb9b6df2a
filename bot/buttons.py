"""What a pressed inline button does: the same as the command it stands for."""

from __future__ import annotations

from html import escape

from bot import commands, formats, prompts, views
from bot.action import Action
from bot.errors import Refusal
from bot.keyboard import Press, Verb
from bot.kinds import TaskStatus
from bot.lookups import my_open_tasks, unit_name
from bot.members import require_member
from storage import queries

EXPIRED = "Tombol ini sudah tidak berlaku. Ketik /tugas untuk tugas Anda saat ini."


def pressed(action: Action, *, data: str) -> bool:
    """Run the press; True once it acted (the Telegram side then takes the keyboard away, so the
    same button cannot act twice). Buttons that only show something stay."""
    press = Press.unpack(data)
    if press is None:
        raise Refusal(EXPIRED)
    if press.verb == Verb.FORMAT:
        formats.send_my_format(action)
        return False
    if press.verb == Verb.STATUS:
        views.status(action, periode=None)
        return False
    if press.task_id is None:
        raise Refusal(EXPIRED)
    elif press.verb == Verb.SELESAI:
        commands.selesai(action, note=None, task_id=press.task_id)
    elif press.verb == Verb.SETUJUI:
        commands.setujui(action, unit=None, task_id=press.task_id)
    elif press.verb == Verb.KIRIM:
        commands.kirim(action, unit=None, task_id=press.task_id)
    elif press.verb == Verb.KEMBALIKAN:
        _ask_return_notes(action, press.task_id)
    elif press.verb == Verb.CATATAN:
        _ask_done_note(action, press.task_id)
    elif press.verb == Verb.RAPAT_YA:
        commands.confirm_meeting(action, proposal_id=press.task_id)
    return True


def _my_open_task(action: Action, task_id: int, gone: str):
    member = require_member(action)
    task = queries.task_by_id(action.session, task_id=task_id)
    if task is None or task.status != TaskStatus.OPEN or task not in my_open_tasks(action, member):
        raise Refusal(gone)
    return task


def _ask_return_notes(action: Action, task_id: int) -> None:
    task = _my_open_task(action, task_id, "Data ini sudah tidak menunggu validasi Anda. Lihat /tugas.")
    name = escape(unit_name(action.core, task.unit_code or ""))
    prompts.ask(
        action,
        Verb.KEMBALIKAN,
        task.id,
        f"↩️ Tulis catatan perbaikan untuk <b>{name}</b> sebagai balasan pesan ini; "
        "catatan itu dikirim kepada Jabatan Pelaksana dan datanya kembali ke langkah pengisian.",
        placeholder="Catatan perbaikan",
    )


def _ask_done_note(action: Action, task_id: int) -> None:
    task = _my_open_task(action, task_id, "Tugas itu sudah selesai atau bukan tugas Anda. Lihat /tugas.")
    prompts.ask(
        action,
        Verb.CATATAN,
        task.id,
        "📝 Tulis catatan Anda sebagai balasan pesan ini; tugas ditandai selesai dengan catatan itu.",
        placeholder="Catatan",
    )
