"""What a pressed inline button does: the same as the command it stands for."""
from __future__ import annotations

from html import escape

from bot import commands
from bot.core import Action
from bot.errors import Refusal
from bot.members import require_member
from bot.texts import unit_name
from storage import queries


def pressed(action: Action, *, data: str) -> None:
    verb, _, raw_id = data.partition(":")
    task_id = int(raw_id) if raw_id.isdigit() else None
    if verb == "selesai" and task_id:
        commands.selesai(action, note=None, task_id=task_id)
    elif verb == "setujui" and task_id:
        commands.setujui(action, unit=None, task_id=task_id)
    elif verb == "kirim" and task_id:
        commands.kirim(action, unit=None, task_id=task_id)
    elif verb == "kembalikan" and task_id:
        _explain_return(action, task_id)
    elif verb == "format":
        from bot import paperwork
        paperwork.send_my_format(action)
    else:
        raise Refusal("Tombol ini sudah tidak berlaku. Ketik /tugas untuk tugas Anda saat ini.")


def _explain_return(action: Action, task_id: int) -> None:
    require_member(action)
    task = queries.task_by_id(action.session, task_id=task_id)
    if task is None or task.status != "open":
        raise Refusal("Data ini sudah tidak menunggu validasi. Lihat /tugas.")
    code = task.unit_code or ""
    action.reply(f"Tulis catatan perbaikan untuk <b>{escape(unit_name(action.core, code))}</b>:\n"
                 f"<code>/kembalikan {code} catatan perbaikan</code>")
