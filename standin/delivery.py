"""How updates reach the bot: getUpdates long polling, or a webhook (set/delete/getWebhookInfo)."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from standin.api import ApiError, Call
from standin.messaging import Method
from standin.state import BotState
from standin.webhook import WebhookSender

log = logging.getLogger(__name__)

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)


class Delivery:
    """getUpdates, setWebhook, deleteWebhook, getWebhookInfo."""

    def __init__(self, world: BotState) -> None:
        self.world = world
        self.webhook: WebhookSender | None = None
        self.stopping = False

    def methods(self) -> dict[str, Method]:
        return {
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
        }

    async def get_updates(self, call: Call) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        p = call.params
        queue = self.world.updates
        if "offset" in p:
            queue.confirm(p["offset"])
        queue.set_allowed(p.get("allowed_updates"))
        limit = min(max(p.get("limit", 100), 1), 100)
        await self._long_poll(call, max(p.get("timeout", 0), 0))
        if call.is_closed() or self.stopping:
            return []  # nobody reads this answer: keep the updates for the next poll
        return queue.take(limit)

    async def _long_poll(self, call: Call, timeout: float) -> None:
        """Wait until an update is pending, the client leaves, the server stops or time is up."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        queue = self.world.updates
        while not queue.pending and not call.is_closed() and not self.stopping:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await queue.wait(remaining)

    async def set_webhook(self, call: Call) -> bool:
        p = call.params
        secret = p.get("secret_token")
        if secret is not None and not _SECRET.fullmatch(secret):
            raise ApiError.bad_request("secret token contains unallowed characters")
        await self._stop_webhook()
        if p.get("drop_pending_updates"):
            self.world.updates.drop_all()
        self.world.updates.set_allowed(p.get("allowed_updates"))
        url = p.get("url", "")
        if not url:  # an empty URL removes the webhook, as in Telegram
            return True
        settings = {k: p[k] for k in ("max_connections", "allowed_updates") if k in p}
        self.webhook = WebhookSender(self.world.updates, url, secret, settings)
        self.webhook.start()
        log.info("webhook set to %s", url)
        return True

    async def delete_webhook(self, call: Call) -> bool:
        await self._stop_webhook()
        if call.params.get("drop_pending_updates"):
            self.world.updates.drop_all()
        return True

    async def get_webhook_info(self, call: Call) -> dict[str, Any]:
        if self.webhook is not None:
            return self.webhook.info()
        return {"url": "", "has_custom_certificate": False, "pending_update_count": self.world.updates.pending}

    async def stop(self) -> None:
        """Release long polls and stop the webhook sender."""
        self.stopping = True
        self.world.updates.wake()
        await self._stop_webhook()

    async def _stop_webhook(self) -> None:
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
