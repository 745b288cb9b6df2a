"""`python -m bot [--env FILE] [run|demo|check|backup FILE|restore FILE]`; `--help` lists them."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.ops import backup, logs
from bot.ops.check import main as check_main
from bot.ops.start import StartFailure, explain, prepare

log = logging.getLogger("bot")
# httpx loads its command-line client (rich, pygments, click: ~6 MB resident) whenever those are
# installed, as they are beside the dev tools; the bot never runs it. None makes that import fail,
# which httpx expects and answers with a stub.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
DESCRIPTION = "Kinerja Bot: bot Telegram pengumpulan data kinerja (SOP BPKAD Kabupaten Way Kanan)."
EPILOG = (
    "Tanpa subperintah, bot dijalankan (sama dengan `run`). Konfigurasi dibaca dari lingkungan dan "
    "berkas .env (lihat .env.example dan docs/PANDUAN_OPERATOR.md)."
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot", description=DESCRIPTION, epilog=EPILOG)
    top.add_argument(
        "--env",
        metavar="BERKAS",
        help="berkas .env yang dipakai (bawaan: .env di folder kerja, "
        "atau KINERJA_ENV_FILE); path relatif di dalamnya dihitung dari folder berkas itu",
    )
    sub = top.add_subparsers(dest="command", metavar="subperintah")
    sub.add_parser("run", help="menjalankan bot (bawaan)")
    sub.add_parser("demo", help="demo luring: satu periode penuh dengan pejabat simulasi, tanpa token", add_help=False)
    sub.add_parser(
        "check",
        help="memeriksa konfigurasi, basis data, SOP, organisasi, master indikator, "
        "DATA_DIR dan bentuk token; kode keluar 0 bila tidak ada masalah",
    )
    backup = sub.add_parser("backup", help="menyimpan basis data dan DATA_DIR ke satu arsip (boleh saat bot jalan)")
    backup.add_argument("file", metavar="BERKAS", help="arsip yang ditulis, mis. kinerja-2026-12-01.tar.gz")
    restore = sub.add_parser("restore", help="memulihkan arsip cadangan (bot harus berhenti)")
    restore.add_argument("file", metavar="BERKAS", help="arsip dari `python -m bot backup`")
    restore.add_argument(
        "--timpa", action="store_true", help="izinkan menimpa basis data dan DATA_DIR yang sudah berisi data"
    )
    return top


def main(argv: list[str]) -> int:
    if argv[:1] == ["demo"]:  # the demo has its own options
        from demo.run import main as demo_main  # noqa: PLC0415 - the bot itself never loads the demo

        logs.setup("INFO")
        return demo_main(argv[1:])
    args = parser().parse_args(argv)
    try:
        settings = load_settings(env_file=args.env)
    except ConfigError as exc:
        logs.fail(f"Konfigurasi salah: {exc}")
        return 2
    if args.command == "check":
        return check_main(settings)
    if args.command in ("backup", "restore"):
        logs.setup(settings.log_level, token=settings.telegram_bot_token)
        return backup.main(settings, args.command, args.file, overwrite=getattr(args, "timpa", False))
    return run_bot(settings)


def run_bot(settings: Settings) -> int:
    token = settings.telegram_bot_token
    try:
        prepare(settings)  # logging, the token's form, files, folders, the database: one line each
        # imported here: `--help`, `check` and a bad configuration never load python-telegram-bot
        from handlers.launch import TokenRefused, run  # noqa: PLC0415

        try:
            run(settings)
        except TokenRefused:
            raise StartFailure(
                "TELEGRAM_BOT_TOKEN ditolak Telegram (token salah atau sudah dicabut): "
                "salin token yang berlaku dari @BotFather (/mytoken) ke .env"
            ) from None
    except StartFailure as exc:
        logs.fail(f"Tidak dapat mulai: {exc}", token=token)
        return 2
    except KeyboardInterrupt:
        return 0
    except Exception as exc:  # noqa: BLE001 - known start failures become one line; a bug keeps its traceback
        line = explain(exc, settings)
        if line is None:
            raise
        logs.fail(f"Tidak dapat mulai: {line}", token=token)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
