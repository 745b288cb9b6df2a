"""Inline buttons: each one is a shortcut for a typed command."""
from __future__ import annotations

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot import buttons
from handlers.common import run


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    try:
        await query.answer()  # stops the client's spinner; losing it harms nobody
    except TelegramError:
        pass
    await run(update, context, buttons.pressed, data=query.data or "")


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(pressed))
