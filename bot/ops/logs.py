"""Logging for the operator: LOG_LEVEL, an optional LOG_FILE, and the token never written anywhere."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The Bot API puts the token in every URL (https://api.telegram.org/bot<token>/getMe), and httpx
# logs request URLs; any token-shaped text is masked, the configured token in particular.
TOKEN_IN_URL = re.compile(r"(?<=/bot)[0-9]{1,20}:[A-Za-z0-9_-]+")
TOKEN_LIKE = re.compile(r"\b[0-9]{6,20}:[A-Za-z0-9_-]{30,}")
MASK = "<TOKEN>"
QUIET = ("httpx", "httpcore", "alembic", "apscheduler")


def mask(text: str, token: str | None = None) -> str:
    if token and len(token) >= 4:
        text = text.replace(token, MASK)
    return TOKEN_LIKE.sub(MASK, TOKEN_IN_URL.sub(MASK, text))


class MaskingFormatter(logging.Formatter):
    """Masks after formatting, so messages, arguments and tracebacks alike are covered."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__(FORMAT)
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record), self.token)


def setup(level: str = "INFO", *, token: str | None = None, log_file: Path | None = None) -> None:
    """Configure the root logger once settings are known (stderr, and LOG_FILE when set)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        # WatchedFileHandler reopens the file after logrotate moved it (docs/PANDUAN_OPERATOR.md).
        handlers.append(logging.handlers.WatchedFileHandler(log_file, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(MaskingFormatter(token))
        root.addHandler(handler)
    root.setLevel(level)
    # Every HTTP request and every scheduler tick at INFO would drown the bot's own lines.
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)


def fail(message: str, *, token: str | None = None) -> None:
    """The one line a failed start or command ends with."""
    print(mask(message, token), file=sys.stderr)
