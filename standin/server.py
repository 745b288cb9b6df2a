"""BotApiStandin: a local Telegram Bot API server for tests and the demo (see docs/STANDIN.md)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tornado.httpserver
import tornado.netutil

from standin.api import ApiError, Call
from standin.botinfo import BotInfo
from standin.delivery import Delivery
from standin.messaging import Messaging, Method
from standin.spec import BotApiSpec, coerce_without_spec, load_spec
from standin.state import BotState
from standin.users import SimUser
from standin.web import NOT_FOUND, UNAUTHORIZED, make_app

log = logging.getLogger(__name__)

QUIET_PERIOD = 0.2  # seconds without requests after which wait_idle calls the bot idle


@dataclass
class _Fault:
    method: str  # lower-case method name, or "*" for every method but getUpdates
    status: int
    retry_after: int | None
    times: int
    chat_id: int | str | None
    delay: float

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method == "*" and method == "getUpdates":
            return False
        if self.method not in ("*", method.lower()):
            return False
        return self.chat_id is None or str(self.chat_id) == str(params.get("chat_id"))


class BotApiStandin:
    """A fake Telegram: the bot under test talks real HTTP to it; tests play the users."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "kinerja_bot",
        spec_path: str | os.PathLike[str] | None = None,
        *,
        bot_name: str = "Kinerja Bot",
    ) -> None:
        self.world = BotState(token, bot_username, bot_name)
        self.spec: BotApiSpec | None = load_spec(spec_path)
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.violations: list[str] = []
        self.port: int | None = None
        self._faults: list[_Fault] = []
        self._delivery = Delivery(self.world)
        self._methods: dict[str, Method] = {
            **Messaging(self.world).methods(),
            **BotInfo(self.world).methods(),
            **self._delivery.methods(),
        }
        self._by_lower = {name.lower(): name for name in self._methods}
        self._server: tornado.httpserver.HTTPServer | None = None
        self._inflight = 0
        self._last_activity = time.monotonic()

    # --- identity and addresses -------------------------------------------------------------

    @property
    def token(self) -> str:
        return self.world.token

    @property
    def bot_id(self) -> int:
        return self.world.bot_id

    @property
    def bot_username(self) -> str:
        return self.world.bot_username

    @property
    def base_url(self) -> str:
        """python-telegram-bot's ``base_url``: it appends the token."""
        return f"http://127.0.0.1:{self._bound_port()}/bot"

    @property
    def file_url(self) -> str:
        """python-telegram-bot's ``base_file_url``."""
        return f"http://127.0.0.1:{self._bound_port()}/file/bot"

    def _bound_port(self) -> int:
        if self.port is None:
            raise RuntimeError("the stand-in is not started: await standin.start() first")
        return self.port

    # --- lifecycle --------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1:port (0: a free port) in the running event loop."""
        self._delivery.stopping = False
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self._server = tornado.httpserver.HTTPServer(make_app(self))
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        self._last_activity = time.monotonic()
        log.info(
            "Bot API stand-in listening on %s (spec: %s)",
            self.base_url,
            self.spec.version if self.spec else "none, not validating",
        )

    async def stop(self) -> None:
        """Release long polls, stop webhook delivery, close every connection."""
        await self._delivery.stop()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    async def __aenter__(self) -> BotApiStandin:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # --- the people -------------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> SimUser:
        """The person with this id (created on first use); their private chat id is user_id."""
        if user_id not in self.world.users:
            self.world.users[user_id] = SimUser(
                self.world, user_id, first_name or f"User{user_id}", last_name, username, language_code
            )
        return self.world.users[user_id]

    def block(self, user_id: int) -> None:
        """The person blocks the bot: every send to their chat gets 403, and, as Telegram
        does, the bot receives a my_chat_member update (member -> kicked)."""
        self.world.blocked.add(user_id)
        self._my_chat_member(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        self.world.blocked.discard(user_id)
        self._my_chat_member(user_id, "kicked", "member")

    def _my_chat_member(self, user_id: int, old: str, new: str) -> None:
        user = self.world.users.get(user_id)
        if user is None:
            return
        bot = self.world.bot_user()
        status = {
            "member": {"status": "member", "user": bot},
            "kicked": {"status": "kicked", "user": bot, "until_date": 0},
        }
        self.world.updates.push(
            {
                "my_chat_member": {
                    "chat": user.chat_dict,
                    "from": user.user_dict,
                    "date": int(time.time()),
                    "old_chat_member": status[old],
                    "new_chat_member": status[new],
                }
            }
        )

    # --- faults, updates, observation ---------------------------------------------------------

    def inject_fault(
        self,
        method: str = "sendMessage",
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
    ) -> None:
        """The next ``times`` calls of ``method`` (to ``chat_id`` if given) fail with ``status``
        as Telegram words it. ``delay`` holds the answer back first; with status 200 the call
        then succeeds (a slow Telegram, for client timeouts)."""
        self._faults.append(
            _Fault(
                method.lower() if method != "*" else "*",
                status,
                retry_after if status == 429 else None,
                times,
                chat_id,
                delay,
            )
        )

    def clear_faults(self) -> None:
        """Telegram works again: drop every fault still waiting to be injected."""
        self._faults.clear()

    @property
    def commands(self) -> dict[str, list[tuple[str, str]]]:
        """setMyCommands by scope key: "default", "all_private_chats", "chat:1001"..."""
        return self.world.commands

    @property
    def updates_delivered(self) -> int:
        """Updates handed to the bot (by getUpdates or an accepted webhook POST)."""
        return self.world.updates.delivered

    @property
    def update_history(self) -> list[dict[str, Any]]:
        """Every update the users caused, oldest first (ids for redeliver)."""
        return self.world.updates.history()

    async def redeliver(self, update_id: int) -> dict[str, Any]:
        """Queue an already delivered update again, same update_id (at-least-once delivery)."""
        return self.world.updates.redeliver(update_id)

    async def wait_idle(self, timeout: float = 10.0, quiet: float = QUIET_PERIOD) -> None:
        """Wait until no update is pending (the bot polled past the last one), no request is
        in flight and none came for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while not self._idle(quiet):
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"stand-in not idle after {timeout}s: {self.world.updates.pending} updates "
                    f"pending, {self._inflight} requests in flight"
                )
            await asyncio.sleep(0.02)

    def _idle(self, quiet: float) -> bool:
        return (
            self.world.updates.pending == 0 and self._inflight == 0 and time.monotonic() - self._last_activity >= quiet
        )

    # --- one request ------------------------------------------------------------------------

    async def dispatch(
        self, token: str, method: str, raw: dict[str, Any], is_closed: Callable[[], bool] = lambda: False
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: (HTTP status, JSON body)."""
        if token != self.token:
            return 401, UNAUTHORIZED
        name = self.spec.canonical(method) if self.spec else self._by_lower.get(method.lower())
        if name is None:
            self.requests.append((method, raw))
            self._violation(method, raw, "Not Found (no such method)")
            return 404, NOT_FOUND
        busy = name != "getUpdates"  # long polls are the bot waiting, not the bot working
        self._inflight += busy
        try:
            return await self._answer(name, raw, is_closed)
        finally:
            self._inflight -= busy
            if busy:
                self._last_activity = time.monotonic()

    async def _answer(
        self, name: str, raw: dict[str, Any], is_closed: Callable[[], bool]
    ) -> tuple[int, dict[str, Any]]:
        params = raw
        try:
            params = self._validated(name, raw)
            await self._apply_fault(name, params)
            method = self._methods.get(name)
            if method is None:
                raise ApiError.bad_request(f"the stand-in does not implement {name}")
            result = await method(Call(name, params, is_closed))
        except ApiError as exc:
            if exc.violation:
                self._violation(name, params, exc.description)
            return exc.code, exc.body()
        except Exception:  # a bug in the stand-in must fail the test, not hang it
            log.exception("stand-in failed on %s", name)
            self._violation(name, params, "stand-in internal error (see log)")
            return 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
        return 200, {"ok": True, "result": result}

    def _validated(self, name: str, raw: dict[str, Any]) -> dict[str, Any]:
        try:
            params = self.spec.check_request(name, raw) if self.spec else coerce_without_spec(raw)
        except ApiError:
            self.requests.append((name, raw))
            raise
        self.requests.append((name, params))
        return params

    async def _apply_fault(self, name: str, params: dict[str, Any]) -> None:
        fault = next((f for f in self._faults if f.matches(name, params)), None)
        if fault is None:
            return
        fault.times -= 1
        if fault.times <= 0:
            self._faults.remove(fault)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status != 200:
            log.info("injected %s on %s", fault.status, name)
            raise ApiError.injected(fault.status, fault.retry_after)

    def _violation(self, method: str, params: dict[str, Any], description: str) -> None:
        shown = json.dumps(params, default=repr, ensure_ascii=False)
        if len(shown) > 300:
            shown = shown[:300] + "…"
        text = f"{method} {shown}: {description}"
        log.warning("Bot API violation: %s", text)
        self.violations.append(text)
