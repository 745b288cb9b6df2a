"""Fires planned nudges (placeholder wiring; the scheduler lands with the reminders work)."""
from __future__ import annotations

from telegram.ext import Application

from bot.core import Kinerja


async def start(app: Application, core: Kinerja) -> None:
    return None


async def stop(app: Application) -> None:
    return None
