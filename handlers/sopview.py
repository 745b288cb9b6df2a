"""/sop and /monitoring: the SOP as a flowchart, and its monitoring form."""
from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import sopview
from handlers.common import PRIVATE, command_args, run


async def sop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, sopview.sop)


async def monitoring(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, sopview.monitoring, args=command_args(update))


def register(app: Application) -> None:
    for name, callback in (("sop", sop), ("monitoring", monitoring)):
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))
