"""How soon a reply arrives once Telegram recovers: `python -m bench.bench_reply_recovery` (docs/PERFORMANCE.md).

A stranger writes while every sendMessage to them fails with 502 for `OUTAGE` seconds; then the faults
stop. Printed: the seconds from the end of the outage to the reply's delivery, and how many tries it took.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.config import load_settings
from demo.simulation import LocalRun
from standin import BotApiStandin

OUTAGE = 40.0  # seconds of failing Telegram, as in issue 13 (a refusal not there after 40 s)


async def measure() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings(
            telegram_bot_token="123456:BENCH-TOKEN",
            database_url=f"sqlite:///{Path(scratch) / 'kinerja.db'}",
            data_dir=str(Path(scratch) / "data"),
        )
        standin = BotApiStandin()
        await standin.start()
        run = LocalRun(
            settings=settings,
            standin=standin,
            clock=ManualClock(datetime(2026, 11, 30, 8, tzinfo=ZoneInfo("Asia/Jakarta"))),
        )
        await run.start()
        stranger = standin.user(4242, "Orang Asing")
        standin.inject_fault("sendMessage", status=502, times=10_000, chat_id=stranger.id)
        await stranger.send("/tugas")
        await asyncio.sleep(OUTAGE)
        standin.clear_faults()
        recovered = time.perf_counter()
        await stranger.wait_for("kode undangan", timeout=600)
        waited = time.perf_counter() - recovered
        tries = sum(1 for m, p in standin.requests if m == "sendMessage" and str(p.get("chat_id")) == str(stranger.id))
        print(f"outage {OUTAGE:.0f} s: reply delivered {waited:.1f} s after Telegram recovered ({tries} tries)")
        await run.stop()
        await standin.stop()


if __name__ == "__main__":
    asyncio.run(measure())
