"""Spreadsheets in chat: uploads, /format, /rekap, and the indicator master (/indikator)."""
from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import master_file, paperwork, recaps
from handlers.common import PRIVATE, command_args, run

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    doc = update.effective_message.document
    caption = (update.effective_message.caption or "").strip()
    meta = dict(file_name=doc.file_name or "berkas", size=doc.file_size or 0, caption=caption)
    data = await _download(context, doc) if (doc.file_size or 0) <= TELEGRAM_DOWNLOAD_LIMIT else None
    await run(update, context, paperwork.receive_document, data=data, **meta)


async def _download(context: ContextTypes.DEFAULT_TYPE, doc) -> bytes | None:
    try:
        telegram_file = await context.bot.get_file(doc.file_id)
    except BadRequest as exc:
        if "too big" in str(exc).lower():
            return None
        raise
    return bytes(await telegram_file.download_as_bytearray())


async def format_(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, paperwork.send_my_format)


async def rekap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, recaps.send_recap, args=command_args(update))


async def indikator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed without a file (a file with caption /indikator is a document, handled above)."""
    await run(update, context, master_file.send_master)


async def other_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await run(update, context, paperwork.not_a_document)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("format", format_, filters=PRIVATE))
    app.add_handler(CommandHandler("rekap", rekap, filters=PRIVATE))
    app.add_handler(CommandHandler("indikator", indikator, filters=PRIVATE))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL, document))
    # Photos, stickers, voice notes...: anything that is neither text nor a file gets a hint.
    app.add_handler(MessageHandler(PRIVATE & ~filters.TEXT & ~filters.COMMAND & ~filters.Document.ALL,
                                   other_media))
