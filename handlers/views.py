"""/tugas, /status, /riwayat, /bantuan, /kepatuhan, and the answer to anything else typed."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import compliance, views
from handlers.common import PRIVATE, command_args, run



async def tugas(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.tugas)


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.status, args=command_args(update))


async def riwayat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.riwayat)


async def bantuan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.bantuan)


async def kepatuhan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, compliance.kepatuhan, args=command_args(update))


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.unknown_input, text=update.effective_message.text or "")


def register(app: Application) -> None:
    for name, callback in (("tugas", tugas), ("status", status), ("riwayat", riwayat), ("bantuan", bantuan),
                           ("help", bantuan), ("kepatuhan", kepatuhan)):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))


async def in_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.group_hint)


def register_fallback(app: Application) -> None:
    """Last: any other text or command gets a hint instead of silence."""
    app.add_handler(MessageHandler(PRIVATE & (filters.TEXT | filters.COMMAND), unknown))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.COMMAND,
                                   in_group))
