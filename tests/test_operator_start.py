"""An operator's start-up mistakes: each one ends in one Indonesian line, an exit code, no traceback,
and never the token. Each runs `python -m bot` as a real process."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_ID, PG_SERVER

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "7654321:AAFakeTokenForTestsOnly_abcdefghijk"


def bot_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "KINERJA_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=TOKEN,
        ADMIN_IDS=str(ADMIN_ID),
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        TELEGRAM_API_FILE_URL="http://127.0.0.1:9/file/bot",
        DATABASE_URL=f"sqlite:///{tmp_path}/db/kinerja.db",
        DATA_DIR=str(tmp_path / "data"),
        TZ="UTC",
    )
    env.update(extra)
    return env


def run_bot(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=bot_env(tmp_path, **extra),
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def read_only(tmp_path):
    """A folder on a read-only mount (as root) or without write permission (otherwise); `seal()` after filling it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted: list[Path] = []

    def seal() -> None:
        if os.geteuid() != 0:
            for path in [*folder.rglob("*"), folder]:
                path.chmod(0o555 if path.is_dir() else 0o444)
            return
        if subprocess.run(["mount", "--bind", folder, folder], capture_output=True).returncode != 0:
            pytest.skip("tidak dapat membuat mount hanya-baca di sini (perlu root dengan CAP_SYS_ADMIN)")
        mounted.append(folder)
        subprocess.run(["mount", "-o", "remount,ro,bind", folder], check=True)

    yield folder, seal
    for path in mounted:
        subprocess.run(["umount", path], check=True)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755)


def test_help_lists_the_subcommands_and_does_not_start(tmp_path):
    result = run_bot(tmp_path, "--help")
    assert result.returncode == 0
    for word in ("run", "demo", "check", "backup", "restore"):
        assert word in result.stdout
    assert not (tmp_path / "db").exists() and not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DATABASE_URL", "kinerja.db", "bukan URL basis data"),
        ("DATABASE_URL", "mysql://budi:rahasia@db.example/kinerja", "tidak didukung"),
        ("ADMIN_IDS", "@budi", "bukan id pengguna Telegram"),
        ("EXTRA_HOLIDAYS", "24-12-2026", "2026-12-24"),
        ("TELEGRAM_BOT_TOKEN", "bot7654321:AAFake Token", "tidak berbentuk token"),
        ("LOG_LEVEL", "berisik", "bukan tingkat log"),
        ("WEBHOOK_PORT", "delapan", "bilangan bulat"),
    ],
)
def test_a_bad_value_is_one_indonesian_line(tmp_path, variable, value, expected):
    result = run_bot(tmp_path, **{variable: value})
    line = one_line(result)
    assert result.returncode == 2 and variable in line and expected in line
    assert "rahasia" not in line
    assert not (tmp_path / "db").exists(), "nothing is created before the configuration is right"


def test_sop_file_that_is_a_folder(tmp_path):
    result = run_bot(tmp_path, SOP_FILE=str(tmp_path))
    line = one_line(result)
    assert result.returncode == 2 and "SOP_FILE" in line and "folder" in line


def test_database_on_a_read_only_mount(tmp_path, read_only):
    folder, seal = read_only
    sqlite3.connect(folder / "kinerja.db").close()
    seal()
    result = run_bot(tmp_path, DATABASE_URL=f"sqlite:///{folder}/kinerja.db")
    line = one_line(result)
    assert result.returncode == 2 and "DATABASE_URL" in line and str(folder) in line and "izin" in line


def test_database_in_a_folder_of_a_read_only_mount(tmp_path, read_only):
    folder, seal = read_only
    seal()
    result = run_bot(tmp_path, DATABASE_URL=f"sqlite:///{folder}/bot/kinerja.db")
    line = one_line(result)
    assert result.returncode == 2 and "DATABASE_URL" in line and "tidak dapat dibuat" in line


def test_data_dir_read_only(tmp_path, read_only):
    folder, seal = read_only
    seal()
    result = run_bot(tmp_path, DATA_DIR=str(folder))
    line = one_line(result)
    assert result.returncode == 2 and "DATA_DIR" in line and "tidak dapat ditulis" in line


def test_postgresql_down(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_bot(tmp_path, DATABASE_URL=f"postgresql+psycopg://kinerja:rahasia@127.0.0.1:{port}/kinerja")
    line = one_line(result)
    assert result.returncode == 2 and "tidak menjawab" in line and "rahasia" not in line


def test_postgresql_database_missing(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(PG_SERVER.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL tidak tersedia di {PG_SERVER} ({exc.__class__.__name__})")
    result = run_bot(tmp_path, DATABASE_URL=PG_SERVER.rsplit("/", 1)[0] + "/kinerja_tidak_ada")
    line = one_line(result)
    assert result.returncode == 2 and "'kinerja_tidak_ada' belum ada" in line and "createdb" in line


async def test_a_token_telegram_refuses_is_one_line_without_the_token(tmp_path, standin):
    env = bot_env(
        tmp_path, TELEGRAM_API_BASE_URL=standin.base_url, TELEGRAM_API_FILE_URL=standin.file_url, LOG_LEVEL="DEBUG"
    )  # DEBUG: httpx and PTB log request URLs, which carry the token
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    output = (out + err).decode()
    assert process.returncode == 2
    assert "Traceback" not in output and TOKEN.split(":")[1] not in output
    assert err.decode().strip().splitlines()[-1].startswith("Tidak dapat mulai: TELEGRAM_BOT_TOKEN ditolak")
    assert "<TOKEN>" in output, "the request URLs are logged, masked"


async def test_telegram_unreachable_is_waited_for_and_the_start_log_names_the_paths(tmp_path):
    from standin import BotApiStandin

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = BotApiStandin(token=TOKEN)
    env = bot_env(
        tmp_path,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
        TELEGRAM_API_FILE_URL=f"http://127.0.0.1:{port}/file/bot",
        LOG_LEVEL="DEBUG",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []

    async def read_until(text: str, count: int = 1) -> None:
        while sum(text in line for line in lines) < count:
            line = await asyncio.wait_for(process.stderr.readline(), 60)
            assert line, "".join(lines)
            lines.append(line.decode())

    try:
        await read_until("dicoba lagi", 2)  # two refusals, two logged waits: not a crash
        assert process.returncode is None
        await server.start(port)  # Telegram is back
        await read_until("Kinerja Bot siap")
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)
        await server.stop()
    log = "".join(lines)
    assert f"Basis data: {tmp_path}/db/kinerja.db" in log and f"DATA_DIR: {tmp_path}/data" in log
    assert "Basis data BARU dan kosong" in log
    assert "Traceback" not in log and TOKEN.split(":")[1] not in log


def test_relative_paths_follow_the_env_file_not_the_current_folder(tmp_path):
    home = tmp_path / "kinerja"
    home.mkdir()
    (home / ".env").write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nADMIN_IDS=1\nDATABASE_URL=sqlite:///data/kinerja.db\nDATA_DIR=data\n"
    )
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    env = {k: v for k, v in bot_env(tmp_path).items() if k not in ("DATABASE_URL", "DATA_DIR", "TELEGRAM_BOT_TOKEN")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--env", str(home / ".env"), "check"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{home}/data/kinerja.db" in result.stdout and not (elsewhere / "data").exists()


BROKEN_MASTER = "Tidak dapat mulai: Master indikator: Master indikator indikator.xlsx tidak dapat dipakai"


def broken_copy_of_the_shipped_master(path: Path) -> None:
    """The shipped master with a polarity nobody can read: the start must name row and column."""
    import openpyxl

    from bot.config import DEFAULT_INDICATORS_FILE

    book = openpyxl.load_workbook(DEFAULT_INDICATORS_FILE)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, next(i for i, h in enumerate(header, 1) if h and "polar" in str(h).lower())).value = "naik turun"
    book.save(path)


def start_failure(result: subprocess.CompletedProcess) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in output and TOKEN.split(":")[1] not in output, output
    return result.stderr.strip()


def test_a_broken_master_stops_the_start_naming_its_problems(tmp_path):
    master = tmp_path / "indikator.xlsx"
    broken_copy_of_the_shipped_master(master)
    failure = start_failure(run_bot(tmp_path, INDICATORS_FILE=str(master)))
    assert failure.startswith(BROKEN_MASTER)
    assert "Baris 2" in failure and "naik turun" in failure


def test_a_master_changed_since_its_check_is_checked_again_at_the_next_start(tmp_path):
    """A start trusts a master recorded as good only while it is the same file: edited on disk
    (same path and name), it is read again and the start fails as if it had never been recorded."""
    import shutil

    from bot.config import DEFAULT_INDICATORS_FILE, load_settings
    from bot.core import Kinerja
    from bot.master_record import is_checked

    master = tmp_path / "indikator.xlsx"
    shutil.copy(DEFAULT_INDICATORS_FILE, master)
    (tmp_path / "db").mkdir()
    core = Kinerja(  # the same settings as run_bot's; its start checks the master and records it
        load_settings(
            telegram_bot_token=TOKEN,
            database_url=f"sqlite:///{tmp_path}/db/kinerja.db",
            data_dir=str(tmp_path / "data"),
            indicators_file=str(master),
        )
    )
    core.prepare()
    core.dispose()
    units = [u.code for u in core.org.data_units]
    assert is_checked(tmp_path / "data", master, units)

    broken_copy_of_the_shipped_master(master)
    assert not is_checked(tmp_path / "data", master, units)
    failure = start_failure(run_bot(tmp_path, INDICATORS_FILE=str(master)))

    never_recorded = tmp_path / "baru"  # the same broken file, on a DATA_DIR without any record
    never_recorded.mkdir()
    assert failure == start_failure(run_bot(never_recorded, INDICATORS_FILE=str(master)))
    assert failure.startswith(BROKEN_MASTER)
