"""The HTTP face of the stand-in: tornado handlers for /bot<token>/<method> and file downloads."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

import tornado.web
from tornado.httputil import HTTPServerRequest

from standin.api import ApiError, UploadedFile

if TYPE_CHECKING:
    from standin.server import BotApiStandin

log = logging.getLogger(__name__)

NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}
UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}


def read_params(request: HTTPServerRequest) -> dict[str, Any]:
    """Parameters from the query string and a form, multipart or JSON body.

    Form values stay strings (as Telegram receives them); file parts become UploadedFile,
    under their own name or under the field that points at them with ``attach://name``.
    """
    params: dict[str, Any] = {k: v[-1].decode("utf-8") for k, v in request.query_arguments.items()}
    content_type = request.headers.get("Content-Type", "")
    if content_type.startswith("application/json") and request.body:
        body = json.loads(request.body)
        if not isinstance(body, dict):
            raise ValueError("the JSON body must be an object")
        params.update(body)
    else:
        params.update({k: v[-1].decode("utf-8") for k, v in request.body_arguments.items()})
    files = {
        name: UploadedFile(parts[-1].filename, parts[-1].content_type, parts[-1].body)
        for name, parts in request.files.items()
    }
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            params[key] = files.pop(value[9:])
    params.update(files)
    return params


class _JsonHandler(tornado.web.RequestHandler):
    def initialize(self, standin: BotApiStandin) -> None:
        self.standin = standin

    def answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))


class ApiHandler(_JsonHandler):
    """POST (or GET) /bot<token>/<method>."""

    def initialize(self, standin: BotApiStandin) -> None:
        super().initialize(standin)
        self.closed = False

    async def post(self, token: str, method: str) -> None:
        try:
            params = read_params(self.request)
        except (ValueError, UnicodeDecodeError) as exc:
            self.answer(400, ApiError.bad_request(f"can't parse request: {exc}").body())
            return
        status, body = await self.standin.dispatch(token, method, params, lambda: self.closed)
        if not self.closed:
            self.answer(status, body)

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    def on_connection_close(self) -> None:
        # A long poll whose client has gone must stop waiting (and not consume updates).
        self.closed = True
        self.standin.world.updates.wake()


class FileHandler(_JsonHandler):
    """GET /file/bot<token>/<file_path>: the bytes getFile pointed at."""

    def get(self, token: str, path: str) -> None:
        if token != self.standin.token:
            self.answer(401, UNAUTHORIZED)
            return
        stored = self.standin.world.files.by_path(path)
        if stored is None:
            self.answer(404, NOT_FOUND)
            return
        self.set_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.finish(stored.data)


class NotFoundHandler(_JsonHandler):
    def prepare(self) -> None:
        self.answer(404, NOT_FOUND)


def _log_request(handler: tornado.web.RequestHandler) -> None:
    # Tornado logs 4xx/5xx as warnings/errors; here they are expected (faults, refusals).
    request = handler.request
    log.debug("%s %s -> %s", request.method, request.path, handler.get_status())


def make_app(standin: BotApiStandin) -> tornado.web.Application:
    args = {"standin": standin}
    return tornado.web.Application(
        [
            (r"/bot([^/]*)/([^/]*)", ApiHandler, args),
            (r"/file/bot([^/]*)/(.+)", FileHandler, args),
            (r".*", NotFoundHandler, args),
        ],
        log_function=_log_request,
    )
