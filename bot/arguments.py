"""Reading what follows a command word into plain values (a periode, a unit, a note, a time).

Each reader takes the action and the text as typed and returns the keyword arguments of a core
function, or refuses with an Indonesian example of the right spelling. The command table
(`bot.catalog`) names the reader of each command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from bot.action import Action
from bot.errors import Refusal
from bot.monitoring.span import SpanError, parse_span
from bot.periods import Periode, PeriodeError, parse_period
from bot.texts import meeting_example

Values = dict[str, Any]


@dataclass(frozen=True)
class PeriodeAndNote:
    """`/perintah <periode> [catatan]` as typed: the periode its first words spell, if any, and the rest."""

    periode: Periode | None
    note: str | None
    typed: str
    problem: str | None = None  # why no periode could be read, in the reader's words


def nothing(action: Action, text: str) -> Values:
    return {}


def note(action: Action, text: str) -> Values:
    return {"note": text or None}


def unit(action: Action, text: str) -> Values:
    return {"unit": text.lower() or None}


def order(action: Action, text: str) -> Values:
    return {"order": read_order(text)}


def read_order(text: str) -> PeriodeAndNote:
    words = text.split()
    if not words:
        return PeriodeAndNote(None, None, text)
    for size in range(1, min(len(words), 5) + 1):  # the fewest leading words that spell a periode
        try:
            periode = parse_period(" ".join(words[:size]))
        except PeriodeError:
            continue
        return PeriodeAndNote(periode, " ".join(words[size:]) or None, text)
    try:
        parse_period(text)
    except PeriodeError as exc:
        return PeriodeAndNote(None, text, text, escape(str(exc)))
    raise AssertionError("unreachable: the whole text spells a periode but no prefix does")


def periode(action: Action, text: str) -> Values:
    return {"periode": read_periode(text)}


def read_periode(text: str) -> Periode | None:
    if not text.strip():
        return None
    try:
        return parse_period(text)
    except PeriodeError as exc:
        raise Refusal(escape(str(exc))) from None


def span(action: Action, text: str) -> Values:
    """`/monitoring [dari] [sampai]`: by default the last six months."""
    try:
        return {"span": parse_span(text, today=action.today)}
    except SpanError as exc:
        raise Refusal(str(exc)) from None


def periode_and_unit(action: Action, text: str) -> Values:
    """`/rekap [periode] [unit]`: a unit code, when given, is the last word."""
    words = text.split()
    code = words[-1].lower() if words and action.core.org.unit(words[-1].lower()) else None
    return {"periode": read_periode(" ".join(words[:-1] if code else words)), "unit": code}


def unit_and_note(action: Action, text: str) -> Values:
    """`/kembalikan [unit] <catatan>`: the first word is a unit only when it is a unit's code."""
    words = text.split(maxsplit=1)
    code = words[0].lower() if words and action.core.org.unit(words[0].lower()) else None
    rest = (words[1] if len(words) > 1 else "") if code else text
    return {"unit": code, "note": rest.strip()}


MEETING_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H.%M",
    "%d/%m/%Y %H.%M",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H.%M",
)


def meeting(action: Action, text: str) -> Values:
    """`<YYYY-MM-DD HH:MM> [tempat]` (also `DD/MM/YYYY HH.MM`), in TIMEZONE."""
    example = "Contoh: " + meeting_example(action.core, action.now) + " (atau 30/11/2026 09.00)"
    words = text.split()
    if len(words) < 2:
        raise Refusal("Tulis tanggal dan jam rapat. " + example)
    for fmt in MEETING_FORMATS:
        try:
            local = datetime.strptime(f"{words[0]} {words[1]}", fmt)
        except ValueError:
            continue
        return {"when": local.replace(tzinfo=action.core.tz), "place": " ".join(words[2:]) or None}
    raise Refusal(f"Waktu '{escape(' '.join(words[:2]))}' tidak dikenali. " + example)


def invite_code(action: Action, text: str) -> Values:
    """`/start [kode]`: the deep link's payload, or nothing."""
    return {"code": text.split()[0] if text.split() else None}


def required_code(action: Action, text: str) -> Values:
    if not text.split():
        raise Refusal("Tulis kode undangan Anda. Contoh: <code>/daftar AbC123xyz</code>")
    return {"code": text.split()[0]}


def role_and_unit(action: Action, text: str, *, roles: tuple[str, ...]) -> Values:
    words = text.split()
    if not words:
        raise Refusal(
            "Sebutkan peran (dan unit). Contoh: <code>/undang kabid anggaran</code>, "
            "<code>/undang sekretaris</code>\nPeran: " + ", ".join(roles)
        )
    return {"role": words[0].lower(), "unit_code": words[1] if len(words) > 1 else None}


PLT_EXAMPLE = (
    "Contoh: <code>/plt plh @budi kabid anggaran 2026-12-01 2026-12-10 SP 800/123/2026</code> "
    "(Plh.: pejabatnya berhalangan sementara) atau <code>/plt plt @sari kaban 2026-12-01 2027-02-28 "
    "SP 821/45/2026</code> (Plt.: jabatannya kosong)"
)
PLT_FORMAT = "Format: /plt plh|plt @username peran [unit] tanggal-mulai tanggal-selesai nomor-Surat-Perintah. "
_SP_WORDS = re.compile(r"^(?:(?:sp|sprin|sprint|surat\s+perintah)\b\.?\s*)?(?:(?:nomor|no)\b\.?\s*:?\s*)?", re.I)


def acting(action: Action, text: str) -> Values:
    """`/plt plh|plt @username peran [unit] 2026-12-01 2026-12-10 SP 800/123/2026`."""
    words = text.split()
    if not words or words[0].lower() not in ("plh", "plt"):
        raise Refusal(
            "Tulis dulu jenisnya: <b>plh</b> (pejabatnya berhalangan sementara) atau <b>plt</b> "
            "(jabatannya kosong). " + PLT_FORMAT + PLT_EXAMPLE
        )
    first = next((i for i in (3, 4) if len(words) > i + 1 and _day(words[i]) and _day(words[i + 1])), None)
    if len(words) < 5 or first is None:
        raise Refusal(PLT_FORMAT + "Tanggal ditulis TTTT-BB-HH. " + PLT_EXAMPLE)
    sp_number = _SP_WORDS.sub("", " ".join(words[first + 2 :])).strip()
    if not sp_number:
        raise Refusal(
            "Nomor Surat Perintah belum ditulis (Plh. dan Plt. ditunjuk dengan Surat Perintah). " + PLT_EXAMPLE
        )
    return {
        "kind": words[0].lower(),
        "username_or_id": words[1],
        "role": words[2].lower(),
        "unit_code": words[3].lower() if first == 4 else None,
        "start": _day(words[first]),
        "end": _day(words[first + 1]),
        "sp_number": sp_number,
    }


def _day(word: str) -> date | None:
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


LIBUR_EXAMPLE = "Contoh: <code>/libur tambah 2026-12-24</code> atau <code>/libur hapus 2026-12-24</code>"


def holiday_change(action: Action, text: str) -> Values:
    words = text.lower().split()
    if len(words) != 2 or words[0] not in ("tambah", "hapus"):
        raise Refusal("Format: /libur tambah|hapus TTTT-BB-HH. " + LIBUR_EXAMPLE)
    try:
        day = date.fromisoformat(words[1])
    except ValueError:
        raise Refusal(f"Tanggal '{escape(words[1])}' tidak sah. " + LIBUR_EXAMPLE) from None
    return {"day": day, "removing": words[0] == "hapus"}
