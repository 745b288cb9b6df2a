"""/start, /daftar, /undang, /anggota, /plt, /libur."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import admin, members, views
from handlers.common import PRIVATE, command_args, run



async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    code = command_args(update)
    if code:
        await run(update, context, members.register, code=code)
    else:
        await run(update, context, views.welcome)


async def daftar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, members.register_typed, code=command_args(update))


async def undang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, members.invite_typed, args=command_args(update))


async def anggota(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, members.list_members)


async def plt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, members.plt_typed, args=command_args(update))


async def libur(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, admin.libur, args=command_args(update))


def register(app: Application) -> None:
    for name, callback in (("start", start), ("daftar", daftar), ("undang", undang), ("anggota", anggota),
                           ("plt", plt), ("libur", libur)):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))
