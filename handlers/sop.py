"""The SOP steps in chat: /perintah, /selesai, /setujui, /kembalikan, /kirim, /rapat, /tutup."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import commands
from handlers.common import PRIVATE, command_args, run



async def perintah(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.perintah, args=command_args(update))


async def selesai(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.selesai, note=command_args(update) or None)


async def setujui(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.setujui, unit=command_args(update) or None)


async def kembalikan(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.kembalikan, args=command_args(update))


async def kirim(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.kirim, unit=command_args(update) or None)


async def rapat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.rapat, args=command_args(update))


async def tutup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, commands.tutup)


def register(app: Application) -> None:
    for name, callback in (("perintah", perintah), ("selesai", selesai), ("setujui", setujui),
                           ("kembalikan", kembalikan), ("kirim", kirim), ("rapat", rapat), ("tutup", tutup)):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))
