"""Telegram handlers: read the update, call the core with plain values. No business rule lives here."""
from telegram.ext import Application

from handlers import buttons, errors, files, members, sop, sopview, views


def register(app: Application) -> None:
    """Wire every handler, in order: commands, files, buttons, then the catch-all hint."""
    members.register(app)
    sop.register(app)
    sopview.register(app)
    views.register(app)
    files.register(app)
    buttons.register(app)
    views.register_fallback(app)
    errors.register(app)
