"""The SOP flowchart: which step sits in which column, the symbols and arrows, the picture itself."""

from __future__ import annotations

import dataclasses
import struct
from datetime import UTC
from pathlib import Path

import pytest

from bot.flowchart.draw import PNG_WIDTH, draw, png_size
from bot.flowchart.layout import MAX_LINES, FlowchartError, compute_layout
from bot.flowchart.progress import period_progress
from bot.sop import SopDefinition, Step, load_sop
from bot.sopview import fits_photo
from tests.sop_samples import big_sop

SOPS = Path(__file__).resolve().parents[1] / "bot" / "sops"
UNIT_NAMES = {"perencanaan": "Subbagian Perencanaan", "aset": "Bidang Aset"}


def layout_of(sop, **extra):
    return compute_layout(
        sop,
        agency="Badan Pengelola Keuangan dan Aset Daerah Kabupaten Way Kanan",
        unit_names=UNIT_NAMES,
        unit_count=5,
        **extra,
    )


def png_dimensions(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def columns_of(layout) -> dict[int, tuple[str, str | None]]:
    return {n.step_no: (layout.lanes[n.lane].role, layout.lanes[n.lane].unit) for n in layout.nodes}


def test_detailed_sop_one_column_per_actor_and_the_return_from_validation():
    layout = layout_of(load_sop(SOPS / "pengumpulan_data_kinerja.toml"))
    assert [lane.label for lane in layout.lanes] == [
        "Kepala Badan",
        "Sekretaris",
        "Kepala Bidang",
        "Kasubbag Perencanaan / JF Perencanaan",
        "Jabatan Pelaksana",
        "Jabatan Pelaksana (Subbagian Perencanaan)",
    ]
    assert columns_of(layout) == {
        1: ("kaban", None),
        2: ("sekretaris", None),
        3: ("perencanaan", None),
        4: ("perencanaan", None),
        5: ("pelaksana", None),
        6: ("pelaksana", None),
        7: ("kabid", None),
        8: ("kabid", None),
        9: ("pelaksana", "perencanaan"),
    }
    assert {n.step_no: n.shape for n in layout.nodes} == {
        1: "terminator",
        2: "process",
        3: "process",
        4: "process",
        5: "process",
        6: "process",
        7: "decision",
        8: "process",
        9: "terminator",
    }
    assert [n.step_no for n in layout.nodes if n.per_unit] == [5, 6, 7, 8]
    edges = {(e.src, e.dst, e.kind): e.label for e in layout.edges if e.kind != "attend"}
    assert edges == {
        (1, 2, "next"): "",
        (2, 3, "next"): "",
        (3, 4, "next"): "",
        (4, 5, "next"): "",
        (5, 6, "next"): "",
        (6, 7, "next"): "",
        (7, 8, "next"): "ya",
        (8, 9, "next"): "",
        (7, 5, "return"): "tidak",
    }
    back = next(e for e in layout.edges if e.kind == "return")
    assert back.points[0] == layout.node(7).side(1) and back.points[-1] == layout.node(5).side(-1)
    # the meeting's attendees are marked in their own columns
    assert {layout.lanes[lane].role for step, lane in layout.attendance if step == 4} == {
        "sekretaris",
        "kabid",
        "pelaksana",
    }
    labels = [c.label for c in layout.columns]
    assert labels[:2] == ["No", "Uraian Kegiatan"] and labels[-4:] == ["Kelengkapan", "Waktu", "Output", "Keterangan"]
    row7 = layout.rows[6].cells
    assert row7["waktu"] == ("1 hari kerja",) and row7["kelengkapan"] == ("Dokumen",)
    assert "kembali ke langkah 5" in " ".join(row7["keterangan"])


def test_every_symbol_stands_in_its_actors_column_and_its_own_row():
    layout = layout_of(load_sop(SOPS / "ringkasan.toml"))
    assert columns_of(layout) == {
        1: ("kaban", None),
        2: ("sekretaris", None),
        3: ("perencanaan", None),
        4: ("kabid", None),
        5: ("pelaksana", "perencanaan"),
        6: ("perencanaan", None),
    }
    for node, row in zip(layout.nodes, layout.rows):
        column = layout.lanes[node.lane].column
        assert column.x0 < node.x - node.w / 2 and node.x + node.w / 2 < column.x1
        assert row.y0 < node.y - node.h / 2 and node.y + node.h / 2 < row.y1


@pytest.mark.parametrize("name", ["pengumpulan_data_kinerja", "ringkasan"])
def test_shipped_sops_draw_a_png_of_the_promised_size_and_a_pdf(name):
    layout = layout_of(load_sop(SOPS / f"{name}.toml"))
    drawing = draw(layout)
    assert png_dimensions(drawing.png) == drawing.size == png_size(layout)
    assert drawing.size[0] == PNG_WIDTH and fits_photo(drawing.size)
    assert drawing.pdf.startswith(b"%PDF")


def test_thirty_steps_and_eight_actors_still_draw_legibly():
    sop = big_sop(30)
    layout = layout_of(sop)
    assert len(layout.lanes) == 8 and len(layout.nodes) == 30
    assert columns_of(layout)[16] == ("kabid", "aset") and columns_of(layout)[11] == ("kabid", None)
    assert all(len(lines) <= MAX_LINES for row in layout.rows for lines in row.cells.values())
    tops = [row.y0 for row in layout.rows]
    assert tops == sorted(tops) and all(r.y1 == n.y0 for r, n in zip(layout.rows, layout.rows[1:]))
    lane_width = layout.lanes[0].column.x1 - layout.lanes[0].column.x0
    pixels_per_inch = PNG_WIDTH / layout.width
    assert lane_width * pixels_per_inch >= 140  # a lane is wide enough for its symbol and its label
    drawing = draw(layout)
    assert png_dimensions(drawing.png) == drawing.size and drawing.size[0] == PNG_WIDTH
    assert fits_photo(drawing.size)


def test_a_return_to_a_later_step_is_refused_with_the_reason():
    sop = load_sop(SOPS / "pengumpulan_data_kinerja.toml")
    steps = tuple(dataclasses.replace(s, return_to=9) if s.no == 7 else s for s in sop.steps)
    with pytest.raises(FlowchartError, match="Langkah 7 dikembalikan ke langkah 9, yang ada sesudahnya"):
        layout_of(dataclasses.replace(sop, steps=steps))
    steps = tuple(dataclasses.replace(s, return_to=42) if s.no == 7 else s for s in sop.steps)
    with pytest.raises(FlowchartError, match="langkah 42, yang tidak ada"):
        layout_of(dataclasses.replace(sop, steps=steps))


def test_an_actor_with_no_step_of_its_own_gets_an_empty_column():
    steps = (
        Step(1, "Perintah", "kaban", False, 15, "Disposisi", kind="perintah"),
        Step(2, "Rapat dihadiri Kasubbag Umum", "perencanaan", False, 60, "Notulen", kind="rapat", attendees=("umum",)),
        Step(3, "Selesai", "perencanaan", False, 30, "Laporan"),
    )
    layout = layout_of(SopDefinition("x", "SOP Kecil", "", steps))
    umum = next(i for i, lane in enumerate(layout.lanes) if lane.role == "umum")
    assert all(n.lane != umum for n in layout.nodes) and layout.attendance == ((2, umum),)
    assert png_dimensions(draw(layout).png)[0] == PNG_WIDTH


def test_a_single_step_and_a_validation_without_return_still_draw():
    one = SopDefinition("satu", "Satu Langkah", "", (Step(1, "Perintah", "kaban", False, 5, "-", kind="perintah"),))
    assert [n.shape for n in layout_of(one).nodes] == ["terminator"]
    draw(layout_of(one))
    steps = (
        one.steps[0],
        Step(2, "Validasi", "kabid", True, 60, "Data", kind="validasi"),
        Step(3, "Akhir", "pelaksana", False, 60, "Rekap", unit="perencanaan"),
    )
    layout = layout_of(SopDefinition("v", "Validasi", "", steps))
    assert layout.node(2).shape == "decision" and not [e for e in layout.edges if e.kind == "return"]
    draw(layout)


def test_progress_colours_each_step_and_counts_units():
    from datetime import datetime, timedelta
    from types import SimpleNamespace as Task

    sop = load_sop(SOPS / "pengumpulan_data_kinerja.toml")
    now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    hour = timedelta(hours=1)

    def task(step, unit=None, status="done", due=now, done=None, round_no=1):
        return Task(
            id=None,
            step_no=step,
            unit_code=unit,
            round=round_no,
            status=status,
            due_at=due,
            done_at=done if status != "open" else None,
        )

    tasks = [
        task(1, done=now - 2 * hour),
        task(2, done=now + hour, due=now),
        task(3, status="open", due=now - hour),
        task(5, "a", done=now - hour),
        task(5, "b", status="open", due=now + hour),
        task(5, "c", status="open", due=now - hour),
        task(7, "a", status="returned", done=now - hour),
        task(5, "a", status="open", due=now + hour, round_no=2),
    ]
    progress = period_progress(sop, tasks, ("a", "b", "c", "d"), now)
    assert progress[1].states == ("on_time",) and progress[2].states == ("late_done",)
    assert progress[3].states == ("late",) and progress[4].states == ("waiting",)
    assert progress[5].states == ("open", "open", "late", "waiting")
    assert progress[5].note == "4 unit: 2 berjalan, 1 terlambat, 1 belum"
    assert progress[7].states == ("returned", "waiting", "waiting", "waiting")
    drawing = draw(layout_of(sop), progress=progress, subtitle="Kemajuan Oktober 2026")
    assert png_dimensions(drawing.png) == drawing.size
