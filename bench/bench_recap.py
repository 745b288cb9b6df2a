"""The whole recap (workbook, report document, chart) for a large agency, and the idle bot's memory.

    python bench/bench_recap.py                  # 50 units x 200 indicators, then idle memory
    python bench/bench_recap.py --units 5 --indicators 20

Time: best of 3 runs of `agency_recap_files` (time.perf_counter), in a fresh process so the first
run pays matplotlib's and python-docx's import as the bot's first recap does (shown apart).
Idle memory: the real bot (`python -m bot`) polling a local Bot API stand-in for 8 s, VmRSS from
/proc, and which heavy libraries it has mapped (matplotlib, numpy, lxml, Pillow: none). Twice: the
first start on a new DATA_DIR migrates a new database and reads the indicator master (openpyxl) to
record it as good; every later start does neither. Results go in docs/PERFORMANCE.md, section
"Recap files".
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_recap(units: int, indicators: int) -> None:
    from tools.samples import PERIODE, letterhead, sample_compliance, sample_sources, sample_units

    recap_units, _ = sample_units(units, indicators)  # parsed through intake once, not timed
    from bot.sheets.bundle import agency_recap_files
    from bot.sheets.charts import unit_chart_png
    from bot.sheets.recap import compile_recap
    from bot.sheets.report import ReportUnit, build_report
    from bot.sheets.totals import agency_totals, summarize

    head = letterhead()
    sources, compliance = sample_sources(recap_units), sample_compliance(recap_units)

    def whole():
        return agency_recap_files(
            periode_code=PERIODE,
            head=head,
            units=recap_units,
            sources=sources,
            compliance=compliance,
            tz="Asia/Jakarta",
        )

    start = time.perf_counter()
    files = whole()
    first = time.perf_counter() - start
    best = min(_timed(whole) for _ in range(3))
    summaries = [summarize(u) for u in recap_units]
    parts = {
        "workbook": lambda: compile_recap(
            periode_code=PERIODE,
            periode_label=head.periode_label,
            units=recap_units,
            sources=sources,
            compliance=compliance,
            tz="Asia/Jakarta",
            letterhead=head,
        ),
        "chart": lambda: unit_chart_png(summaries, agency=head.agency, periode_label=head.periode_label),
        "document": lambda: build_report(
            head=head,
            title="Laporan Capaian Kinerja",
            chart_png=files.chart,
            units=[
                ReportUnit(u.unit_name, s, () if u.missing else u.result.rows) for u, s in zip(recap_units, summaries)
            ],
            totals=agency_totals(recap_units),
        ),
    }
    rows = sum(len(u.result.rows) for u in recap_units if not u.missing)
    print(f"\nRekap {units} unit x {indicators or 'master'} indikator ({rows} baris)")
    print(f"  seluruh berkas, pertama (dengan impor): {first * 1000:7.0f} ms")
    print(f"  seluruh berkas, terbaik dari 3:         {best * 1000:7.0f} ms")
    for name, action in parts.items():
        print(f"    {name:9} {min(_timed(action) for _ in range(3)) * 1000:7.0f} ms")
    print(
        f"  ukuran: xlsx {len(files.workbook) // 1024} KB, docx {len(files.report) // 1024} KB, "
        f"png {len(files.chart) // 1024} KB"
    )


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


async def _idle_memory(seconds: float) -> None:
    from standin import BotApiStandin

    standin = BotApiStandin(token="123456:BENCH-TOKEN")
    await standin.start()
    work = Path(tempfile.mkdtemp(prefix="kinerja-idle-"))
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "TELEGRAM_API_FILE_URL": standin.file_url,
        "DATABASE_URL": f"sqlite:///{work}/idle.db",
        "DATA_DIR": str(work / "data"),
        "LOG_LEVEL": "WARNING",
    }
    try:
        print()
        for start in ("start pertama (basis data baru, master diperiksa)", "start berikutnya"):
            rss, hwm, heavy = await _idle_bot(env, seconds)
            print(
                f"Bot menganggur ({seconds:.0f} s, long polling ke stand-in), {start}: VmRSS {rss:.0f} MB, "
                f"puncak {hwm:.0f} MB; modul berat dimuat: {', '.join(heavy) or 'tidak ada'}"
            )
    finally:
        await standin.stop()


async def _idle_bot(env: dict[str, str], seconds: float) -> tuple[float, float, list[str]]:
    """(VmRSS, VmHWM in MB, heavy libraries mapped) of `python -m bot` after `seconds` of polling."""
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        await asyncio.sleep(seconds)
        assert bot.poll() is None, f"the bot ended (exit {bot.returncode})"
        status = Path(f"/proc/{bot.pid}/status").read_text()
        maps = Path(f"/proc/{bot.pid}/maps").read_text()
    finally:
        bot.terminate()
        bot.wait(timeout=20)
    field = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in status.splitlines() if "kB" in line}
    # compiled libraries only: openpyxl and python-docx are pure Python, lxml and Pillow come with them
    heavy = [name for name in ("matplotlib", "numpy", "lxml", "PIL") if f"/{name}/" in maps]
    return field["VmRSS"], field["VmHWM"], heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--idle-seconds", type=float, default=8)
    args = parser.parse_args()
    bench_recap(args.units, args.indicators)
    if sys.platform.startswith("linux") and args.idle_seconds > 0:
        asyncio.run(_idle_memory(args.idle_seconds))


if __name__ == "__main__":
    main()
