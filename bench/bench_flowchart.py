"""How long drawing the SOP flowchart takes: `python -m bench.bench_flowchart` (docs/PERFORMANCE.md)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from bot.flowchart.draw import draw
from bot.flowchart.layout import compute_layout
from bot.flowchart.progress import period_progress
from bot.sop import load_sop
from tests.sop_samples import big_sop

SOP = Path(__file__).resolve().parents[1] / "bot" / "sops" / "pengumpulan_data_kinerja.toml"


def timed(label: str, fn, repeat: int = 3) -> None:
    fn()  # the first call pays for the import and the font cache
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    print(f"{label}: {(time.perf_counter() - start) / repeat:.2f} s")


def main() -> None:
    shipped = compute_layout(load_sop(SOP), agency="BPKAD", unit_count=5)
    status = compute_layout(load_sop(SOP), agency="BPKAD", unit_count=5, progress=True)
    big = compute_layout(big_sop(30), agency="BPKAD", unit_count=5)
    start = time.perf_counter()
    from matplotlib.figure import Figure  # noqa: F401 - what the first drawing of a process pays

    print(f"import matplotlib: {time.perf_counter() - start:.2f} s")
    timed("/sop, 9 steps, PNG + PDF", lambda: draw(shipped))
    progress = period_progress(load_sop(SOP), [], ("a", "b", "c", "d", "e"), datetime.now(UTC))
    timed("/status picture, 9 steps, PNG only", lambda: draw(status, progress=progress, pdf=False))
    timed("30 steps, 8 actors, PNG + PDF", lambda: draw(big))


if __name__ == "__main__":
    main()
