"""The queue of updates waiting for the bot, with Telegram's offset rules and redelivery."""

from __future__ import annotations

import asyncio
import copy
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    update: dict[str, Any]
    # A redelivered copy: its id is below the bot's offset, so the offset must not drop it
    # before the bot has seen it once.
    forced: bool = False
    handed_out: bool = False

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next(key for key in self.update if key != "update_id")


class UpdateQueue:
    """Pending updates in id order. Returning an update does not remove it: confirming does."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._entries: list[_Entry] = []
        self._history: dict[int, dict[str, Any]] = {}
        self._next_id = first_update_id
        self._signal: asyncio.Event | None = None
        self._allowed: set[str] | None = None
        self.delivered = 0

    @property
    def pending(self) -> int:
        return len(self._entries)

    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Queue a new update (``{"message": ...}`` etc.) under the next update_id."""
        update = {"update_id": self._next_id, **payload}
        self._next_id += 1
        self._history[update["update_id"]] = copy.deepcopy(update)
        self._entries.append(_Entry(update))
        self.wake()
        return update

    def redeliver(self, update_id: int) -> dict[str, Any]:
        """Queue an update already delivered once again, with the same update_id."""
        if update_id not in self._history:
            raise KeyError(f"no update with update_id {update_id}")
        update = copy.deepcopy(self._history[update_id])
        self._entries.append(_Entry(update, forced=True))
        self.wake()
        return update

    def history(self) -> list[dict[str, Any]]:
        """Every update ever pushed, oldest first."""
        return [copy.deepcopy(u) for u in self._history.values()]

    def confirm(self, offset: int) -> None:
        """Apply getUpdates' offset: forget confirmed updates (negative: keep the last -offset)."""
        if offset < 0:
            self._entries = self._entries[offset:]
            return
        self._entries = [
            e for e in self._entries if (e.forced and not e.handed_out) or (not e.forced and e.update_id >= offset)
        ]

    def set_allowed(self, kinds: list[str] | None) -> None:
        """allowed_updates: None keeps the previous choice, [] means every usual kind."""
        if kinds is not None:
            self._allowed = set(kinds) or None

    def take(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` pending updates in id order, counted as delivered on first hand-out."""
        if self._allowed is not None:  # Telegram never sends the kinds the bot opted out of
            self._entries = [e for e in self._entries if e.kind in self._allowed]
        chosen = sorted(self._entries, key=lambda e: e.update_id)[:limit]
        for entry in chosen:
            self._mark_handed_out(entry)
        return [copy.deepcopy(e.update) for e in chosen]

    def first(self) -> dict[str, Any] | None:
        """The oldest pending update (webhook delivery sends one at a time, in order)."""
        if not self._entries:
            return None
        return min(self._entries, key=lambda e: e.update_id).update

    def acknowledge(self, update: dict[str, Any]) -> None:
        """A webhook accepted ``update``: it is delivered and confirmed at once."""
        for entry in self._entries:
            if entry.update is update:
                self._mark_handed_out(entry)
                self._entries.remove(entry)
                return

    def drop_all(self) -> None:
        self._entries.clear()

    def _mark_handed_out(self, entry: _Entry) -> None:
        if not entry.handed_out:
            entry.handed_out = True
            self.delivered += 1

    def wake(self) -> None:
        """Wake every waiter: a new update came, a client went away, or the server stops."""
        if self._signal is not None:
            self._signal.set()
            self._signal = None

    async def wait(self, timeout: float) -> None:
        """Sleep until woken or ``timeout`` seconds pass."""
        if self._signal is None:
            self._signal = asyncio.Event()
        signal = self._signal
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that
        # arrives as the event fires, and a cancelled webhook task would then never end.
        try:
            async with asyncio.timeout(timeout):
                await signal.wait()
        except TimeoutError:
            pass
