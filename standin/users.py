"""A simulated Telegram user in a private chat with the bot: sends, presses, reads replies."""

from __future__ import annotations

import asyncio
import itertools
import logging
import mimetypes
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from standin.tghtml import utf16_len

if TYPE_CHECKING:
    from standin.state import BotState

log = logging.getLogger(__name__)

# Telegram marks "/command" or "/command@botname" at the start of a text.
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
# Keys the stand-in adds to inbox messages; they are not part of Telegram's Message.
EXTRA_KEYS = ("document_bytes", "photo_bytes", "edited", "deleted", "delivered_seq", "force_reply")
_DELIVERED = itertools.count(1)  # one order across every chat, for transcripts

Matcher = str | Callable[[dict[str, Any]], bool]


def message_text(message: dict[str, Any]) -> str:
    return message.get("text") or message.get("caption") or ""


def as_telegram(message: dict[str, Any]) -> dict[str, Any]:
    """An inbox message without the stand-in's extras, as Telegram would show it."""
    return {k: v for k, v in message.items() if k not in EXTRA_KEYS}


class SimUser:
    """One person; their private chat with the bot has chat id == user id."""

    def __init__(
        self,
        world: BotState,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        self._world = world
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.inbox: list[dict[str, Any]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self._seen = 0  # inbox index from which wait_for looks
        self._last_message_id = 0
        self._arrived = asyncio.Event()

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.first_name!r})"

    @property
    def user_dict(self) -> dict[str, Any]:
        """This person as a Telegram User object."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    @property
    def chat_dict(self) -> dict[str, Any]:
        """The private chat as a Telegram Chat object."""
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key):
                chat[key] = getattr(self, key)
        return chat

    def next_message_id(self) -> int:
        """Message ids grow per chat, shared by both sides of the conversation."""
        self._last_message_id += 1
        return self._last_message_id

    # --- what the person does -------------------------------------------------------------

    async def send(self, text: str, reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        """Type ``text``; a leading /command gets its bot_command entity; ``reply_to``: a bot message
        this answers (as a reply to a ForceReply prompt). Returns the Message."""
        message = self._new_message(text=text)
        if reply_to is not None:
            message["reply_to_message"] = as_telegram(reply_to)
        command = _COMMAND.match(text)
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
        self._world.updates.push({"message": message})
        return message

    async def send_document(
        self,
        data: bytes,
        file_name: str = "document.bin",
        caption: str | None = None,
        mime_type: str | None = None,
        reported_size: int | None = None,
    ) -> dict[str, Any]:
        """Upload a file as a document; the bot can getFile and download it. ``reported_size``: the
        file_size Telegram states, for files too big to make (over the bot's 20 MB download limit)."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._world.files.add(data, "documents", file_name, mime)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime,
            "file_size": stored.size if reported_size is None else reported_size,
        }
        message = self._new_message(document=document)
        if caption:
            message["caption"] = caption
        self._world.updates.push({"message": message})
        return message

    async def press(self, button: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """Press the inline button whose text or callback_data is ``button``."""
        target = self._keyboard_message(message)
        rows = target.get("reply_markup", {}).get("inline_keyboard", [])
        buttons = [b for row in rows for b in row]
        found = next((b for b in buttons if button in (b.get("text"), b.get("callback_data"))), None)
        if found is None or "callback_data" not in found:
            offered = [(b.get("text"), b.get("callback_data")) for b in buttons]
            raise AssertionError(
                f"{self}: no callback button {button!r} in message {target['message_id']}; buttons: {offered}"
            )
        query = {
            "id": self._world.new_callback_id(self.id),
            "from": self.user_dict,
            "message": as_telegram(target),
            "chat_instance": f"-{self.id}",
            "data": found["callback_data"],
        }
        self._world.updates.push({"callback_query": query})
        return query

    def _keyboard_message(self, message: dict[str, Any] | None) -> dict[str, Any]:
        if message is not None:
            found = next((m for m in self.inbox if m["message_id"] == message["message_id"]), None)
            if found is None:
                raise AssertionError(f"{self}: message {message['message_id']} not in inbox")
            return found
        for candidate in reversed(self.inbox):
            if candidate.get("reply_markup", {}).get("inline_keyboard") and not candidate.get("deleted"):
                return candidate
        raise AssertionError(f"{self}: no bot message with an inline keyboard; inbox: {self.texts()[-5:]}")

    def _new_message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.next_message_id(),
            "from": self.user_dict,
            "chat": self.chat_dict,
            "date": int(time.time()),
            **content,
        }

    # --- what the bot sent ----------------------------------------------------------------

    def deliver(self, message: dict[str, Any]) -> None:
        """The stand-in puts a bot message here (the inbox dict is kept and updated on edits)."""
        message["delivered_seq"] = next(_DELIVERED)
        self.inbox.append(message)
        self._arrived.set()

    async def wait_for(self, match: Matcher, timeout: float = 10.0) -> dict[str, Any]:
        """The next unseen bot message whose text/caption contains ``match`` (any case) or
        for which ``match(message)`` is true; AssertionError after ``timeout`` seconds."""
        test = _matcher(match)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for index in range(self._seen, len(self.inbox)):
                if test(self.inbox[index]):
                    self._seen = index + 1
                    return self.inbox[index]
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"{self}: no message matching {match!r} within {timeout}s; recent inbox: {self.texts()[-8:]}"
                )
            self._arrived.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self._arrived.wait()
            except TimeoutError:
                pass

    def clear(self) -> None:
        """Mark everything received so far as seen, for wait_for."""
        self._seen = len(self.inbox)

    def texts(self) -> list[str]:
        """Text or caption of every message the bot sent here, oldest first."""
        return [message_text(m) for m in self.inbox]


def _matcher(match: Matcher) -> Callable[[dict[str, Any]], bool]:
    if callable(match):
        return match
    needle = match.casefold()
    return lambda message: needle in message_text(message).casefold()
