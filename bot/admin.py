"""Operator commands that change how the bot counts time: /libur."""
from __future__ import annotations

from datetime import date
from html import escape

from bot.core import Action
from bot.errors import Refusal
from bot.members import is_admin, require_role
from bot.timefmt import format_date
from storage.models import Holiday

LIBUR_EXAMPLE = "Contoh: <code>/libur tambah 2026-12-24</code> atau <code>/libur hapus 2026-12-24</code>"


def libur(action: Action, *, args: str) -> None:
    """Add or remove a collective leave day while running; deadlines opened later count it."""
    if not is_admin(action):
        require_role(action, "admin")
    words = args.lower().split()
    if len(words) != 2 or words[0] not in ("tambah", "hapus"):
        raise Refusal("Format: /libur tambah|hapus TTTT-BB-HH. " + LIBUR_EXAMPLE)
    try:
        day = date.fromisoformat(words[1])
    except ValueError:
        raise Refusal(f"Tanggal '{escape(words[1])}' tidak sah. " + LIBUR_EXAMPLE) from None
    removing = words[0] == "hapus"
    calendar = action.core.calendar
    if removing and not calendar.is_holiday(day):
        raise Refusal(f"{format_date(day)} bukan hari libur atau cuti bersama; tidak ada yang dihapus.")
    if not removing and calendar.is_holiday(day):
        name = calendar.holiday_name(day) or "hari libur"
        raise Refusal(f"{format_date(day)} sudah termasuk hari libur ({escape(name)}).")
    row = action.session.get(Holiday, day) or Holiday(day=day)
    row.removed = removing
    action.session.add(row)
    (calendar.remove_holiday if removing else calendar.add_holiday)(day)
    action.event("libur_diubah", day=day, removed=removing)
    verb = "dihapus dari" if removing else "ditambahkan ke"
    action.reply(f"📅 {format_date(day)} {verb} daftar cuti bersama. Batas waktu tugas yang dibuka "
                 "sesudah ini memperhitungkannya.")
