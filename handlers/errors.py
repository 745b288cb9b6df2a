"""The one error handler: log first, then a kind Indonesian message, never a traceback."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

log = logging.getLogger(__name__)
SORRY = (
    "Maaf, terjadi gangguan saat memproses pesan Anda. Data yang sudah tersimpan tetap aman. "
    "Silakan coba lagi sebentar lagi; bila berulang, hubungi operator."
)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("kesalahan saat menangani update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, SORRY)
        except TelegramError:
            log.warning("pesan maaf pun tidak terkirim")


def register(app: Application) -> None:
    app.add_error_handler(on_error)
