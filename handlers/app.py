"""Builds the telegram Application: one place wires the core, the handlers and the background work."""

from __future__ import annotations

import asyncio
import logging
import os

from telegram import BotCommand, BotCommandScopeDefault
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

import handlers
from bot.catalog import menu_for
from bot.core import Kinerja
from handlers import alarms
from handlers.sending import OutboxSender

log = logging.getLogger(__name__)
# Opt in to python-telegram-bot's coming timedelta values (RetryAfter.retry_after, ...) now:
# reading them otherwise raises a deprecation warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "true")


def build_application(
    core: Kinerja, *, token: str | None = None, base_url: str | None = None, base_file_url: str | None = None
) -> Application:
    settings = core.settings
    app = (
        ApplicationBuilder()
        .token(token or settings.telegram_bot_token)
        .base_url(base_url or settings.telegram_api_base_url)
        .base_file_url(base_file_url or settings.telegram_api_file_url)
        .rate_limiter(AIORateLimiter(max_retries=0))  # the outbox does its own retrying
        # getUpdates has a pool of one connection: at shutdown PTB asks once more to confirm the
        # last updates while the cancelled long poll may still hold it; on a busy host the default
        # 1 s wait for it is not enough and the confirmation is skipped (updates then come twice).
        .get_updates_pool_timeout(10.0)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["core"] = core
    handlers.register(app)
    return app


async def _post_init(app: Application) -> None:
    core: Kinerja = app.bot_data["core"]
    await asyncio.to_thread(core.prepare)
    me = await app.bot.get_me()
    core.bot_username = me.username
    guest = [BotCommand(name, text) for name, text in menu_for(None)]
    await app.bot.set_my_commands(guest, scope=BotCommandScopeDefault())
    sender = OutboxSender(core, app.bot)
    sender.start()
    app.bot_data["outbox"] = sender
    await alarms.start(app, core)
    log.info("Kinerja Bot siap sebagai @%s", core.bot_username)


async def _post_shutdown(app: Application) -> None:
    await alarms.stop(app)
    sender: OutboxSender | None = app.bot_data.pop("outbox", None)
    if sender is not None:
        await sender.stop()
    core: Kinerja = app.bot_data["core"]
    core.dispose()
