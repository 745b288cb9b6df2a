"""`python -m bot` as an operator runs it: a real process, configured by the environment,
talking to the Bot API stand-in; killed hard and started again, nothing lost or repeated."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import ADMIN_ID

ROOT = Path(__file__).resolve().parents[1]


async def start_bot(standin, tmp_path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=standin.token,
        ADMIN_IDS=str(ADMIN_ID),
        TELEGRAM_API_BASE_URL=standin.base_url,
        TELEGRAM_API_FILE_URL=standin.file_url,
        DATABASE_URL=f"sqlite:///{tmp_path}/bot.db",
        DATA_DIR=str(tmp_path / "data"),
        TZ="UTC",
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def test_the_bot_process_serves_users_and_survives_kill_9(standin, tmp_path):
    bot = await start_bot(standin, tmp_path)
    try:
        admin = standin.user(ADMIN_ID, "Operator")
        await admin.send("/undang kaban")
        invite = await admin.wait_for("Kode undangan", timeout=30)
        code = invite["text"].split("start=")[1].split()[0]
        # Let the bot record the delivery first: a kill in the milliseconds between Telegram
        # accepting a message and the outbox marking it sent repeats it (docs/DECISIONS.md).
        await standin.wait_idle(timeout=10)
        await asyncio.sleep(0.5)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()

        kaban = standin.user(4242, "Pak Kaban")
        await kaban.send(f"/start {code}")  # arrives while the bot is down
        bot = await start_bot(standin, tmp_path)
        welcome = await kaban.wait_for("Selamat datang", timeout=30)
        assert "Kepala Badan" in welcome["text"]
        await standin.wait_idle(timeout=10)
        assert sum("Kode undangan" in t for t in admin.texts()) == 1
        assert sum("Selamat datang" in t for t in kaban.texts()) == 1
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(bot.wait(), 30) == 0
    assert standin.violations == []
