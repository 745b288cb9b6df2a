"""What every handler shares: who sent the update, and running a core call off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, filters

from bot.action import Sender
from bot.core import Kinerja


def core_of(context: ContextTypes.DEFAULT_TYPE) -> Kinerja:
    return context.application.bot_data["core"]


def sender_of(update: Update) -> Sender:
    user, chat = update.effective_user, update.effective_chat
    return Sender(
        telegram_user_id=user.id, chat_id=chat.id if chat else user.id, full_name=user.full_name, username=user.username
    )


def command_args(update: Update) -> str:
    """Everything after the command word, as typed (context.args would lose the spacing)."""
    text = update.effective_message.text or update.effective_message.caption or ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def run(
    update: Update, context: ContextTypes.DEFAULT_TYPE, fn: Callable[..., Any], *, contact: bool = True, **kwargs: Any
) -> Any:
    """Run one core action in a worker thread; it claims the update, so a repeat changes nothing.

    What the action committed to send is handed to the sender here, on the loop, in the same
    wake-up that ends the call (from the worker it would take a wake-up of its own)."""
    core = core_of(context)
    committed: list = []
    result = await asyncio.to_thread(
        core.act,
        sender_of(update),
        fn,
        update_id=update.update_id,
        contact=contact,
        hand_over=committed.extend,
        **kwargs,
    )
    if committed:
        sender = context.application.bot_data.get("outbox")
        (sender.hand_over if sender is not None else core.on_outbox)(committed)
    return result


# Private chats only, new messages only: an edited command is not a new command.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
