"""What is not a command: the bot blocked or opened again, commands typed in a group, and the
hint for any other text."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ChatMemberHandler, ContextTypes, MessageHandler, filters

from bot import catalog, members, views
from handlers.common import PRIVATE, run


async def chat_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change.chat.type == "private":  # a status update is not the person writing to us
        await run(
            update,
            context,
            members.chat_status_changed,
            contact=False,
            blocked=change.new_chat_member.status == "kicked",
        )


async def unknown(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, catalog.unknown_input, text=update.effective_message.text or "")


async def in_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, views.group_hint)


def register(app: Application) -> None:
    app.add_handler(ChatMemberHandler(chat_status, ChatMemberHandler.MY_CHAT_MEMBER))


def register_fallback(app: Application) -> None:
    """Last: any other text or command gets a hint instead of silence."""
    app.add_handler(MessageHandler(PRIVATE & (filters.TEXT | filters.COMMAND), unknown))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.COMMAND, in_group))
