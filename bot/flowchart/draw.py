"""Paints a computed flowchart layout with matplotlib (Agg): PNG for the chat, PDF for print."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from bot.flowchart.layout import (
    HEADER_H,
    LANE_HEADER_H,
    MARGIN,
    SYMBOL_H,
    SYMBOL_W,
    Layout,
    Node,
    wrap,
)
from bot.flowchart.progress import STATES, StepProgress, legend_states

PNG_WIDTH = 2400  # px: sharp in Telegram's HD photos (up to 2560 px) and zoomable on a phone
FONT = 7.5  # pt in the drawing's own inches; the PDF is vector, the PNG 2400 px wide
INK, GRID, HEAD_FILL, SYMBOL_FILL = "#222222", "#555555", "#dfe7f1", "#ffffff"
ARROW, RETURN, ATTEND = "#222222", "#c62828", "#607d8b"


@dataclass(frozen=True)
class Drawing:
    png: bytes
    pdf: bytes
    size: tuple[int, int]  # the PNG's width and height in pixels


def dpi_of(layout: Layout) -> float:
    # A quarter pixel over: Agg truncates width × dpi, and 2399.9999 must still give 2400 px.
    return (PNG_WIDTH + 0.25) / layout.width


def png_size(layout: Layout) -> tuple[int, int]:
    return PNG_WIDTH, int(layout.height * dpi_of(layout))


def draw(
    layout: Layout, *, progress: dict[int, StepProgress] | None = None, subtitle: str = "", pdf: bool = True
) -> Drawing:
    """The flowchart; with `progress`, every symbol coloured by what happened at its step.
    `pdf=False` skips the print version (the /status picture is for the chat only)."""
    # imported here: start-up cost (matplotlib takes a second or more to import; the idle bot never needs it)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(layout.width, layout.height))
    FigureCanvasAgg(figure)  # Agg, never a GUI backend: this runs in a worker thread on a server
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, layout.width)
    axes.set_ylim(layout.height, 0)
    axes.set_axis_off()
    _title(axes, layout, subtitle)
    _table(axes, layout, progress)
    for edge in layout.edges:
        _edge(axes, edge)
    for step_no, lane in layout.attendance:
        _attendee(axes, layout, step_no, lane)
    for node in layout.nodes:
        _symbol(axes, node, progress.get(node.step_no) if progress else None)
    _legend(axes, layout, progress)
    png, printable = io.BytesIO(), io.BytesIO()
    figure.savefig(png, format="png", dpi=dpi_of(layout), facecolor="white")
    if pdf:
        figure.savefig(printable, format="pdf", facecolor="white", metadata={"Title": layout.title})
    data = png.getvalue()
    return Drawing(data, printable.getvalue(), struct.unpack(">II", data[16:24]))  # the PNG header's own size


def _text(axes, x, y, text, *, size=FONT, weight="normal", ha="left", va="center", colour=INK, style="normal"):
    axes.text(
        x, y, text, fontsize=size, fontweight=weight, ha=ha, va=va, color=colour, fontstyle=style, linespacing=1.15
    )


def _title(axes, layout: Layout, subtitle: str) -> None:
    x = MARGIN
    _text(axes, x, MARGIN + 0.05, "STANDAR OPERASIONAL PROSEDUR", size=9, weight="bold", va="top")
    _text(axes, x, MARGIN + 0.27, layout.title.upper(), size=12, weight="bold", va="top")
    meta = f"Nomor: {layout.reference}" if layout.reference else ""
    _text(axes, x, MARGIN + 0.58, " · ".join(p for p in (meta, layout.agency) if p), size=8.5, va="top")
    if subtitle:
        _text(
            axes,
            layout.width - MARGIN,
            MARGIN + 0.05,
            subtitle,
            size=9,
            weight="bold",
            ha="right",
            va="top",
            colour="#0d47a1",
        )


def _table(axes, layout: Layout, progress) -> None:
    from matplotlib.patches import Rectangle

    top, bottom = layout.table_top, layout.table_bottom
    head_bottom = top + HEADER_H + LANE_HEADER_H
    left, right = layout.columns[0].x0, layout.columns[-1].x1
    axes.add_patch(Rectangle((left, top), right - left, head_bottom - top, facecolor=HEAD_FILL, edgecolor="none"))
    for group in ("Pelaksana", "Mutu Baku"):
        members = [c for c in layout.columns if c.group == group]
        if members:
            x0, x1 = members[0].x0, members[-1].x1
            _text(axes, (x0 + x1) / 2, top + HEADER_H / 2, group, weight="bold", ha="center")
            axes.plot([x0, x1], [top + HEADER_H] * 2, color=GRID, lw=0.6)
    for column in layout.columns:
        label_top = top + HEADER_H if column.group else top
        lines = _wrap_header(column.label, column.x1 - column.x0)
        _text(
            axes,
            column.center,
            (label_top + head_bottom) / 2,
            "\n".join(lines),
            weight="bold",
            ha="center",
            size=FONT - (1 if len(lines) > 2 else 0),
        )
        axes.plot(
            [column.x0, column.x0],
            [label_top if column.group and column.x0 != _group_x0(layout, column) else top, bottom],
            color=GRID,
            lw=0.6,
        )
    axes.plot([right, right], [top, bottom], color=GRID, lw=0.8)
    for y in (top, head_bottom, bottom):
        axes.plot([left, right], [y, y], color=GRID, lw=0.8)
    for row in layout.rows:
        axes.plot([left, right], [row.y1, row.y1], color=GRID, lw=0.4)
        cells = dict(row.cells)
        if progress and row.step_no in progress and progress[row.step_no].note:
            note_col = layout.columns[-1]
            cells["keterangan"] = wrap(progress[row.step_no].note, note_col.x1 - note_col.x0)
        for column in layout.columns:
            lines = cells.get(column.key)
            if not lines:
                continue
            centred = column.key in ("no", "waktu")
            x = column.center if centred else column.x0 + 0.06
            _text(axes, x, row.center, "\n".join(lines), ha="center" if centred else "left")


def _group_x0(layout: Layout, column) -> float:
    return next(c.x0 for c in layout.columns if c.group == column.group)


def _wrap_header(label: str, width: float) -> list[str]:
    return list(wrap(label.replace(" / ", "/ "), width, max_lines=4))


def _edge(axes, edge) -> None:
    colour = {"next": ARROW, "return": RETURN, "attend": ATTEND}[edge.kind]
    xs, ys = zip(*edge.points)
    style = "--" if edge.kind == "attend" else "-"
    axes.plot(xs[:-1] + (xs[-1],), ys, color=colour, lw=0.9, ls=style, solid_joinstyle="miter")
    if edge.kind != "attend":
        axes.annotate(
            "",
            xy=edge.points[-1],
            xytext=edge.points[-2],
            arrowprops=dict(
                arrowstyle="-|>,head_length=0.5,head_width=0.25", color=colour, lw=0.9, shrinkA=0, shrinkB=0
            ),
        )
    if edge.label:
        (x0, y0), (x1, _) = edge.points[0], edge.points[1]
        if edge.label == "ya":
            _text(axes, x0 + 0.05, y0 + 0.09, "ya", size=FONT - 0.5, weight="bold", colour=colour)
        else:
            dx = 0.06 if x1 >= x0 else -0.06
            _text(
                axes,
                x0 + dx,
                y0 - 0.08,
                "tidak",
                size=FONT - 0.5,
                weight="bold",
                colour=colour,
                ha="left" if dx > 0 else "right",
            )


def _attendee(axes, layout: Layout, step_no: int, lane: int) -> None:
    from matplotlib.patches import FancyBboxPatch

    x, y = layout.lanes[lane].column.center, layout.node(step_no).y
    w, h = SYMBOL_W * 0.7, SYMBOL_H * 0.75
    axes.add_patch(
        FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.04",
            facecolor="white",
            edgecolor=ATTEND,
            lw=0.8,
            ls="--",
        )
    )
    _text(axes, x, y, "hadir", size=FONT - 1, ha="center", colour=ATTEND, style="italic")


def _outline(node: Node, dx: float = 0.0, dy: float = 0.0):
    from matplotlib.patches import FancyBboxPatch, Polygon, Rectangle

    x, y, w, h = node.x + dx, node.y + dy, node.w, node.h
    if node.shape == "decision":
        return Polygon([(x, y - h / 2), (x + w / 2, y), (x, y + h / 2), (x - w / 2, y)], closed=True)
    if node.shape == "terminator":
        return FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle=f"round,pad=0,rounding_size={h / 2}")
    return Rectangle((x - w / 2, y - h / 2), w, h)


def _symbol(axes, node: Node, progress: StepProgress | None) -> None:
    from matplotlib.patches import Rectangle

    if node.per_unit:  # a second outline behind: the step runs once for every unit
        shadow = _outline(node, 0.05, 0.04)
        shadow.set(facecolor="white", edgecolor=INK, lw=0.8)
        axes.add_patch(shadow)
    shape = _outline(node)
    states = progress.states if progress else ()
    single = STATES[states[0]] if len(states) == 1 else None
    shape.set(facecolor=single[1] if single else SYMBOL_FILL, hatch=single[2] if single else "", edgecolor=INK, lw=1.0)
    axes.add_patch(shape)
    if len(states) > 1:  # one slice per unit, left to right, clipped to the symbol's outline
        slice_w = node.w / len(states)
        for i, state in enumerate(states):
            _, colour, hatch = STATES[state]
            part = Rectangle(
                (node.x - node.w / 2 + i * slice_w, node.y - node.h / 2),
                slice_w,
                node.h,
                facecolor=colour,
                hatch=hatch,
                edgecolor="none",
                lw=0,
            )
            axes.add_patch(part)
            part.set_clip_path(shape)
        edge = _outline(node)
        edge.set(facecolor="none", edgecolor=INK, lw=1.0)
        axes.add_patch(edge)
        _text(axes, node.x, node.y, f"{progress.done}/{len(states)}", size=FONT, weight="bold", ha="center")
    else:
        _text(axes, node.x, node.y, str(node.step_no), size=FONT, weight="bold", ha="center")


def _legend(axes, layout: Layout, progress) -> None:
    """The symbols on one line; below them, with progress, the colours (wrapping at the page edge)."""
    y, x = layout.table_bottom + 0.22, MARGIN
    for shape, label in (
        ("terminator", "Mulai / selesai"),
        ("process", "Proses"),
        ("decision", "Keputusan (ya/tidak)"),
        ("per_unit", "Per unit"),
    ):
        node = Node(
            0,
            0,
            0,
            "process" if shape == "per_unit" else shape,
            shape == "per_unit",
            x + 0.22,
            y,
            0.4,
            0.26 if shape == "decision" else 0.2,
        )
        for dx, dy in (((0.04, 0.03),) if node.per_unit else ()) + ((0, 0),):
            outline = _outline(node, dx, dy)
            outline.set(facecolor="white", edgecolor=INK, lw=0.8)
            axes.add_patch(outline)
        _text(axes, x + 0.5, y, label)
        x += 0.75 + len(label) * 0.06
    if not progress:
        return
    y, x = y + 0.3, MARGIN
    for state in legend_states(progress):
        label, colour, hatch = STATES[state]
        width = 0.55 + len(label) * 0.06
        if x + width > layout.width - MARGIN:
            y, x = y + 0.26, MARGIN
        axes.add_patch(_swatch(x, y, colour, hatch))
        _text(axes, x + 0.36, y, label)
        x += width
    _text(
        axes,
        MARGIN,
        y + 0.26,
        "Angka di simbol per unit: unit yang selesai / semua unit; "
        "irisan warna dari kiri: unit menurut urutan organisasi.",
        size=FONT - 0.5,
        style="italic",
    )


def _swatch(x: float, y: float, colour: str, hatch: str):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y - 0.08), 0.28, 0.16, facecolor=colour, hatch=hatch, edgecolor=INK, lw=0.6)
