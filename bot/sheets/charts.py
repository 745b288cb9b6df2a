"""Charts for the chat and the report: capaian per unit (agency recap) and per indicator (unit
recap), drawn by matplotlib as PNG. Horizontal bars coloured by category with a legend, the 100 %
line, Indonesian numbers, the period's name and the agency in the title.

matplotlib is imported inside `_draw` (start-up cost: the idle bot never loads it) and used
through its object API with the Agg canvas, never pyplot, so worker threads share no state."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from bot.sheets.numbers import format_number
from bot.sheets.scales import DEFAULT_SCALE, Scale
from bot.sheets.types import FilledRow, UnitSummary

WIDTH_PX, DPI = 1280, 100  # 1280 px: sharp on a phone, ~200 dpi at 16 cm in the .docx
BAR_INCH, MIN_BAR_INCH = 0.34, 0.16
TOP_INCH, BOTTOM_INCH = 1.0, 1.2  # title and subtitle above; axis label and legend below
MAX_HEIGHT_PX = 8600  # Telegram: width + height of a photo at most 10 000 px
PALETTE = ("#1b7837", "#2c7fb8", "#f2c12e", "#f07c18", "#c62828", "#7b1fa2")  # best band first
GREY = "#9e9e9e"
LABEL_CHARS = 56
CHAR_INCH = 0.085  # average width of a DejaVu Sans character at 10 pt


def unit_chart_png(
    summaries: Sequence[UnitSummary], *, agency: str, periode_label: str, bands: Scale = DEFAULT_SCALE
) -> bytes:
    """Average capaian of each unit; a unit whose data did not come in is named, not drawn."""
    bars = [(s.unit_name, s.average, "Data tidak masuk" if s.missing else "Tidak ada data") for s in summaries]
    return _draw(bars, title=f"Capaian kinerja per unit — {periode_label}", subtitle=agency, bands=bands)


def indicator_chart_png(
    rows: Sequence[FilledRow], *, unit_name: str, agency: str, periode_label: str, bands: Scale = DEFAULT_SCALE
) -> bytes:
    """Capaian of each indicator of one unit, in the order of its data format."""
    bars = [(f"{r.no}. {r.name}", r.capaian, "Tidak ada data") for r in rows]
    subtitle = " — ".join(p for p in (unit_name, agency) if p)
    return _draw(bars, title=f"Capaian kinerja per indikator — {periode_label}", subtitle=subtitle, bands=bands)


def _draw(bars: list[tuple[str, Decimal | None, str]], *, title: str, subtitle: str, bands: Scale) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # imported here: start-up cost
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    count = max(len(bars), 1)
    per_bar = max(MIN_BAR_INCH, min(BAR_INCH, (MAX_HEIGHT_PX / DPI - TOP_INCH - BOTTOM_INCH) / count))
    height = TOP_INCH + BOTTOM_INCH + per_bar * count
    figure = Figure(figsize=(WIDTH_PX / DPI, height), dpi=DPI)
    FigureCanvasAgg(figure)
    font = 10 if per_bar >= 0.25 else 8
    longest = max((len(_short(label)) for label, _, _ in bars), default=10)
    left = 0.03 + longest * CHAR_INCH * font / 10 / (WIDTH_PX / DPI)  # room for the labels, no more
    axes = figure.add_axes((left, BOTTOM_INCH / height, 0.95 - left, per_bar * count / height))
    colours = dict(zip(bands.labels, PALETTE))
    values = [float(v) for _, v, _ in bars if v is not None]
    top = max([110.0, *(v * 1.15 for v in values)])
    low = min([0.0, *(v * 1.15 for v in values)])
    for y, (_label, value, missing) in enumerate(bars):
        if value is None:
            axes.text(max(low, 0) + top * 0.01, y, missing, va="center", color=GREY, style="italic", fontsize=font)
            continue
        axes.barh(y, float(value), height=0.68, color=colours.get(bands.category(value) or "", GREY))
        place = float(value) + top * 0.01 if value >= 0 else top * 0.01
        axes.text(
            place,
            y,
            format_number(value, 2),
            va="center",
            fontsize=font,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
    axes.axvline(100, color="#212121", linewidth=1.3, linestyle="--", zorder=0)
    axes.set_xlim(low, top)
    axes.set_ylim(len(bars) - 0.5 if bars else 0.5, -0.5)  # first bar on top, as in the table
    axes.set_yticks(range(len(bars)), [_short(label) for label, _, _ in bars], fontsize=font)
    step = 25 if top <= 250 else 50 * max(1, round(top / 500))
    axes.xaxis.set_major_locator(MultipleLocator(step))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_number(Decimal(str(round(x, 2))))))
    axes.set_xlabel("Capaian (%)", fontsize=11)
    axes.grid(axis="x", color="#e0e0e0", zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.text(0.02, 1 - 0.25 / height, title, fontsize=16, weight="bold", va="top")
    figure.text(0.02, 1 - 0.6 / height, subtitle, fontsize=12, va="top", color="#424242")
    handles = [Patch(color=colours[label], label=_band_label(bands, label)) for label in bands.labels]
    handles.append(Line2D([], [], color="#212121", linestyle="--", label="Target 100%"))
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles),
        frameon=False,
        fontsize=10,
        bbox_to_anchor=(0.5, 0.05 / height),
    )
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _band_label(bands: Scale, label: str) -> str:
    """The legend's words: each band with its lower bound, the last one below the one above it."""
    previous = None
    for band in bands.bands:
        if band.label == label:
            if band.bound is not None:
                return f"{label} ({'>' if band.strict else '≥'} {format_number(band.bound)})"
            if previous is not None:
                return f"{label} ({'≤' if previous.strict else '<'} {format_number(previous.bound)})"
            return label
        previous = band
    return label


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
