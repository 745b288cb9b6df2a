"""`python -m bot` runs the bot; `python -m bot demo` runs the offline demo."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlparse

from bot.config import ConfigError, load_settings
from bot.org import OrgError
from bot.sheets.types import MasterError
from bot.sop import SopError


def main(argv: list[str]) -> int:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    for noisy in ("httpx", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if argv[:1] == ["demo"]:
        from demo.run import main as demo_main  # noqa: PLC0415 - the bot itself never loads the demo

        return demo_main(argv[1:])
    try:
        return run_bot()
    except (ConfigError, SopError, OrgError, MasterError) as exc:
        print(f"Konfigurasi salah: {exc}", file=sys.stderr)
        return 2


def run_bot() -> int:
    # imported here: a configuration error is reported before python-telegram-bot is even loaded
    from bot.core import Kinerja  # noqa: PLC0415
    from handlers.app import build_application  # noqa: PLC0415

    settings = load_settings()
    settings.require_token()
    app = build_application(Kinerja(settings))
    if settings.webhook_url:
        app.run_webhook(
            listen="0.0.0.0",
            port=settings.webhook_port,
            secret_token=settings.webhook_secret,
            webhook_url=settings.webhook_url,
            url_path=_path_of(settings.webhook_url),
        )
    else:
        app.run_polling()
    return 0


def _path_of(url: str) -> str:
    return urlparse(url).path.lstrip("/")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
