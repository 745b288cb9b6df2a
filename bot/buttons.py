"""What a pressed inline button does: the same as the command it stands for."""

from __future__ import annotations

from html import escape

from bot import commands, formats
from bot.action import Action
from bot.errors import Refusal
from bot.keyboard import Press, Verb
from bot.kinds import TaskStatus
from bot.lookups import unit_name
from bot.members import require_member
from storage import queries

EXPIRED = "Tombol ini sudah tidak berlaku. Ketik /tugas untuk tugas Anda saat ini."


def pressed(action: Action, *, data: str) -> None:
    press = Press.unpack(data)
    if press is None:
        raise Refusal(EXPIRED)
    if press.verb == Verb.FORMAT:
        formats.send_my_format(action)
    elif press.task_id is None:
        raise Refusal(EXPIRED)
    elif press.verb == Verb.SELESAI:
        commands.selesai(action, note=None, task_id=press.task_id)
    elif press.verb == Verb.SETUJUI:
        commands.setujui(action, unit=None, task_id=press.task_id)
    elif press.verb == Verb.KIRIM:
        commands.kirim(action, unit=None, task_id=press.task_id)
    elif press.verb == Verb.KEMBALIKAN:
        _explain_return(action, press.task_id)


def _explain_return(action: Action, task_id: int) -> None:
    require_member(action)
    task = queries.task_by_id(action.session, task_id=task_id)
    if task is None or task.status != TaskStatus.OPEN:
        raise Refusal("Data ini sudah tidak menunggu validasi. Lihat /tugas.")
    code = task.unit_code or ""
    action.reply(
        f"Tulis catatan perbaikan untuk <b>{escape(unit_name(action.core, code))}</b>:\n"
        f"<code>/kembalikan {code} catatan perbaikan</code>"
    )
