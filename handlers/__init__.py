"""The Telegram side: read the update, call the core with plain values. No business rule lives here."""

from telegram.ext import Application

from handlers import buttons, chats, commands, errors, files


def register(app: Application) -> None:
    """Wire every handler, in order: chat status, commands, files, buttons, then the catch-all hint."""
    chats.register(app)
    commands.register(app)
    files.register(app)
    buttons.register(app)
    chats.register_fallback(app)
    errors.register(app)
