"""Bot API methods that put something in a chat: send, edit, delete, answer, chat actions."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from standin.api import ApiError, Call, UploadedFile
from standin.media import image_size
from standin.state import BotState, StoredFile
from standin.tghtml import HtmlError, parse_html, strip_text, utf16_len
from standin.users import SimUser, as_telegram

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)

Method = Callable[[Call], Awaitable[Any]]


def format_text(
    raw: str, parse_mode: str | None, entities: list[dict[str, Any]] | None, limit: int, what: str
) -> tuple[str, list[dict[str, Any]]]:
    """Text and entities as Telegram stores them; ``what`` is "text" or "caption"."""
    if parse_mode and parse_mode.lower() == "html":
        try:
            text, found = parse_html(raw)
        except HtmlError as exc:
            raise ApiError.bad_request(f"can't parse entities: {exc}") from None
    elif parse_mode and parse_mode.lower() in ("markdown", "markdownv2"):
        log.warning("parse_mode %s is not checked by the stand-in", parse_mode)
        text, found = raw, []
    elif parse_mode:
        raise ApiError.bad_request("unsupported parse_mode")
    else:
        text, found = raw, list(entities or [])
    text, found = strip_text(text, found)
    if what == "text" and not text:
        raise ApiError.bad_request("message text is empty")
    if utf16_len(text) > limit:
        raise ApiError.bad_request("message is too long" if what == "text" else "message caption is too long")
    return text, found


def inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The inline keyboard a message will carry (other keyboards are not part of Message)."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError.bad_request("BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError.bad_request("text buttons are unallowed in the inline keyboard")
    return markup


class Messaging:
    """sendMessage, sendDocument, sendPhoto, editMessage*, deleteMessage, answerCallbackQuery."""

    def __init__(self, world: BotState) -> None:
        self.world = world

    def methods(self) -> dict[str, Method]:
        return {
            "sendMessage": self.send_message,
            "sendDocument": self.send_document,
            "sendPhoto": self.send_photo,
            "editMessageText": self.edit_message_text,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "sendChatAction": self.send_chat_action,
            "answerCallbackQuery": self.answer_callback_query,
        }

    async def send_message(self, call: Call) -> dict[str, Any]:
        p = call.params
        chat = self.world.chat(p["chat_id"])
        text, entities = format_text(p["text"], p.get("parse_mode"), p.get("entities"), MAX_TEXT, "text")
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._post(chat, content, p)

    async def send_document(self, call: Call) -> dict[str, Any]:
        p = call.params
        chat = self.world.chat(p["chat_id"])
        stored = self._file(p["document"], "documents")
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": stored.size}
        document |= {k: v for k, v in (("file_name", stored.file_name), ("mime_type", stored.mime_type)) if v}
        content = {"document": document, **self._caption(p)}
        return self._post(chat, content, p, {"document_bytes": stored.data})

    async def send_photo(self, call: Call) -> dict[str, Any]:
        p = call.params
        chat = self.world.chat(p["chat_id"])
        stored = self._file(p["photo"], "photos")
        size = image_size(stored.data)
        if size is None:
            raise ApiError.bad_request("IMAGE_PROCESS_FAILED")
        photo = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": size[0],
                "height": size[1],
                "file_size": stored.size,
            }
        ]
        content = {"photo": photo, **self._caption(p)}
        return self._post(chat, content, p, {"photo_bytes": stored.data})

    async def edit_message_text(self, call: Call) -> dict[str, Any]:
        p = call.params
        message = self._editable(p)
        if "text" not in message:
            raise ApiError.bad_request("there is no text in the message to edit")
        text, entities = format_text(p["text"], p.get("parse_mode"), p.get("entities"), MAX_TEXT, "text")
        changes: dict[str, Any] = {"text": text, "entities": entities or None, "reply_markup": inline_markup(p)}
        return self._edit(message, changes)

    async def edit_message_reply_markup(self, call: Call) -> dict[str, Any]:
        message = self._editable(call.params)
        return self._edit(message, {"reply_markup": inline_markup(call.params)})

    async def delete_message(self, call: Call) -> bool:
        p = call.params
        chat = self.world.chat(p["chat_id"])
        for message in chat.inbox:
            if message["message_id"] == p["message_id"] and not message.get("deleted"):
                message["deleted"] = True
                return True
        raise ApiError.bad_request("message to delete not found")

    async def send_chat_action(self, call: Call) -> bool:
        self.world.chat(call.params["chat_id"])
        if call.params["action"] not in CHAT_ACTIONS:
            raise ApiError.bad_request("wrong parameter action in request")
        return True

    async def answer_callback_query(self, call: Call) -> bool:
        p = call.params
        record = self.world.callbacks.get(p["callback_query_id"])
        if record is None or record.answered:
            raise ApiError.bad_request("query is too old and response timeout expired or query ID is invalid")
        record.answered = True
        answer = {k: p[k] for k in ("callback_query_id", "text", "show_alert", "url") if k in p}
        self.world.users[record.user_id].callback_answers.append(answer)
        return True

    # --- helpers ---------------------------------------------------------------------------

    def _post(
        self, chat: SimUser, content: dict[str, Any], params: dict[str, Any], extras: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Create the bot's message in ``chat``; the inbox keeps a copy plus the extras."""
        message = {
            "message_id": chat.next_message_id(),
            "from": self.world.bot_user(),
            "chat": chat.chat_dict,
            "date": int(time.time()),
            **content,
        }
        markup = inline_markup(params)
        if markup:
            message["reply_markup"] = markup
        prompt = params.get("reply_markup")
        if isinstance(prompt, dict) and prompt.get("force_reply"):  # not part of Message; the inbox keeps it
            extras = {**(extras or {}), "force_reply": prompt}
        chat.deliver({**copy.deepcopy(message), **(extras or {})})
        return message

    def _caption(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("caption"):
            return {}
        text, entities = format_text(
            params["caption"], params.get("parse_mode"), params.get("caption_entities"), MAX_CAPTION, "caption"
        )
        content: dict[str, Any] = {"caption": text} if text else {}
        if entities:
            content["caption_entities"] = entities
        return content

    def _file(self, value: UploadedFile | str, folder: str) -> StoredFile:
        if isinstance(value, UploadedFile):
            return self.world.files.add(value.body, folder, value.filename or None, value.content_type or None)
        if value.startswith(("http://", "https://")):
            raise ApiError.bad_request("the stand-in cannot fetch files by URL; upload them")
        try:
            return self.world.files.get(value)
        except ApiError:
            raise ApiError.bad_request("wrong file identifier/HTTP URL specified") from None

    def _editable(self, params: dict[str, Any]) -> dict[str, Any]:
        if "inline_message_id" in params:
            raise ApiError.bad_request("the stand-in does not support inline messages")
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError.bad_request("message identifier is not specified")
        chat = self.world.chat(params["chat_id"])
        for message in chat.inbox:
            if message["message_id"] == params["message_id"] and not message.get("deleted"):
                return message
        raise ApiError.bad_request("message to edit not found")

    def _edit(self, message: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """Apply an edit in place, keeping the previous version in message["edited"]."""
        if all(message.get(key) == value for key, value in changes.items()):
            raise ApiError.bad_request(NOT_MODIFIED)
        previous = copy.deepcopy(as_telegram(message))
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        message.setdefault("edited", []).append(previous)
        return copy.deepcopy(as_telegram(message))
