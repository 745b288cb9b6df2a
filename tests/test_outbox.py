"""The outbox: long messages split within Telegram's limit, in order, each part once."""

from __future__ import annotations

import asyncio

from bot.action import Sender
from handlers.sending import TEXT_LIMIT, plain, split_text
from tests.conftest import ADMIN_ID


def test_split_keeps_lines_whole_and_parts_within_the_limit():
    lines = [f"<b>Baris {i}</b>: " + "data " * (i % 40) for i in range(600)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1 and all(len(p) <= TEXT_LIMIT for p in parts)
    assert "\n".join(parts).split("\n") == lines


def test_a_single_enormous_line_is_cut_at_spaces():
    text = "kata " * 3000
    parts = split_text(text)
    assert all(len(p) <= TEXT_LIMIT for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_plain_removes_markup_and_unescapes():
    assert plain("<b>Budi &amp; Sari</b> &lt;3") == "Budi & Sari <3"


async def test_a_long_answer_arrives_in_order_in_several_messages(run):
    admin = run.standin.user(ADMIN_ID, "Operator")
    lines = [f"{i:04d} " + "x" * 60 for i in range(300)]

    def long_reply(action):
        action.reply("\n".join(lines))

    await asyncio.to_thread(run.core.act, Sender(ADMIN_ID, ADMIN_ID, "Operator"), long_reply)
    await run.settle()
    received = admin.texts()
    assert len(received) >= 5
    assert "\n".join(received).split("\n") == lines
    assert run.standin.violations == []


def test_a_cut_inside_a_tag_closes_it_and_opens_it_again():
    note = " ".join(f"kata{i}" for i in range(1500))
    parts = split_text(f"📝 Catatan: <i>{note}</i>\nBaris akhir")
    assert len(parts) > 1 and all(len(p.encode("utf-16-le")) // 2 <= TEXT_LIMIT for p in parts)
    for part in parts[:-1]:
        assert part.count("<i>") == part.count("</i>") == 1
    assert plain(" ".join(parts)).split() == plain(f"📝 Catatan: {note}\nBaris akhir").split()


def test_emoji_count_double_against_the_limit():
    parts = split_text("📋" * 3000)
    assert len(parts) == 2 and all(len(p) <= TEXT_LIMIT // 2 for p in parts)


def test_a_caption_is_measured_as_shown_without_markup_and_in_utf16_units():
    from bot.texts import fits_caption

    assert fits_caption("<b>" + "a" * 1024 + "</b>")  # the tags are not shown, so not counted
    assert not fits_caption("a" * 1025)
    assert fits_caption("&amp;" * 1024)  # an entity is one character
    assert not fits_caption("📊" * 513)  # an emoji is two UTF-16 units: 1026
