"""One update's parts at a time, spaced as a bot at 10 updates/s spaces them (docs/PERFORMANCE.md).

- The worker thread's share, without Telegram: `Kinerja.act` on the benchmark's database (214
  members, one open period) for `/status`, `/tugas` and `/bantuan` in turn, each call after
  100 ms of sleep, so the code is as cold as it is between real updates; then in a tight loop.
- The event loop's lookup of the handler: the Application's handlers asked in turn, as
  python-telegram-bot asks them, whether the update is theirs (no network: nothing is sent).

Prints the median wall time of each.

    python bench/bench_act_spaced.py [--calls 60]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_updates as setup

from bot.action import Sender
from bot.catalog import BY_NAME
from bot.config import load_settings
from bot.core import Kinerja

COMMANDS = ("status", "tugas", "bantuan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=60, help="spaced calls of each command")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as folder:
        env = {"DATABASE_URL": f"sqlite:///{folder}/kinerja.db", "DATA_DIR": f"{folder}/data"}
        setup.seed(Path(folder), env, 214)
        settings = load_settings(
            telegram_bot_token=setup.TOKEN,
            database_url=env["DATABASE_URL"],
            data_dir=env["DATA_DIR"],
            admin_ids=(setup.ADMIN_ID,),
        )
        core = Kinerja(settings)
        core.prepare()
        update_ids = iter(range(1, 10**9))

        def one(name: str, i: int) -> float:
            uid = setup.FIRST_USER + 20 + i % 100  # pelaksana and kabid, not the three heads
            sender = Sender(telegram_user_id=uid, chat_id=uid, full_name="Pegawai")
            start = time.perf_counter()
            core.act(sender, BY_NAME[name], update_id=next(update_ids), text="", hand_over=lambda rows: None)
            return time.perf_counter() - start

        for name in COMMANDS:  # the first /status draws its picture
            one(name, 0)
        spaced: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for i in range(args.calls):
            for name in COMMANDS:
                time.sleep(0.1)
                spaced[name].append(one(name, i))
        hot: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for i in range(args.calls * 3):
            for name in COMMANDS:
                hot[name].append(one(name, i))
        core.dispose()
    lookup = handler_lookup(args.calls)
    print("| command | act, spaced (100 ms apart) | act, tight loop | handler lookup, spaced |")
    print("|---|---:|---:|---:|")
    for name in COMMANDS:
        print(
            f"| /{name} | {statistics.median(spaced[name]) * 1000:.2f} ms | {statistics.median(hot[name]) * 1000:.2f} ms "
            f"| {statistics.median(lookup[name]) * 1000:.3f} ms |"
        )


def handler_lookup(calls: int) -> dict[str, list[float]]:
    from telegram import Update, User
    from telegram.ext import ApplicationBuilder

    import handlers

    app = ApplicationBuilder().token(setup.TOKEN).build()
    handlers.register(app)
    app.bot._bot_user = User(1, "Kinerja Bot", True, username="kinerja_bot")  # what getMe would set

    def update(i: int, text: str) -> Update:
        message = {
            "message_id": i,
            "date": 0,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "Pegawai"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        }
        return Update.de_json({"update_id": i, "message": message}, app.bot)

    def find(u: Update):
        for group in app.handlers.values():
            for handler in group:
                found = handler.check_update(u)
                if found is not None and found is not False:
                    return handler
        raise AssertionError(f"no handler for {u.message.text}")

    out: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for i in range(calls):
        for name in COMMANDS:
            u = update(i, f"/{name}")
            time.sleep(0.1)
            start = time.perf_counter()
            find(u)
            out[name].append(time.perf_counter() - start)
    return out


if __name__ == "__main__":
    main()
