"""Inline buttons: each one is a shortcut for a typed command."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes

from bot import buttons
from handlers.common import core_of, run


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if await asyncio.to_thread(core_of(context).already_handled, update.update_id):
        return  # a press delivered twice: its query was answered the first time
    try:
        await query.answer()  # stops the client's spinner; losing it harms nobody
    except TelegramError:
        pass
    acted = await run(update, context, buttons.pressed, data=query.data or "")
    if acted and query.message is not None:
        await _take_keyboard_away(query)


async def _take_keyboard_away(query) -> None:
    """The press acted: its keyboard goes, so the same button cannot act twice. Best effort: the
    core refuses a second press anyway (the task is no longer open)."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except TelegramError:
        pass


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(pressed))
