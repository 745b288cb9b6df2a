"""Where every part of an SOP flowchart goes (PermenPANRB 35/2012 notation), before any drawing.

Pure geometry in inches, origin at the top left, y growing downward: the columns of the SOP
table (No, Uraian Kegiatan, one lane per actor, Mutu Baku, Keterangan), one row per step with
its symbol in its actor's lane, and the arrows between the symbols. Tests read this object to
check which step sits in which column; `bot.flowchart.draw` only paints it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from bot.kinds import Role, StepKind
from bot.roles import role_name
from bot.sop import SopDefinition, Step
from bot.timefmt import format_working_minutes

# Lanes stand in the order of the seed's table: the head of the agency first, the staff last.
ROLE_ORDER = (Role.KABAN, Role.SEKRETARIS, Role.KABID, Role.PERENCANAAN, Role.UMUM, Role.PELAKSANA)
MARGIN = 0.25
LANE_W = 1.0
FIXED_COLUMNS = (  # key, header, width (in)
    ("no", "No", 0.38),
    ("uraian", "Uraian Kegiatan", 2.75),
)
MUTU_COLUMNS = (("kelengkapan", "Kelengkapan", 1.05), ("waktu", "Waktu", 1.0), ("output", "Output", 1.45))
NOTE_COLUMN = ("keterangan", "Keterangan", 1.5)
TITLE_H, HEADER_H, LANE_HEADER_H = 1.05, 0.28, 0.62
ROW_MIN_H, LINE_H, ROW_PAD = 0.66, 0.135, 0.16
CHARS_PER_INCH = 15.5  # DejaVu Sans at 7.5 pt, with room to spare
MAX_LINES = 7  # a very long title is cut with an ellipsis rather than making a giant row
SYMBOL_W, SYMBOL_H, DIAMOND_H = 0.72, 0.32, 0.46
GAP = 0.1  # how far beside a symbol the "tidak" line runs
LEGEND_H, PROGRESS_LEGEND_H = 0.45, 1.1  # the symbols; with progress also two lines of colours and a note


class FlowchartError(Exception):
    """A definition that cannot be drawn; the message (Indonesian) says which step and why."""


@dataclass(frozen=True)
class Column:
    key: str  # "no", "uraian", "lane:kabid", "kelengkapan", ...
    label: str
    x0: float
    x1: float
    group: str = ""  # "Pelaksana" or "Mutu Baku": the header spanning this column

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Lane:
    role: str
    unit: str | None
    label: str
    column: Column


@dataclass(frozen=True)
class Node:
    step_no: int
    row: int
    lane: int  # index into Layout.lanes
    shape: str  # terminator | process | decision
    per_unit: bool
    x: float  # centre
    y: float
    w: float
    h: float

    def side(self, direction: int) -> tuple[float, float]:
        """The middle of the right (+1) or left (-1) edge."""
        return (self.x + direction * self.w / 2, self.y)

    @property
    def top(self) -> tuple[float, float]:
        return (self.x, self.y - self.h / 2)

    @property
    def bottom(self) -> tuple[float, float]:
        return (self.x, self.y + self.h / 2)


@dataclass(frozen=True)
class Edge:
    src: int  # step numbers
    dst: int
    kind: str  # next | return | attend
    label: str  # "ya", "tidak" or ""
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Row:
    step_no: int
    y0: float
    y1: float
    cells: dict  # column key -> wrapped text lines (tuple[str, ...])

    @property
    def center(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Layout:
    title: str
    reference: str
    agency: str
    columns: tuple[Column, ...]
    lanes: tuple[Lane, ...]
    rows: tuple[Row, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    attendance: tuple[tuple[int, int], ...]  # (step_no, lane index) of meeting attendees
    table_top: float
    table_bottom: float
    width: float
    height: float

    def node(self, step_no: int) -> Node:
        return next(n for n in self.nodes if n.step_no == step_no)


def lane_key(step: Step) -> tuple[str, str | None]:
    """The lane a step's symbol stands in: its actor, and the unit when the step names one
    (the planning subdivision's pelaksana compile the agency recap, not every unit's)."""
    return (step.actor, None if step.per_unit else step.unit)


def lane_label(role: str, unit: str | None, unit_names: dict[str, str]) -> str:
    name = role_name(role)
    return f"{name} ({unit_names.get(unit, unit)})" if unit else name


def compute_layout(
    sop: SopDefinition,
    *,
    agency: str,
    unit_names: dict[str, str] | None = None,
    unit_count: int = 0,
    progress: bool = False,
) -> Layout:
    """The whole diagram of `sop`; FlowchartError for a definition that cannot be drawn.
    `progress`: room under the table for the colour legend of the /status picture."""
    _check(sop)
    unit_names = unit_names or {}
    lanes_keys = _lane_keys(sop)
    columns = _columns(lanes_keys, unit_names)
    lane_columns = [c for c in columns if c.key.startswith("lane:")]
    lanes = tuple(Lane(r, u, c.label, c) for (r, u), c in zip(lanes_keys, lane_columns))
    table_top = MARGIN + TITLE_H
    rows = _rows(sop, columns, table_top + HEADER_H + LANE_HEADER_H, unit_count)
    nodes = tuple(_node(sop, step, i, rows[i], lanes_keys, lanes) for i, step in enumerate(sop.steps))
    attendance = _attendance(sop, lanes_keys)
    edges = _edges(sop, nodes, rows, lanes, attendance)
    bottom = rows[-1].y1
    width = columns[-1].x1 + MARGIN
    return Layout(
        sop.title,
        sop.reference,
        agency,
        tuple(columns),
        lanes,
        tuple(rows),
        nodes,
        edges,
        attendance,
        table_top,
        bottom,
        width,
        bottom + (PROGRESS_LEGEND_H if progress else LEGEND_H) + MARGIN,
    )


def _check(sop: SopDefinition) -> None:
    if not sop.steps:
        raise FlowchartError("SOP ini tidak punya langkah: tidak ada yang dapat digambar.")
    numbers = [s.no for s in sop.steps]
    for step in sop.steps:
        if step.actor not in ROLE_ORDER:
            raise FlowchartError(
                f"Langkah {step.no}: pelaksana '{step.actor}' bukan peran SOP ({', '.join(ROLE_ORDER)})."
            )
        if step.return_to is None:
            continue
        if step.return_to not in numbers:
            raise FlowchartError(f"Langkah {step.no} dikembalikan ke langkah {step.return_to}, yang tidak ada.")
        if step.return_to >= step.no:
            raise FlowchartError(
                f"Langkah {step.no} dikembalikan ke langkah {step.return_to}, yang ada "
                'sesudahnya: pengembalian ("tidak") harus menuju langkah sebelumnya.'
            )


def _lane_keys(sop: SopDefinition) -> list[tuple[str, str | None]]:
    keys: list[tuple[str, str | None]] = []
    for step in sop.steps:
        if lane_key(step) not in keys:
            keys.append(lane_key(step))
    for step in sop.steps:  # a role that only attends a meeting still gets its column
        for role in step.attendees:
            if role in ROLE_ORDER and not any(r == role for r, _ in keys):
                keys.append((role, None))
    first_seen = {key: i for i, key in enumerate(keys)}
    return sorted(keys, key=lambda k: (ROLE_ORDER.index(k[0]), k[1] is not None, first_seen[k]))


def _columns(lanes: list[tuple[str, str | None]], unit_names: dict[str, str]) -> list[Column]:
    spec = [(k, label, w, "") for k, label, w in FIXED_COLUMNS]
    spec += [(f"lane:{r}:{u or ''}", lane_label(r, u, unit_names), LANE_W, "Pelaksana") for r, u in lanes]
    spec += [(k, label, w, "Mutu Baku") for k, label, w in MUTU_COLUMNS]
    spec += [(NOTE_COLUMN[0], NOTE_COLUMN[1], NOTE_COLUMN[2], "")]
    columns, x = [], MARGIN
    for key, label, width, group in spec:
        columns.append(Column(key, label, x, x + width, group))
        x += width
    return columns


def wrap(text: str, width_in: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    chars = max(4, int((width_in - 0.1) * CHARS_PER_INCH))
    lines = textwrap.wrap(" ".join(str(text).split()), chars, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, chars - 1)].rstrip() + "…"
    return tuple(lines)


def step_note(sop: SopDefinition, step: Step, unit_count: int) -> str:
    """The Keterangan of a step in the SOP as written (the progress picture writes its own)."""
    notes = []
    if step.per_unit:
        notes.append(f"Per unit ({unit_count} unit)" if unit_count else "Per unit")
    if step.return_to is not None:
        notes.append(f"Tidak sesuai: kembali ke langkah {step.return_to}")
    if step.attendees:
        notes.append("Peserta: " + ", ".join(role_name(r) for r in step.attendees))
    return "; ".join(notes)


def _rows(sop: SopDefinition, columns: list[Column], top: float, unit_count: int) -> list[Row]:
    width = {c.key: c.x1 - c.x0 for c in columns}
    rows, y = [], top
    for step in sop.steps:
        texts = {
            "no": str(step.no),
            "uraian": step.title,
            "kelengkapan": step.kelengkapan or "-",
            "waktu": format_working_minutes(step.minutes),
            "output": step.output,
            "keterangan": step_note(sop, step, unit_count),
        }
        cells = {key: wrap(text, width[key]) for key, text in texts.items()}
        lines = max(len(v) for v in cells.values())
        height = max(ROW_MIN_H, lines * LINE_H + ROW_PAD)
        rows.append(Row(step.no, y, y + height, cells))
        y += height
    return rows


def shape_of(sop: SopDefinition, step: Step) -> str:
    if step.kind == StepKind.VALIDASI or step.return_to is not None:
        return "decision"
    if step.no in (sop.steps[0].no, sop.steps[-1].no):
        return "terminator"
    return "process"


def _node(sop: SopDefinition, step: Step, index: int, row: Row, keys: list, lanes: tuple[Lane, ...]) -> Node:
    lane = keys.index(lane_key(step))
    shape = shape_of(sop, step)
    height = DIAMOND_H if shape == "decision" else SYMBOL_H
    return Node(step.no, index, lane, shape, step.per_unit, lanes[lane].column.center, row.center, SYMBOL_W, height)


def _attendance(sop: SopDefinition, keys: list[tuple[str, str | None]]) -> tuple[tuple[int, int], ...]:
    marks = []
    for step in sop.steps:
        own = keys.index(lane_key(step))
        for role in dict.fromkeys(step.attendees):
            lane = next(
                (i for i, (r, u) in enumerate(keys) if r == role and u is None),
                next((i for i, (r, _) in enumerate(keys) if r == role), None),
            )
            if lane is not None and lane != own:
                marks.append((step.no, lane))
    return tuple(marks)


def _edges(
    sop: SopDefinition,
    nodes: tuple[Node, ...],
    rows: list[Row],
    lanes: tuple[Lane, ...],
    attendance: tuple[tuple[int, int], ...],
) -> tuple[Edge, ...]:
    edges = []
    for a, b, row in zip(nodes, nodes[1:], rows):
        label = "ya" if a.shape == "decision" else ""
        edges.append(Edge(a.step_no, b.step_no, "next", label, _down(a, b, row.y1)))
    by_no = {n.step_no: n for n in nodes}
    for step in sop.steps:
        if step.return_to is not None:
            src, dst = by_no[step.no], by_no[step.return_to]
            edges.append(Edge(step.no, step.return_to, "return", "tidak", _back(src, dst)))
    for step_no, lane in attendance:
        node = by_no[step_no]
        x = lanes[lane].column.center
        edge_x = node.x + (SYMBOL_W / 2 if x > node.x else -SYMBOL_W / 2)
        edges.append(Edge(step_no, step_no, "attend", "", ((edge_x, node.y), (x, node.y))))
    return tuple(edges)


def _down(a: Node, b: Node, boundary: float) -> tuple[tuple[float, float], ...]:
    """From the bottom of `a` to the top of `b`, turning at the line between their rows."""
    start, end = a.bottom, b.top
    if abs(a.x - b.x) < 1e-6:
        return (start, end)
    turn = boundary + 0.06  # just under the row line, so the arrow never runs on it
    return (start, (a.x, turn), (b.x, turn), end)


def _back(src: Node, dst: Node) -> tuple[tuple[float, float], ...]:
    """The "tidak" branch: out of the diamond's side, up beside the target, into its side."""
    if abs(dst.x - src.x) < 1e-6:  # same lane: out to the right and back in from the right
        out, into, x = 1, 1, src.x + max(src.w, dst.w) / 2 + GAP
    elif dst.x > src.x:  # target to the right: leave right, come in from its left
        out, into, x = 1, -1, dst.x - dst.w / 2 - GAP
    else:  # target to the left: leave left, come in from its right
        out, into, x = -1, 1, dst.x + dst.w / 2 + GAP
    return (src.side(out), (x, src.y), (x, dst.y), dst.side(into))
