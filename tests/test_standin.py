"""The Bot API stand-in, driven by the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import html
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from standin import BotApiStandin, SimUser
from standin.tghtml import HtmlError, parse_html
from standin.users import as_telegram

BUDI = 1001
_PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandin]:
    server = BotApiStandin(token="123456:TEST-TOKEN", bot_username="kinerja_bot")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def budi(standin: BotApiStandin) -> SimUser:
    return standin.user(BUDI, "Budi", last_name="Santoso", username="budi")


@pytest.fixture
async def bot(standin: BotApiStandin) -> AsyncIterator[Bot]:
    async with Bot(standin.token, base_url=standin.base_url, base_file_url=standin.file_url) as client:
        yield client


# --- a small echo bot ---------------------------------------------------------------------


async def _record(update: Update, context: CallbackContext) -> None:
    context.bot_data.setdefault("seen", []).append(update.update_id)


async def _start(update: Update, context: CallbackContext) -> None:
    await update.message.reply_text(f"start: {' '.join(context.args)}")


async def _echo(update: Update, context: CallbackContext) -> None:
    await update.message.reply_html(f"echo: <b>{html.escape(update.message.text)}</b>")


async def _menu(update: Update, context: CallbackContext) -> None:
    keyboard = [[InlineKeyboardButton("Ya", callback_data="yes"), InlineKeyboardButton("Tidak", callback_data="no")]]
    await update.message.reply_text("Pilih:", reply_markup=InlineKeyboardMarkup(keyboard))


async def _pressed(update: Update, context: CallbackContext) -> None:
    await update.callback_query.answer("ok")
    await update.callback_query.edit_message_text(f"Dipilih: {update.callback_query.data}")


async def _document(update: Update, context: CallbackContext) -> None:
    file = await update.message.document.get_file()
    data = bytes(await file.download_as_bytearray())
    await update.message.reply_document(data[::-1], filename="reversed.bin", caption=f"{len(data)} bytes")


def _echo_app(standin: BotApiStandin) -> Application:
    app = (
        ApplicationBuilder()
        .token(standin.token)
        .base_url(standin.base_url)
        .base_file_url(standin.file_url)
        .job_queue(None)
        .build()
    )
    app.add_handler(TypeHandler(Update, _record), group=-1)
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CommandHandler("menu", _menu))
    app.add_handler(CallbackQueryHandler(_pressed))
    app.add_handler(MessageHandler(filters.Document.ALL, _document))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return app


@pytest.fixture
async def app(standin: BotApiStandin) -> AsyncIterator[Application]:
    application = _echo_app(standin)
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


# --- tests --------------------------------------------------------------------------------


async def test_get_me(bot: Bot, standin: BotApiStandin) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "kinerja_bot", True)
    assert standin.requests[-1] == ("getMe", {})


async def test_command_reaches_command_handler(standin, budi, app) -> None:
    sent = await budi.send("/start abc")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    reply = await budi.wait_for("start: abc")
    assert reply["from"]["id"] == standin.bot_id and reply["chat"]["id"] == BUDI
    assert reply["message_id"] > sent["message_id"]
    named = await budi.send("/start@kinerja_bot x")
    assert named["entities"][0]["length"] == len("/start@kinerja_bot")
    await budi.wait_for("start: x")
    await budi.send("halo <dunia> & co")
    echo = await budi.wait_for("echo:")
    assert echo["text"] == "echo: halo <dunia> & co"
    assert echo["entities"] == [{"type": "bold", "offset": 6, "length": 17}]
    await standin.wait_idle()
    assert standin.violations == []


async def test_unescaped_html_is_refused_and_recorded(bot, standin, budi) -> None:
    user_text = "nilai < 5 & naik"
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(BUDI, f"<b>{user_text}</b>", parse_mode=ParseMode.HTML)
    assert len(standin.violations) == 1 and "Unsupported start tag" in standin.violations[0]
    await bot.send_message(BUDI, f"<b>{html.escape(user_text)}</b>", parse_mode=ParseMode.HTML)
    assert budi.texts() == [user_text]
    assert len(standin.violations) == 1


@pytest.mark.parametrize(
    "source, problem",
    [
        ("<b>bold", "Can't find end tag"),
        ("<b>x</i>", "Unmatched end tag"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
        ("a & b", "Character '&'"),
        ("&nbsp;", "Unsupported HTML entity"),
        ("<span>x</span>", "tg-spoiler"),
    ],
)
def test_html_errors(source: str, problem: str) -> None:
    with pytest.raises(HtmlError, match=problem):
        parse_html(source)


def test_html_entities_use_utf16_offsets() -> None:
    text, entities = parse_html(
        '😀 <a href="https://x.id/?a=1&amp;b=2">tautan</a> <pre><code class="language-python">x</code></pre> &#169;'
    )
    assert text == "😀 tautan x ©"
    assert entities == [
        {"type": "text_link", "url": "https://x.id/?a=1&b=2", "offset": 3, "length": 6},
        {"type": "pre", "language": "python", "offset": 10, "length": 1},
    ]


async def test_text_limits(bot, standin, budi) -> None:
    await bot.send_message(BUDI, "x" * 4096)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(BUDI, "x" * 4097)
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(BUDI, "😀" * 2049)  # 4098 UTF-16 code units
    await bot.send_message(BUDI, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(BUDI, "<b> </b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_document(BUDI, b"x", filename="a.txt", caption="c" * 1025)
    assert len(standin.violations) == 4
    assert len(budi.inbox) == 2


NEEDS_SPEC = pytest.mark.skipif(
    BotApiStandin().spec is None,
    reason="../shared/botapi/api-10.0.json is not beside the checkout (CI has it; the project ships no copy)",
)


@NEEDS_SPEC
async def test_raw_requests_unknown_field_method_and_token(standin, budi) -> None:
    async with httpx.AsyncClient(base_url=f"{standin.base_url}{standin.token}/") as client:
        answer = await client.post("sendMessage", data={"chat_id": str(BUDI), "text": "hi", "colour": "red"})
        assert answer.status_code == 400
        assert answer.json()["ok"] is False and "colour" in answer.json()["description"]
        missing = await client.post("sendMessage", data={"text": "hi"})
        assert missing.status_code == 400 and "chat_id" in missing.json()["description"]
        unknown = await client.post("sendTelepathy", data={"chat_id": str(BUDI)})
        assert (unknown.status_code, unknown.json()) == (
            404,
            {"ok": False, "error_code": 404, "description": "Not Found"},
        )
        as_json = await client.post("SENDMESSAGE", json={"chat_id": BUDI, "text": "ok"})
        assert as_json.json()["result"]["text"] == "ok"
        wrong = await client.post(f"{standin.base_url}999:WRONG/getMe")
        assert wrong.status_code == 401 and wrong.json()["description"] == "Unauthorized"
    assert [v.split(" ")[0] for v in standin.violations] == ["sendMessage", "sendMessage", "sendTelepathy"]


async def test_document_round_trip(standin, budi, app) -> None:
    payload = bytes(range(256)) * 40
    await budi.send_document(payload, file_name="data.xlsx")
    reply = await budi.wait_for(f"{len(payload)} bytes")
    assert reply["document"]["file_name"] == "reversed.bin"
    assert reply["document_bytes"] == payload[::-1]
    file_calls = [params for method, params in standin.requests if method == "getFile"]
    assert len(file_calls) == 1
    await standin.wait_idle()
    assert standin.violations == []


async def test_pressed_button_arrives_as_callback_query(standin, budi, app) -> None:
    await budi.send("/menu")
    menu = await budi.wait_for("Pilih")
    with pytest.raises(AssertionError, match="Tidak"):
        await budi.press("Mungkin")
    query = await budi.press("Ya")
    assert query["data"] == "yes" and query["message"]["message_id"] == menu["message_id"]
    edited = await _eventually(lambda: menu["text"] == "Dipilih: yes")
    assert edited and menu["edited"][0]["text"] == "Pilih:" and "reply_markup" not in menu
    assert budi.callback_answers == [{"callback_query_id": query["id"], "text": "ok"}]
    await standin.wait_idle()
    assert standin.violations == []


async def test_429_surfaces_as_retry_after(bot, standin, budi, monkeypatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    standin.inject_fault("sendMessage", status=429, retry_after=3, chat_id=BUDI)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(BUDI, "halo")
    assert caught.value.retry_after.total_seconds() == 3
    standin.inject_fault("sendMessage", status=502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(BUDI, "halo")
    await bot.send_message(BUDI, "halo")
    assert budi.texts() == ["halo"] and standin.violations == []


async def test_blocked_user_gives_forbidden(bot, standin, budi) -> None:
    standin.block(BUDI)
    with pytest.raises(Forbidden, match="(?i)bot was blocked by the user"):
        await bot.send_message(BUDI, "halo")
    standin.unblock(BUDI)
    await bot.send_message(BUDI, "halo lagi")
    assert budi.texts() == ["halo lagi"] and standin.violations == []


async def test_photo_chat_action_markup_edit_and_delete(bot, standin, budi) -> None:
    sent = await bot.send_photo(BUDI, _PNG_1X1, caption="<i>grafik</i>", parse_mode="HTML")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (1, 1)
    assert budi.inbox[-1]["photo_bytes"] == _PNG_1X1 and budi.texts() == ["grafik"]
    assert await bot.send_chat_action(BUDI, "upload_document")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("OK", callback_data="ok")]])
    menu = await bot.send_message(BUDI, "menu", reply_markup=keyboard)
    await bot.edit_message_reply_markup(BUDI, menu.message_id, reply_markup=None)
    assert "reply_markup" not in budi.inbox[-1] and budi.inbox[-1]["edited"]
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("menu", BUDI, menu.message_id)
    assert await bot.delete_message(BUDI, menu.message_id)
    assert budi.inbox[-1]["deleted"] is True
    with pytest.raises(BadRequest, match="(?i)image_process_failed"):
        await bot.send_photo(BUDI, b"not an image")
    assert len(standin.violations) == 2


async def test_big_user_file_is_refused_without_violation(bot, standin, budi) -> None:
    sent = await budi.send_document(b"\0" * (20 * 1024 * 1024 + 1), file_name="besar.xlsx")
    with pytest.raises(BadRequest, match="(?i)file is too big"):
        await bot.get_file(sent["document"]["file_id"])
    assert standin.violations == []


async def test_injected_403_and_wait_for_timeout(bot, standin, budi) -> None:
    standin.inject_fault("*", status=403)
    with pytest.raises(Forbidden):
        await bot.send_message(BUDI, "halo")
    with pytest.raises(AssertionError, match="recent inbox"):
        await budi.wait_for("tidak pernah", timeout=0.1)
    await bot.send_message(BUDI, "Halo Lagi")
    assert (await budi.wait_for("halo lagi", timeout=1))["text"] == "Halo Lagi"
    budi.clear()
    with pytest.raises(AssertionError):
        await budi.wait_for("halo", timeout=0.05)


async def test_set_my_commands_with_chat_scope(bot, standin, budi) -> None:
    commands = [BotCommand("lapor", "Kirim laporan"), BotCommand("rekap", "Lihat rekap")]
    await bot.set_my_commands(commands, scope=BotCommandScopeChat(BUDI))
    await bot.set_my_commands([BotCommand("start", "Mulai")])
    assert standin.commands == {
        "chat:1001": [("lapor", "Kirim laporan"), ("rekap", "Lihat rekap")],
        "default": [("start", "Mulai")],
    }
    assert await bot.get_my_commands(scope=BotCommandScopeChat(BUDI)) == tuple(commands)
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Lapor!", "x")])


async def test_redeliver_gives_the_same_update_twice(standin, budi, app) -> None:
    await budi.send("/start sekali")
    await budi.wait_for("start: sekali")
    await standin.wait_idle()
    update_id = standin.update_history[-1]["update_id"]
    await standin.redeliver(update_id)
    await budi.wait_for("start: sekali")
    await standin.wait_idle()
    assert app.bot_data["seen"] == [update_id, update_id]
    assert standin.updates_delivered == 2


@NEEDS_SPEC
async def test_shapes_match_the_spec(standin, budi, app) -> None:
    await budi.send("/menu")
    await budi.wait_for("Pilih")
    await budi.press("Tidak")
    await budi.send_document(b"abc", file_name="a.csv", caption="data")
    await budi.wait_for("3 bytes")
    await standin.wait_idle()
    for update in standin.update_history:
        assert standin.spec.check_object("Update", update) == []
    for message in budi.inbox:
        clean = as_telegram(message)  # without what the stand-in adds for tests
        assert standin.spec.check_object("Message", clean) == []


async def test_webhook_delivery_with_secret(standin, budi) -> None:
    port = _free_port()
    async with Bot(standin.token, base_url=standin.base_url) as client:
        await client.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="rahasia")
        await budi.send("/start kait")  # nobody listens yet: the stand-in keeps retrying
        info = await _eventually_value(client.get_webhook_info, lambda i: i.last_error_message)
        assert info.pending_update_count == 1
    application = _echo_app(standin)
    async with application:
        await application.start()
        await application.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            secret_token="rahasia",
            webhook_url=f"http://127.0.0.1:{port}/hook",
        )
        await budi.wait_for("start: kait")
        await standin.wait_idle()
        await application.updater.stop()
        await application.stop()
    assert standin.violations == []


async def test_without_spec_it_still_types_and_checks_html(bot, standin, budi) -> None:
    with pytest.raises(FileNotFoundError):
        BotApiStandin(spec_path="/nonexistent/api.json")
    standin.spec = None  # as when api-10.0.json is absent: no field checks, same behaviour
    await bot.send_message(BUDI, "<b>ok</b>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest):
        await bot.send_message(BUDI, "<x>", parse_mode=ParseMode.HTML)
    await bot.set_my_commands([BotCommand("start", "Mulai")], scope=BotCommandScopeChat(BUDI))
    assert budi.texts() == ["ok"] and standin.commands == {"chat:1001": [("start", "Mulai")]}
    assert len(standin.violations) == 1


# --- helpers ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _eventually(check, timeout: float = 5.0) -> bool:
    for _ in range(int(timeout / 0.02)):
        if check():
            return True
        await asyncio.sleep(0.02)
    return check()


async def _eventually_value(fetch, check, timeout: float = 5.0):
    for _ in range(int(timeout / 0.05)):
        value = await fetch()
        if check(value):
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("condition never met")
