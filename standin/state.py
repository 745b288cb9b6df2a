"""What the fake Telegram remembers: the bot, the people, their chats, files and callbacks."""

from __future__ import annotations

import hashlib
import itertools
import logging
import mimetypes
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from standin.api import ApiError
from standin.updates import UpdateQueue

if TYPE_CHECKING:
    from standin.users import SimUser

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files (cloud Bot API limit)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes = field(repr=False)
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


class FileStore:
    """Every file either side uploaded, by file_id and by download path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)

    def add(self, data: bytes, folder: str, file_name: str | None = None, mime_type: str | None = None) -> StoredFile:
        """Store bytes; ``folder`` is "documents" or "photos" as in Telegram's file paths."""
        number = next(self._counter)
        digest = hashlib.sha256(data).hexdigest()
        suffix = _suffix(file_name, mime_type, folder)
        stored = StoredFile(
            file_id=f"BQACAgUAAx{number:06d}{digest[:24]}",
            file_unique_id=f"AgAD{digest[:12]}",
            data=data,
            file_path=f"{folder}/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile:
        try:
            return self._by_id[file_id]
        except KeyError:
            raise ApiError.bad_request("invalid file_id") from None

    def by_path(self, path: str) -> StoredFile | None:
        return self._by_path.get(path)


def _suffix(file_name: str | None, mime_type: str | None, folder: str) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    if folder == "photos":
        return ".jpg"
    return (mimetypes.guess_extension(mime_type) if mime_type else None) or ""


@dataclass
class CallbackRecord:
    user_id: int
    answered: bool = False


class BotState:
    """The world of one stand-in: shared by the HTTP side and the simulated users."""

    def __init__(self, token: str, bot_username: str, bot_name: str) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.users: dict[int, SimUser] = {}
        self.blocked: set[int] = set()
        self.files = FileStore()
        self.updates = UpdateQueue()
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[str, list[tuple[str, str]]] = {}
        self.descriptions: dict[str, str] = {}
        self._callback_ids = itertools.count(1)

    def bot_user(self) -> dict[str, Any]:
        """The bot as a User object ("from" of its messages)."""
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name, "username": self.bot_username}

    def chat(self, chat_id: Any) -> SimUser:
        """The private chat a send goes to; refusals as Telegram words them."""
        user = self.users.get(chat_id) if isinstance(chat_id, int) else None
        if user is None:
            raise ApiError.bad_request("chat not found")
        if user.id in self.blocked:
            raise ApiError.forbidden()
        return user

    def new_callback_id(self, user_id: int) -> str:
        callback_id = f"{self.bot_id}{next(self._callback_ids):010d}"
        self.callbacks[callback_id] = CallbackRecord(user_id)
        return callback_id
