"""Delivers the outbox: every message someone must receive, in order, until Telegram takes it."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeChat, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot import members
from bot.catalog import menu_for
from bot.core import Kinerja
from bot.kinds import OutboxKind
from bot.texts import fits_caption, plain
from storage import queries
from storage.queries import OutboxMessage

log = logging.getLogger(__name__)
# The sender calls sendMessage, sendPhoto and sendDocument through Bot.do_api_request (OutboxSender._call);
# python-telegram-bot suggests its typed methods then, which parse the answer the sender does not read.
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.send(Message|Photo|Document)' instead", category=PTBUserWarning
)
TEXT_LIMIT = 4096
MAX_BACKOFF = 300.0  # a background message (a nudge, a notice) waits at most this long between tries
REPLY_MAX_BACKOFF = 2.0  # someone is waiting for this answer: try again within seconds of Telegram recovering
PHOTO_IDS_KEPT = 256
# Every row this process writes wakes the sender at once; with nothing due it looks again only
# this rarely (rows written by another process: a restore, a second instance by mistake).
SWEEP_SECONDS = 300.0
PENDING_BATCH = 200  # rows read per sweep
HANDED_OVER = 1 << 62  # places of handed-over messages start here, after any stored id
UNDELIVERABLE = ("chat not found", "user is deactivated", "bot was blocked", "peer_id_invalid")


ATOM = re.compile(r"<[^<>]+>|&#?\w+;|.", re.S)  # a tag, an entity, or one character
TAG = re.compile(r"<[^<>]+>")  # the tags ATOM finds, in the same order
TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


def _units(atom: str) -> int:
    """Telegram counts UTF-16 code units; a tag is counted whole, which only errs on the safe side."""
    return len(atom.encode("utf-16-le")) // 2


def _closer(opening: str) -> str:
    return f"</{TAG_NAME.match(opening).group(1)}>"


def _after(stack: list[str], atom: str, html: bool) -> list[str]:
    if not html or not atom.startswith("<") or len(atom) < 3:
        return stack
    if atom.startswith("</"):
        return stack[:-1] if stack else stack
    return stack + [atom]


def split_text(text: str, limit: int = TEXT_LIMIT, *, html: bool = True) -> list[str]:
    """Parts within Telegram's limit, cut at a line break where possible, else at a space; a
    cut inside <b>…</b> closes the tags in one part and opens them again in the next."""
    single = _whole(text, limit, html)
    if single is not None:
        return single
    atoms, parts, start, reopen = ATOM.findall(text), [], 0, []
    while start < len(atoms):
        end, stack, breaks = _fill(atoms, start, reopen, limit, html)
        if end < len(atoms):
            end, stack = breaks.get("\n") or breaks.get(" ") or (end, stack)
        body = "".join(reopen) + "".join(atoms[start:end]) + "".join(_closer(t) for t in reversed(stack))
        parts.append(body.strip("\n"))
        start, reopen = end, stack
    return [p for p in parts if p.strip()] or [text[:limit]]


def _whole(text: str, limit: int, html: bool) -> list[str] | None:
    """What split_text gives when even the closers of every open tag fit: one part, cheaply
    (most messages; the atom-by-atom walk costs a millisecond per long message)."""
    tags = TAG.findall(text) if html else []
    if _units(text) + sum(len(_closer(t)) for t in tags if not t.startswith("</")) > limit:
        return None
    stack: list[str] = []
    for tag in tags:
        stack = _after(stack, tag, html)
    body = (text + "".join(_closer(t) for t in reversed(stack))).strip("\n")
    return [body] if body.strip() else [text[:limit]]


def _fill(atoms: list[str], start: int, reopen: list[str], limit: int, html: bool):
    """How far one part can go from `start`; the last line break and space on the way."""
    end, stack, used, breaks = start, list(reopen), sum(map(_units, reopen)), {}
    while end < len(atoms):
        after = _after(stack, atoms[end], html)
        closing = sum(len(_closer(t)) for t in after)
        if used + _units(atoms[end]) + closing > limit and end > start:
            break
        stack, used, end = after, used + _units(atoms[end]), end + 1
        if atoms[end - 1] in ("\n", " "):
            breaks[atoms[end - 1]] = (end, list(stack))
    return end, stack, breaks


def _real_now() -> datetime:
    return datetime.now(UTC)


def retry_seconds(error: RetryAfter) -> float:
    """Seconds Telegram asked us to wait (int today, timedelta in newer python-telegram-bot)."""
    retry_after = error.retry_after  # a timedelta with PTB_TIMEDELTA (set in handlers.app)
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else float(retry_after)


def backoff(row: OutboxMessage) -> float:
    """Seconds before the next try after a 5xx or a timeout: doubling, to a ceiling that is short for
    an answer someone is waiting for and long for a background message."""
    ceiling = REPLY_MAX_BACKOFF if row.reply else MAX_BACKOFF
    return min(ceiling, 2.0 ** min(row.attempts, 8))


def markup_of(row: OutboxMessage) -> dict | None:
    """The row's reply_markup (an inline keyboard or a ForceReply), as the Bot API takes it."""
    return json.loads(row.reply_markup) if row.reply_markup else None


def _menu(text: str) -> list[tuple[str, str]]:
    """A menu row holds the role whose menu to set; rows written before the command table held the list."""
    return json.loads(text) if text.startswith("[") else menu_for(text)


class OutboxSender:
    """A background task that sends every message in order per chat and records each outcome.

    What a transaction commits is handed over in memory (`hand_over_threadsafe`): the messages
    stored with a change (they have an id), and the answers of an action that changed nothing
    (no id: storage.uow.UnitOfWork.commit). Memory is the sender's working copy; the database is
    read (a sweep) at start and every SWEEP_SECONDS, for rows left by an earlier run or another
    process. A stored message's delivery is recorded in the background, several to one UPDATE,
    while the next one goes out: a kill -9 can repeat only what Telegram took in those few
    milliseconds, never lose a stored message (docs/DECISIONS.md).
    """

    def __init__(self, core: Kinerja, bot: Bot) -> None:
        self.core, self.bot = core, bot
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._recorder: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.idle = asyncio.Event()
        self._photo_ids: dict[str, str] = {}  # path -> Telegram file_id of its first upload
        # Messages waiting, by their place in the order: rows a sweep found first (by id; they are
        # older than anything handed over since), then what was handed over, as it came.
        self._due: dict[int, OutboxMessage] = {}
        self._place_of: dict[int, int] = {}  # stored id -> its place in _due
        self._arrivals = itertools.count(HANDED_OVER)
        self._sweep = True  # read the database before the next round
        self._sent: list[int] = []  # stored ids Telegram has taken, not yet recorded
        self._recording: list[int] = []  # being recorded now
        self._to_record = asyncio.Event()
        self._closing = False
        # The sender's own reads and writes, one at a time: a sweep never reads a row as pending
        # while its delivery is being recorded.
        self._db = asyncio.Lock()

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.core.on_outbox = self.hand_over_threadsafe
        self._task = asyncio.create_task(self._run(), name="outbox")
        self._recorder = asyncio.create_task(self._record_sent(), name="outbox-recorder")

    def hand_over_threadsafe(self, messages: list[OutboxMessage]) -> None:
        """From the worker thread whose transaction has just committed `messages`."""
        if messages and self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.hand_over, messages)

    def hand_over(self, messages: list[OutboxMessage]) -> None:
        """On the event loop: messages a transaction has committed, to go out now."""
        for message in messages:
            if message.id is not None and message.id in self._place_of:
                continue  # a sweep found it first
            place = next(self._arrivals)
            self._due[place] = message
            if message.id is not None:
                self._place_of[message.id] = place
        self._wake.set()

    def waiting(self) -> int:
        """Messages not yet delivered, or delivered and not yet recorded (tests, the demo)."""
        return len(self._due) + len(self._sent) + len(self._recording)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        unstored = sum(1 for message in self._due.values() if message.id is None)
        if unstored:
            log.warning("%d jawaban belum terkirim saat bot berhenti (tidak disimpan: tidak ada perubahan)", unstored)
        if self._recorder is not None:  # what Telegram has taken is recorded before the end
            self._closing = True
            self._to_record.set()
            await asyncio.gather(self._recorder, return_exceptions=True)
            self._recorder = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                delay = await self.deliver_due()
            except Exception:  # noqa: BLE001 - the sender must outlive any one bad row or DB hiccup
                log.exception("pengiriman outbox gagal; dicoba lagi")
                self._sweep, delay = True, 5.0
            if delay is not None and delay <= 0:
                continue
            self.idle.set()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay if delay is not None else SWEEP_SECONDS)
            except TimeoutError:
                if delay is None:
                    self._sweep = True  # the periodic look for rows written elsewhere
            self.idle.clear()

    async def deliver_due(self) -> float | None:
        """Send every due message, in order, keeping each chat's order; seconds until the next one."""
        if self._sweep:
            await self._read_pending()
        held: set[int] = set()
        soonest: float | None = None

        def hold(chat_id: int, seconds: float) -> None:
            nonlocal soonest
            held.add(chat_id)
            soonest = seconds if soonest is None else min(soonest, seconds)

        for place in sorted(self._due):
            message = self._due.get(place)
            if message is None or message.chat_id in held:
                continue
            wait = (message.next_attempt_at - _real_now()).total_seconds()
            if wait > 0:
                hold(message.chat_id, wait)
                continue
            retry_in = await self._deliver(message)
            if retry_in is None:
                self._forget(place, message)
            else:
                hold(message.chat_id, retry_in)
        return 0 if self._sweep else soonest

    def _forget(self, place: int, message: OutboxMessage) -> None:
        self._due.pop(place, None)
        if message.id is not None:
            self._place_of.pop(message.id, None)

    async def _read_pending(self) -> None:
        async with self._db:
            rows = await asyncio.to_thread(self._pending)
            unrecorded = {*self._sent, *self._recording}
        for row in rows:
            if row.id not in unrecorded and row.id not in self._place_of:
                self._due[row.id] = row
                self._place_of[row.id] = row.id
        self._sweep = len(rows) >= PENDING_BATCH  # more are waiting: read again after these

    def _pending(self) -> list[OutboxMessage]:
        with self.core.unit_of_work() as uow:
            return queries.pending_outbox(uow.session, limit=PENDING_BATCH)

    async def _record_sent(self) -> None:
        """Records the delivered rows, as many as there are at a time, one UPDATE each time."""
        while True:
            await self._to_record.wait()
            self._to_record.clear()
            while self._sent:
                async with self._db:
                    self._recording, self._sent = self._sent, []
                    try:
                        await asyncio.to_thread(self._mark_sent, self._recording)
                    except Exception:  # noqa: BLE001 - kept, and recorded with the next ones
                        log.exception("pengiriman %d pesan belum tercatat; dicoba lagi", len(self._recording))
                        if self._closing:  # stopping with the database gone: a restart may repeat these
                            return
                        self._sent[:0] = self._recording
                        await asyncio.sleep(1.0)
                    finally:
                        self._recording = []
            if self._closing:
                return

    def _mark_sent(self, row_ids: list[int]) -> None:
        with self.core.unit_of_work() as uow:
            queries.mark_sent(uow.session, row_ids=row_ids, at=_real_now())
            uow.commit()

    async def _deliver(self, message: OutboxMessage) -> float | None:
        """None when the message is done with (sent, or dropped); else seconds until its next try."""
        try:
            await self._send(message)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            await self._later(message, seconds, f"429 retry_after={seconds:g}")
            return seconds
        except Forbidden as exc:
            await self._drop(message, str(exc), blocked=True)
        except BadRequest as exc:
            return await self._bad_request(message, exc)
        except (TimedOut, NetworkError) as exc:
            seconds = backoff(message)
            await self._later(message, seconds, str(exc))
            return seconds
        else:
            if message.id is not None:
                self._sent.append(message.id)
                self._to_record.set()
        return None

    async def _bad_request(self, message: OutboxMessage, exc: BadRequest) -> float | None:
        text = str(exc).lower()
        if any(reason in text for reason in UNDELIVERABLE):
            await self._drop(message, str(exc), blocked="blocked" in text)
        elif "can't parse entities" in text and not message.error:
            log.error("Telegram menolak HTML pesan %s: %s; dikirim ulang tanpa format", message.id, exc)
            message.error, message.attempts = f"html: {exc}", message.attempts + 1
            await self._update(message, error=message.error, attempt=True)
            return 0.0
        else:
            log.error("pesan %s ditolak Telegram: %s", message.id, exc)
            await self._drop(message, str(exc), blocked=False)
        return None

    async def _send(self, row: OutboxMessage) -> None:
        if row.kind == OutboxKind.COMMANDS:
            commands = [BotCommand(c, d) for c, d in _menu(row.text)]
            await self.bot.set_my_commands(commands, scope=BotCommandScopeChat(row.chat_id))
            return
        as_plain = bool(row.error and row.error.startswith("html:"))
        text = plain(row.text) if as_plain else row.text
        parse_mode = None if as_plain else ParseMode.HTML
        markup = markup_of(row)
        file_path = row.document_path or row.photo_path
        caption = text if file_path and fits_caption(text) else None
        parts = [] if caption is not None else split_text(text, html=parse_mode is not None)
        for index in range(row.parts_sent, len(parts)):
            last = index == len(parts) - 1 and not file_path
            await self._call(
                "sendMessage",
                chat_id=row.chat_id,
                text=parts[index],
                parse_mode=parse_mode,
                reply_markup=markup if last else None,
            )
            if not last:  # the last part is recorded by marking the row sent: one commit, not two
                row.parts_sent = index + 1
                await self._update(row, parts_sent=row.parts_sent)
        if file_path:
            await self._send_file(row, Path(file_path), caption, parse_mode, markup)

    async def _call(self, method: str, **params):
        """One Bot API call, through the same request path and rate limiter as every other, its
        answer kept as plain JSON: the sender reads nothing of the Message Telegram returns (only
        a photo's file_id), and turning it into objects cost a third of a millisecond for a
        message with many formatting entities, a sixth of the bot's own CPU per update."""
        return await self.bot.do_api_request(method, api_kwargs={k: v for k, v in params.items() if v is not None})

    async def _send_file(self, row: OutboxMessage, path: Path, caption, parse_mode, markup) -> None:
        if row.photo_path:
            # A picture file never changes once written (the /status picture is shared until the
            # state changes): after its first upload, Telegram's file_id sends it again.
            known = self._photo_ids.get(row.photo_path)
            photo = known or InputFile(await asyncio.to_thread(path.read_bytes), filename=path.name)
            try:
                message = await self._call(
                    "sendPhoto",
                    chat_id=row.chat_id,
                    photo=photo,
                    caption=caption,
                    parse_mode=parse_mode,
                    reply_markup=markup,
                )
            except BadRequest:
                if known is None:
                    raise
                self._photo_ids.pop(row.photo_path, None)  # an id Telegram no longer knows: upload again
                return await self._send_file(row, path, caption, parse_mode, markup)
            if known is None and message.get("photo"):
                self._photo_ids[row.photo_path] = message["photo"][-1]["file_id"]
                if len(self._photo_ids) > PHOTO_IDS_KEPT:
                    self._photo_ids.pop(next(iter(self._photo_ids)))
        else:
            data = await asyncio.to_thread(path.read_bytes)
            await self._call(
                "sendDocument",
                chat_id=row.chat_id,
                document=InputFile(data, filename=row.document_name or path.name),
                caption=caption,
                parse_mode=parse_mode,
                reply_markup=markup,
            )

    async def _later(self, message: OutboxMessage, seconds: float, error: str) -> None:
        log.warning("pesan %s ditunda %.1f detik: %s", message.id, seconds, error)
        message.attempts += 1
        message.next_attempt_at, message.error = _real_now() + timedelta(seconds=seconds), error[:500]
        await self._update(message, next_attempt_at=message.next_attempt_at, error=message.error, attempt=True)

    async def _drop(self, message: OutboxMessage, error: str, *, blocked: bool) -> None:
        log.warning("pesan %s untuk chat %s tidak dapat dikirim: %s", message.id, message.chat_id, error)
        await self._update(message, dropped_at=_real_now(), error=error[:500])
        if blocked:
            await asyncio.to_thread(self.core.act, None, members.mark_blocked, chat_id=message.chat_id)

    async def _update(self, message: OutboxMessage, *, attempt: bool = False, **values) -> None:
        """A stored message's outcome other than delivery; one not stored lives only in memory."""
        if message.id is None:
            return
        async with self._db:
            await asyncio.to_thread(self._write_outcome, message.id, attempt, values)

    def _write_outcome(self, row_id: int, attempt: bool, values: dict) -> None:
        with self.core.unit_of_work() as uow:
            queries.mark_outbox(uow.session, row_id=row_id, attempt=attempt, **values)
            uow.commit()
