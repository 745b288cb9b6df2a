"""Every typed command, through one handler that looks the command up in the one table (bot/catalog.py).

One handler, not one per command: python-telegram-bot asks each handler in turn whether an
update is its own, and the last of two dozen commands waited for every refusal before it.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.catalog import BY_NAME
from handlers.common import PRIVATE, command_args, run


def command_name(update: Update) -> str:
    """The command word without the slash and any @botname, as CommandHandler matched it."""
    message = update.effective_message
    return message.text[1 : message.entities[0].length].split("@", 1)[0].lower()


async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, BY_NAME[command_name(update)], text=command_args(update))


def register(app: Application) -> None:
    app.add_handler(CommandHandler(tuple(BY_NAME), typed, filters=PRIVATE))
