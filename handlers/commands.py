"""Every typed command, registered from the one table (bot/catalog.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.catalog import COMMANDS, Command
from handlers.common import PRIVATE, command_args, run


def _callback(command: Command):
    async def typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await run(update, context, command, text=command_args(update))

    typed.__name__ = f"command_{command.name}"
    return typed


def register(app: Application) -> None:
    for command in COMMANDS:
        app.add_handler(CommandHandler((command.name, *command.aliases), _callback(command), filters=PRIVATE))
