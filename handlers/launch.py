"""Starting the Telegram side: wait for Telegram (growing waits, logged), then poll or serve the webhook."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlparse

from telegram import Bot
from telegram.error import InvalidToken, NetworkError

from bot.config import Settings
from bot.core import Kinerja
from handlers.app import build_application

log = logging.getLogger(__name__)
FIRST_WAIT, LONGEST_WAIT = 1.0, 300.0  # seconds; doubling, so a long outage costs one try per 5 minutes


class TokenRefused(Exception):
    """Telegram answered and said the token is not a bot's."""


async def wait_for_telegram(settings: Settings, *, first_wait: float = FIRST_WAIT) -> str:
    """getMe until Telegram answers; under systemd an outage at boot is waited out, not a crash loop."""
    bot = Bot(
        settings.telegram_bot_token,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_api_file_url,
    )
    wait, attempt = first_wait, 1
    while True:
        try:
            async with bot:
                return bot.username
        except InvalidToken:
            raise TokenRefused from None
        except NetworkError as exc:  # TimedOut is one; Telegram's 5xx arrive as NetworkError too
            log.warning(
                "Telegram belum dapat dihubungi (%s: %s), percobaan ke-%d; dicoba lagi dalam %.0f detik",
                exc.__class__.__name__,
                exc,
                attempt,
                wait,
            )
            await asyncio.sleep(wait)
            wait, attempt = min(wait * 2, LONGEST_WAIT), attempt + 1


def run(settings: Settings) -> None:

    # One loop for the wait and for the Application (run_polling takes the current loop).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    username = loop.run_until_complete(wait_for_telegram(settings))
    log.info("Telegram menjawab: bot @%s", username)
    app = build_application(Kinerja(settings))
    if settings.webhook_url:
        app.run_webhook(
            listen="0.0.0.0",
            port=settings.webhook_port,
            secret_token=settings.webhook_secret,
            webhook_url=settings.webhook_url,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
        )
    else:
        app.run_polling()
