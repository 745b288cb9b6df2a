"""Small shared types of the stand-in: an API error as Telegram words it, one call, one upload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any


class ApiError(Exception):
    """A refusal, answered as ``{"ok": false, "error_code": ..., "description": ...}``.

    ``violation`` says whether the refusal means the bot sent something Telegram would
    refuse (a bug in the bot) as opposed to an injected fault or a user's choice.
    """

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        violation: bool = True,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.violation = violation

    @classmethod
    def bad_request(cls, detail: str, *, violation: bool = True) -> ApiError:
        return cls(400, f"Bad Request: {detail}", violation=violation)

    @classmethod
    def forbidden(cls, detail: str = "bot was blocked by the user") -> ApiError:
        # Blocking is the user's choice, not the bot's mistake.
        return cls(403, f"Forbidden: {detail}", violation=False)

    @classmethod
    def injected(cls, status: int, retry_after: int | None = None) -> ApiError:
        """The error Telegram gives for ``status``, used by fault injection."""
        if status == 429:
            after = retry_after or 1
            return cls(429, f"Too Many Requests: retry after {after}", retry_after=after, violation=False)
        if status == 403:
            return cls.forbidden()
        if status == 400:
            return cls(400, "Bad Request", violation=False)
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        return cls(status, phrase, violation=False)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class UploadedFile:
    """One multipart file part of a request."""

    filename: str
    content_type: str
    body: bytes = field(repr=False)

    def __repr__(self) -> str:  # keep request logs short: never print the bytes
        return f"UploadedFile({self.filename!r}, {self.content_type!r}, {len(self.body)} bytes)"


def _never_closed() -> bool:
    return False


@dataclass
class Call:
    """One Bot API call after validation: the method, its typed parameters, its connection."""

    method: str
    params: dict[str, Any]
    # Long polls ask this so they stop waiting once the client has gone away.
    is_closed: Callable[[], bool] = _never_closed
