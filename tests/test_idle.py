"""The idle bot does without openpyxl (and lxml, Pillow and et_xmlfile, which it brings along,
~20 MB resident): they are loaded when a spreadsheet is read or written, and at a start only
when the indicator master is not the one recorded as good (docs/DECISIONS.md, "Files")."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog import BY_NAME
from bot.config import DEFAULT_INDICATORS_FILE
from bot.core import Kinerja
from bot.master_record import RECORD, is_checked
from tests.conftest import ADMIN_ID, make_settings
from tests.office import Office

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "lxml", "PIL", "et_xmlfile")

# What `python -m bot run` imports and runs before it polls, without Telegram: the composition
# root, the start checks, the core's start-up work and the Application with every handler.
A_START = """
import json, sys
import bot.__main__
from bot.config import load_settings
from bot.core import Kinerja
from bot.ops.start import prepare
from handlers.app import build_application
from handlers.launch import run

settings = load_settings()
prepare(settings)
core = Kinerja(settings)
core.prepare()
build_application(core)
core.dispose()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:]))))
"""


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "KINERJA_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN="123456:TEST-TOKEN",
        ADMIN_IDS=str(ADMIN_ID),
        DATABASE_URL=f"sqlite:///{tmp_path}/kinerja.db",
        DATA_DIR=str(tmp_path / "data"),
        LOG_LEVEL="WARNING",
        TZ="UTC",
    )
    env.update(extra)
    return env


def heavy_after_a_start(tmp_path: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", A_START, *HEAVY],
        cwd=tmp_path,
        env=bot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_start_loads_openpyxl_only_while_the_master_is_not_recorded_as_good(tmp_path):
    # The first start with this master reads it (a broken one must stop the start) and records it.
    assert {"openpyxl", "lxml", "PIL"} <= set(heavy_after_a_start(tmp_path))  # et_xmlfile: only to write
    assert (tmp_path / "data" / "master" / RECORD).is_file()
    # Every later start trusts the record: nothing of openpyxl is imported.
    assert heavy_after_a_start(tmp_path) == []


def test_the_record_names_the_file_its_bytes_and_the_units(tmp_path, sqlite_url):
    master = tmp_path / "indikator.xlsx"
    shutil.copy(DEFAULT_INDICATORS_FILE, master)
    core = Kinerja(make_settings(tmp_path, sqlite_url, indicators_file=str(master)))
    data_dir, units = core.data_dir, [u.code for u in core.org.data_units]
    assert not is_checked(data_dir, master, units)
    core.prepare()
    assert is_checked(data_dir, master, units)
    assert not is_checked(data_dir, master, units[:-1]), "a unit fewer: the master must be checked again"
    assert not is_checked(data_dir, DEFAULT_INDICATORS_FILE, units), "another file"

    data = master.read_bytes()
    master.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit, the same size
    assert not is_checked(data_dir, master, units)
    master.write_bytes(data)
    assert is_checked(data_dir, master, units)

    core.install_master(data, "Master_Indikator.xlsx", core.master())  # /indikator with a file
    installed = core.master_path()
    assert installed.parent == data_dir / "master" and is_checked(data_dir, installed, units)
    core.dispose()


def _mapped(pid: int) -> set[str]:
    """The heavy packages whose compiled libraries the process has mapped (openpyxl itself is
    pure Python; lxml and Pillow, which it imports, are not)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {name for name in ("lxml", "PIL", "numpy") if f"/{name}/" in maps}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/PID/maps")
async def test_the_running_bot_polls_without_openpyxl_and_loads_it_for_a_spreadsheet(tmp_path, standin):
    core = Kinerja(make_settings(tmp_path, f"sqlite:///{tmp_path}/kinerja.db"))
    core.prepare()  # an earlier start: the schema is there and the master recorded as good
    core.dispose()
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=standin.token, TELEGRAM_API_BASE_URL=standin.base_url),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            if any(method == "getUpdates" for method, _ in standin.requests):
                break
            assert bot.returncode is None, "the bot ended at start"
            await asyncio.sleep(0.1)
        else:
            pytest.fail("the bot never polled")
        await standin.wait_idle(timeout=10)
        assert _mapped(bot.pid) == set()

        admin = standin.user(ADMIN_ID, "Operator")
        await admin.send("/indikator")  # the master in force as xlsx: read now, at its first use
        await admin.wait_for("Master indikator yang berlaku", timeout=30)
        assert {"lxml", "PIL"} <= _mapped(bot.pid), "the check above would not see openpyxl"
    finally:
        bot.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    assert standin.violations == []


def test_a_master_broken_on_disk_after_a_trusted_start_is_answered_clearly_at_its_first_use(tmp_path, sqlite_url):
    master = tmp_path / "indikator.xlsx"
    shutil.copy(DEFAULT_INDICATORS_FILE, master)
    settings = make_settings(tmp_path, sqlite_url, indicators_file=str(master))
    first = Kinerja(settings)
    first.prepare()  # checks the master and records it as good
    first.dispose()
    core = Kinerja(settings)
    core.prepare()  # trusts the record: the master is not read
    office = Office(core)
    master.write_bytes(b"not a workbook any more")  # replaced on disk while the bot runs

    office.do(office.admin, BY_NAME["indikator"], text="", update_id=7)

    [answer] = office.inbox(office.admin)[-1:]
    assert "Daftar indikator yang berlaku tidak dapat dibaca" in answer and "indikator.xlsx" in answer
    assert "python -m bot check" in answer and "/indikator" in answer
    assert core.already_handled(7)  # answered once, and nothing else changed
    core.dispose()
