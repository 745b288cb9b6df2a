"""`python -m bot check`: one line per finding; exit code 0 when nothing stops the bot (warnings
do not), 1 otherwise. It creates nothing and never calls Telegram, so a container healthcheck may run it."""

from __future__ import annotations

from bot.config import Settings
from bot.ops import logs
from bot.ops.checks import check_all, describe_database, problems


def main(settings: Settings) -> int:
    found = check_all(settings)
    for finding in found:
        print(logs.mask(str(finding), settings.telegram_bot_token))
    trouble = problems(found)
    if trouble:
        print(f"{len(trouble)} masalah; bot tidak dapat berjalan sampai diperbaiki.")
        return 1
    print(
        f"Baik: basis data {describe_database(settings)}, DATA_DIR {settings.data_dir}"
        + (f" ({len(found)} peringatan)" if found else "")
    )
    return 0
