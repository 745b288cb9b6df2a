"""Operator commands that change how the bot counts time: /libur."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.action import Action
from bot.errors import Refusal
from bot.kinds import Role
from bot.members import is_admin, require_role
from bot.timefmt import format_date
from storage import queries


def libur(action: Action, *, day: date, removing: bool) -> None:
    """Add or remove a collective leave day while running; deadlines opened later count it."""
    if not is_admin(action):
        require_role(action, Role.ADMIN)
    calendar = action.core.calendar
    if removing and not calendar.is_holiday(day):
        raise Refusal(f"{format_date(day)} bukan hari libur atau cuti bersama; tidak ada yang dihapus.")
    if not removing and calendar.is_holiday(day):
        name = calendar.holiday_name(day) or "hari libur"
        raise Refusal(f"{format_date(day)} sudah termasuk hari libur ({escape(name)}).")
    queries.set_holiday(action.session, day=day, removed=removing)
    (calendar.remove_holiday if removing else calendar.add_holiday)(day)
    action.event("libur_diubah", day=day, removed=removing)
    verb = "dihapus dari" if removing else "ditambahkan ke"
    action.reply(
        f"📅 {format_date(day)} {verb} daftar cuti bersama. Batas waktu tugas yang dibuka "
        "sesudah ini memperhitungkannya."
    )
