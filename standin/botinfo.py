"""Bot API methods about the bot itself: getMe, command menus, descriptions, getFile."""

from __future__ import annotations

import logging
import re
from typing import Any

from standin.api import ApiError, Call
from standin.messaging import Method
from standin.state import MAX_DOWNLOAD, BotState

log = logging.getLogger(__name__)

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SCOPE_KINDS = {
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
}
MAX_COMMANDS = 100


def scope_key(scope: dict[str, Any] | None, language_code: str | None = None) -> str:
    """Key of standin.commands: "default", "chat:1001", "chat_member:-5:1001", "+/id" language."""
    scope = scope or {"type": "default"}
    kind = scope.get("type")
    if kind not in _SCOPE_KINDS:
        raise ApiError.bad_request("wrong scope type specified")
    key = kind
    if "chat_id" in scope:
        key += f":{scope['chat_id']}"
    if "user_id" in scope:
        key += f":{scope['user_id']}"
    return f"{key}/{language_code}" if language_code else key


class BotInfo:
    """getMe, set/get/deleteMyCommands, set/getMy(Short)Description, getFile."""

    def __init__(self, world: BotState) -> None:
        self.world = world

    def methods(self) -> dict[str, Method]:
        return {
            "getMe": self.get_me,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setMyDescription": self.set_my_description,
            "getMyDescription": self.get_my_description,
            "setMyShortDescription": self.set_my_short_description,
            "getMyShortDescription": self.get_my_short_description,
            "getFile": self.get_file,
        }

    async def get_me(self, call: Call) -> dict[str, Any]:
        return {
            **self.world.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def set_my_commands(self, call: Call) -> bool:
        commands = call.params["commands"]
        if len(commands) > MAX_COMMANDS:
            raise ApiError.bad_request("too many commands")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(command["command"]):
                raise ApiError.bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"]) <= 256:
                raise ApiError.bad_request("command description must be 1-256 characters")
        key = scope_key(call.params.get("scope"), call.params.get("language_code"))
        if commands:
            self.world.commands[key] = [(c["command"], c["description"]) for c in commands]
        else:  # an empty list clears the scope, as deleteMyCommands does
            self.world.commands.pop(key, None)
        return True

    async def get_my_commands(self, call: Call) -> list[dict[str, str]]:
        key = scope_key(call.params.get("scope"), call.params.get("language_code"))
        return [{"command": c, "description": d} for c, d in self.world.commands.get(key, [])]

    async def delete_my_commands(self, call: Call) -> bool:
        key = scope_key(call.params.get("scope"), call.params.get("language_code"))
        self.world.commands.pop(key, None)
        return True

    async def set_my_description(self, call: Call) -> bool:
        return self._describe(call, "description", 512)

    async def set_my_short_description(self, call: Call) -> bool:
        return self._describe(call, "short_description", 120)

    async def get_my_description(self, call: Call) -> dict[str, str]:
        return {"description": self._description(call, "description")}

    async def get_my_short_description(self, call: Call) -> dict[str, str]:
        return {"short_description": self._description(call, "short_description")}

    def _describe(self, call: Call, field: str, limit: int) -> bool:
        text = call.params.get(field, "")
        if len(text) > limit:
            raise ApiError.bad_request(f"{field.replace('_', ' ')} is too long")
        key = _description_key(field, call.params.get("language_code"))
        self.world.descriptions[key] = text
        return True

    def _description(self, call: Call, field: str) -> str:
        key = _description_key(field, call.params.get("language_code"))
        return self.world.descriptions.get(key, "")

    async def get_file(self, call: Call) -> dict[str, Any]:
        stored = self.world.files.get(call.params["file_id"])
        if stored.size > MAX_DOWNLOAD:
            # The user's file, not the bot's mistake: not a violation.
            raise ApiError.bad_request("file is too big", violation=False)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }


def _description_key(field: str, language_code: str | None) -> str:
    return f"{field}/{language_code}" if language_code else field
