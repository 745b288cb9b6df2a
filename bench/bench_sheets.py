"""Spreadsheet benchmark: intake of one upload, and the agency recap against a pandas merge.

    python bench/bench_sheets.py            # full table (about a minute)
    python bench/bench_sheets.py --quick    # smaller sizes

Time is the best of N runs (time.perf_counter); memory is the tracemalloc peak of one
separate run (Python allocations only, so pandas' numpy buffers are counted too but
C-library buffers are not). Results go in docs/PERFORMANCE.md, section "Spreadsheets".
"""

from __future__ import annotations

import io
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook  # noqa: E402

from bot.sheets.intake import check_upload  # noqa: E402
from bot.sheets.recap import compile_recap  # noqa: E402
from bot.sheets.template import FIRST_DATA_ROW, HEADER_ROW, KETERANGAN_COLUMN, REALISASI_COLUMN, build_template  # noqa: E402
from bot.sheets.totals import RecapUnit  # noqa: E402
from bot.sheets.types import Indicator  # noqa: E402

PERIODE = "2026-TW3"


def make_indicators(count: int) -> tuple[Indicator, ...]:
    polarities = ("higher", "higher", "lower")
    return tuple(
        Indicator(
            "bidang",
            f"I-{i:03d}",
            f"Sasaran {i // 10}",
            f"Indikator kinerja nomor {i}",
            "%",
            polarities[i % 3],
            Decimal(80 + i % 20),
        )
        for i in range(count)
    )


def filled_file(indicators: tuple[Indicator, ...]) -> bytes:
    template = build_template(
        unit_code="bidang",
        unit_name="Bidang Uji",
        periode_code=PERIODE,
        periode_label="Triwulan III 2026",
        indicators=indicators,
    )
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for offset in range(len(indicators)):
        sheet.cell(
            row=FIRST_DATA_ROW + offset, column=REALISASI_COLUMN, value=f"{70 + offset % 30},5"
        )  # Indonesian text
        sheet.cell(row=FIRST_DATA_ROW + offset, column=KETERANGAN_COLUMN, value="sesuai laporan")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(best seconds, peak MiB)."""
    best = min(_timed(action) for _ in range(repeat))
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1048576


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_intake(sizes: tuple[int, ...]) -> None:
    print("\nIntake (check_upload of one filled file)")
    print(f"{'indikator':>10} {'ukuran':>9} {'waktu':>9} {'puncak mem':>11}")
    for count in sizes:
        indicators = make_indicators(count)
        data = filled_file(indicators)
        result = check_upload(data, file_name="x.xlsx", unit_code="bidang", periode_code=PERIODE, indicators=indicators)
        assert result.accepted, result.summary_lines[:3]

        def run(data=data, indicators=indicators):
            return check_upload(
                data, file_name="x.xlsx", unit_code="bidang", periode_code=PERIODE, indicators=indicators
            )

        seconds, peak = measure(run, 5)
        print(f"{count:>10} {len(data) / 1024:>7.0f}KB {seconds * 1000:>7.0f}ms {peak:>9.1f}MB")


def pandas_merge(files: list[bytes]) -> bytes:
    """What an analyst would do by hand: read each unit file, concat, write one sheet."""
    import pandas as pd

    frames = []
    for number, data in enumerate(files):
        frame = pd.read_excel(io.BytesIO(data), sheet_name=0, header=HEADER_ROW - 1)
        frame.insert(0, "Unit", f"unit{number}")
        frames.append(frame)
    out = io.BytesIO()
    pd.concat(frames).to_excel(out, sheet_name="Rekap", index=False)
    return out.getvalue()


def bench_recap(units_list: tuple[int, ...], sizes: tuple[int, ...]) -> None:
    import pandas  # noqa: F401 - imported once here, so no row pays for the import

    print("\nRekap badan (compile_recap) vs pandas (read_excel x unit, concat, to_excel)")
    print(f"{'unit':>5} {'indikator':>10} {'baris':>7} {'recap':>9} {'mem':>8} {'pandas':>9} {'mem':>8}")
    for count in sizes:
        indicators = make_indicators(count)
        data = filled_file(indicators)
        result = check_upload(data, file_name="x.xlsx", unit_code="bidang", periode_code=PERIODE, indicators=indicators)
        for units in units_list:
            recap_units = [RecapUnit(f"u{i}", f"Unit {i}", result) for i in range(units)]

            def ours_run(recap_units=recap_units):
                return compile_recap(
                    periode_code=PERIODE,
                    periode_label="TW III",
                    units=recap_units,
                    sources=(),
                    compliance=(),
                    tz="Asia/Jakarta",
                )

            ours, ours_mem = measure(ours_run, 3)
            theirs, theirs_mem = measure(lambda files=[data] * units: pandas_merge(files), 1)
            print(
                f"{units:>5} {count:>10} {units * count:>7} {ours * 1000:>7.0f}ms {ours_mem:>6.1f}MB "
                f"{theirs * 1000:>7.0f}ms {theirs_mem:>6.1f}MB"
            )


def main() -> None:
    warnings.simplefilter("ignore")  # openpyxl's style warning when pandas reads our files
    quick = "--quick" in sys.argv
    bench_intake((20, 100) if quick else (20, 100, 200))
    bench_recap((5, 20) if quick else (5, 20, 50), (20, 100) if quick else (20, 100, 200))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nru_maxrss seluruh proses: {rss:.0f} MB (Linux: KiB -> MB)")


if __name__ == "__main__":
    main()
