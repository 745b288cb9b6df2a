"""/start, /daftar, /undang, /anggota, /plt, /libur."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ChatMemberHandler, CommandHandler, ContextTypes

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


async def chat_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change.chat.type == "private":
        await run(update, context, members.chat_status_changed, blocked=change.new_chat_member.status == "kicked")


def register(app: Application) -> None:
    app.add_handler(ChatMemberHandler(chat_status, ChatMemberHandler.MY_CHAT_MEMBER))
    for name, callback in (("start", start), ("daftar", daftar), ("undang", undang), ("anggota", anggota),
                           ("plt", plt), ("libur", libur)):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))
