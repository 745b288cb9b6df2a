"""/sop and the /status picture through the real Application and the Bot API stand-in."""

from __future__ import annotations

import asyncio
import io
from collections import Counter
from datetime import timedelta

from bot.flowchart.draw import PNG_WIDTH, dpi_of
from bot.flowchart.layout import compute_layout
from bot.flowchart.progress import STATES
from bot.texts import fits_caption
from tests.scenario import enrol_everyone, through_meeting, upload_filled


def photos(user) -> list[dict]:
    return [m for m in user.inbox if m.get("photo")]


def decode(png: bytes):
    from matplotlib.image import imread

    return imread(io.BytesIO(png), format="png")


def pixel(image, x_in: float, y_in: float, dpi: float) -> str:
    """The colour around a point of the drawing (in the layout's inches), as #rrggbb: the most
    common one in a small square, so a hatch line or the edge of a glyph does not decide it."""
    seen = Counter()
    for dx in range(-4, 5, 2):
        for dy in range(-4, 5, 2):
            r, g, b = (round(float(c) * 255) for c in image[int(y_in * dpi) + dy, int(x_in * dpi) + dx][:3])
            seen[f"#{r:02x}{g:02x}{b:02x}"] += 1
    return seen.most_common(1)[0][0]


async def test_sop_sends_the_flowchart_and_a_pdf_to_every_member(run):
    people = await enrol_everyone(run)
    await run.say(people["pelaksana:aset"], "/sop")
    picture = photos(people["pelaksana:aset"])[-1]
    assert "Mekanisme Pengumpulan Data Kinerja" in picture["caption"]
    assert picture["photo"][-1]["width"] == PNG_WIDTH
    pdf = [m for m in people["pelaksana:aset"].inbox if m.get("document")][-1]
    assert pdf["document"]["file_name"].endswith(".pdf") and pdf["document_bytes"].startswith(b"%PDF")


async def test_status_during_a_period_sends_the_picture_coloured_by_progress(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    await upload_filled(run, people, "anggaran")
    run.clock.advance(timedelta(days=1, hours=1))  # every other unit is now late at step 5

    answers = await run.say(people["kaban"], "/status")
    assert "Status Oktober 2026" in answers[-1]  # the text stays, and comes last
    picture = photos(people["kaban"])[-1]
    assert "Oktober 2026" in picture["caption"]
    png = await asyncio.to_thread(decode, picture["photo_bytes"])  # off the loop the bot's polling runs on
    assert picture["photo"][-1]["width"] == PNG_WIDTH

    core = run.core
    layout = compute_layout(
        core.sop, agency="x", unit_names={u.code: u.name for u in core.org.units}, unit_count=len(core.org.data_units)
    )
    dpi = dpi_of(layout)
    first, fourth, ninth = layout.node(1), layout.node(4), layout.node(9)
    assert pixel(png, first.x - first.w * 0.3, first.y, dpi) == STATES["on_time"][1]
    # the meeting was confirmed past the step's deadline, which then follows it (docs/REMINDERS.md)
    assert pixel(png, fourth.x - fourth.w * 0.3, fourth.y, dpi) == STATES["on_time"][1]
    assert pixel(png, ninth.x - ninth.w * 0.3, ninth.y, dpi) == STATES["waiting"][1]
    # step 5, one slice per unit in the organisation's order: Sekretariat, Anggaran (done), then late ones
    five = layout.node(5)
    slice_w = five.w / 5
    colours = [pixel(png, five.x - five.w / 2 + (i + 0.5) * slice_w, five.y - five.h * 0.3, dpi) for i in range(5)]
    assert colours == [STATES["late"][1], STATES["on_time"][1]] + [STATES["late"][1]] * 3


async def test_status_is_one_message_when_its_text_fits_a_caption(run):
    people = await enrol_everyone(run)
    await run.say(people["kaban"], "/perintah Oktober 2026 mohon tepat waktu")
    kaban = people["kaban"]
    before = len(kaban.inbox)

    await run.say(kaban, "/status")

    answers = kaban.inbox[before:]
    assert len(answers) == 1, [a.get("text") or a.get("caption") for a in answers]
    caption = answers[0]["caption"]
    assert answers[0]["photo"] and caption.startswith("📊 Status Oktober 2026")
    assert "1. " in caption and "belum dimulai" in caption  # every step's line is in the caption


async def test_status_too_long_for_a_caption_comes_as_the_picture_then_the_text(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)
    run.clock.advance(timedelta(days=1, hours=1))  # a line per unit at step 5, and steps done with their times
    kaban = people["kaban"]
    before = len(kaban.inbox)

    await run.say(kaban, "/status")

    answers = kaban.inbox[before:]
    assert [bool(a.get("photo")) for a in answers] == [True, False]
    assert "Bagan alir SOP" in answers[0]["caption"]
    assert answers[1]["text"].startswith("📊 Status Oktober 2026") and not fits_caption(answers[1]["text"])
