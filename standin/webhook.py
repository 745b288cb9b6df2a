"""Webhook mode: POST each update to the bot's URL, in order, retrying until it is accepted."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import httpx

from standin.updates import UpdateQueue

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram backs off for minutes; tests cannot wait that long, so the stand-in retries fast.
_FIRST_RETRY = 0.1
_MAX_RETRY = 2.0


class WebhookSender:
    """Delivers the queue to one webhook URL until stopped."""

    def __init__(self, queue: UpdateQueue, url: str, secret_token: str | None, settings: dict[str, Any]) -> None:
        self.queue = queue
        self.url = url
        self.secret_token = secret_token
        self.settings = settings  # max_connections, allowed_updates... for getWebhookInfo
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"standin-webhook {self.url}")

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def info(self) -> dict[str, Any]:
        """The WebhookInfo object."""
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": self.queue.pending,
            "max_connections": int(self.settings.get("max_connections", 40)),
            "ip_address": "127.0.0.1",
        }
        if self.settings.get("allowed_updates") is not None:
            info["allowed_updates"] = self.settings["allowed_updates"]
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _run(self) -> None:
        headers = {SECRET_HEADER: self.secret_token} if self.secret_token else {}
        async with httpx.AsyncClient(timeout=10.0, headers=headers) as client:
            delay = _FIRST_RETRY
            while not self._stopping:
                update = self.queue.first()
                if update is None:
                    await self.queue.wait(1.0)
                    continue
                if await self._post(client, update):
                    self.queue.acknowledge(update)
                    delay = _FIRST_RETRY
                else:
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, _MAX_RETRY)

    async def _post(self, client: httpx.AsyncClient, update: dict[str, Any]) -> bool:
        try:
            response = await client.post(self.url, json=update)
        except httpx.HTTPError as exc:
            self._failed(f"Connection failed: {exc.__class__.__name__}")
            return False
        if 200 <= response.status_code < 300:
            return True
        self._failed(f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}")
        return False

    def _failed(self, message: str) -> None:
        log.info("webhook %s: %s (will retry)", self.url, message)
        self.last_error_date = int(time.time())
        self.last_error_message = message
