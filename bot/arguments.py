"""Reading what follows a command word into plain values (a periode, a unit, a note, a time).

Each reader takes the action and the text as typed and returns the keyword arguments of a core
function, or refuses with an Indonesian example of the right spelling. The command table
(`bot.catalog`) names the reader of each command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from html import escape
from typing import Any

from babel.dates import get_month_names

from bot.action import Action
from bot.errors import Refusal
from bot.monitoring.span import SpanError, parse_span
from bot.periods import Periode, PeriodeError, parse_period
from bot.texts import meeting_example
from bot.timefmt import format_date

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


# --- dates: one reader for every command that takes one ---------------------------------

DATE_EXAMPLE = (
    "<code>24/12/2026</code>, <code>2026-12-24</code>, <code>24-12-2026</code> atau <code>24 Desember 2026</code>"
)
NUMERIC_DATES = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _month_names() -> dict[str, int]:
    """Indonesian month names from CLDR (babel): `Desember`, `Des`, and the first three letters."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="id").items():
            names[name.lower().rstrip(".")] = number
            names[name.lower()[:3]] = number
    names.setdefault("nop", 11)  # "Nopember", as older letters spell it
    return names


MONTHS = _month_names()


class DateError(ValueError):
    pass


def take_date(words: list[str]) -> tuple[date, list[str]]:
    """The date the first words spell (`24/12/2026`, `2026-12-24`, `24-12-2026`, `24 Desember 2026`,
    `24 Des 2026`) and the words after it; DateError when they spell none."""
    if not words:
        raise DateError("")
    for fmt in NUMERIC_DATES:
        try:
            return datetime.strptime(words[0], fmt).date(), words[1:]
        except ValueError:
            continue
    if len(words) >= 3 and words[0].isdigit() and words[2].isdigit():
        month = MONTHS.get(words[1].lower().rstrip("."))
        if month is not None:
            try:
                return date(int(words[2]), month, int(words[0])), words[3:]
            except ValueError:
                raise DateError(" ".join(words[:3])) from None
    raise DateError(" ".join(words[:3]) if len(words) >= 3 and not words[0].count("/") else words[0])


def read_day(text: str, example: str) -> date:
    try:
        day, rest = take_date(text.split())
    except DateError:
        raise Refusal(f"Tanggal '{escape(text)}' tidak dikenali. Tulis {DATE_EXAMPLE}. {example}") from None
    if rest:
        raise Refusal(f"Tanggal '{escape(text)}' tidak dikenali. Tulis {DATE_EXAMPLE}. {example}")
    return day


def meeting(action: Action, text: str) -> Values:
    """`<tanggal> <jam> [tempat] [ya]` in TIMEZONE: the date in any spelling of `take_date`, the time
    `09:00` or `09.00`; a last word `ya` confirms a time past the step's own deadline."""
    example = "Contoh: " + meeting_example(action.core, action.now) + " (atau 30/11/2026 09.00, 30 Nov 2026 09.00)"
    words = text.split()
    if len(words) < 2:
        raise Refusal("Tulis tanggal dan jam rapat. " + example)
    confirm = len(words) > 2 and words[-1].lower() == "ya"
    words = words[:-1] if confirm else words
    try:
        day, rest = take_date(words)
    except DateError:
        raise Refusal(f"Waktu '{escape(' '.join(words[:2]))}' tidak dikenali. " + example) from None
    clock = TIME.match(rest[0]) if rest else None
    if clock is None or int(clock.group(1)) > 23 or int(clock.group(2)) > 59:
        shown = escape(" ".join(words[: len(words) - len(rest) + 1]))
        raise Refusal(f"Waktu '{shown}' tidak dikenali: tulis jamnya, mis. 09:00. " + example)
    local = datetime.combine(day, time(int(clock.group(1)), int(clock.group(2))), tzinfo=action.core.tz)
    return {"when": local, "place": " ".join(rest[1:]) or None, "confirm": confirm}


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
    """`/plt plh|plt @username peran [unit] <dari> <sampai> <nomor SP>`; the dates in any spelling of
    `take_date` (`2026-12-01`, `01/12/2026`, `1 Desember 2026`)."""
    words = text.split()
    if not words or words[0].lower() not in ("plh", "plt"):
        raise Refusal(
            "Tulis dulu jenisnya: <b>plh</b> (pejabatnya berhalangan sementara) atau <b>plt</b> "
            "(jabatannya kosong). " + PLT_FORMAT + PLT_EXAMPLE
        )
    if len(words) < 5:
        raise Refusal(PLT_FORMAT + PLT_EXAMPLE)
    rest = words[3:]
    unit_code = rest[0].lower() if action.core.org.unit(rest[0].lower()) else None
    if unit_code:
        rest = rest[1:]
    try:
        start, rest = take_date(rest)
        end, rest = take_date(rest)
    except DateError:
        raise Refusal(PLT_FORMAT + f"Tanggal mulai dan selesai ditulis {DATE_EXAMPLE}. " + PLT_EXAMPLE) from None
    sp_number = _SP_WORDS.sub("", " ".join(rest)).strip()
    if not sp_number:
        raise Refusal(
            "Nomor Surat Perintah belum ditulis (Plh. dan Plt. ditunjuk dengan Surat Perintah). " + PLT_EXAMPLE
        )
    if start <= end < action.today:  # an inverted range is refused by the core, naming that
        raise Refusal(
            f"Tanggal selesai {escape(format_date(end))} sudah lewat; Plh./Plt. ditunjuk untuk hari ini atau nanti."
        )
    return {
        "kind": words[0].lower(),
        "username_or_id": words[1],
        "role": words[2].lower(),
        "unit_code": unit_code,
        "start": start,
        "end": end,
        "sp_number": sp_number,
    }


LIBUR_EXAMPLE = "Contoh: <code>/libur tambah 24/12/2026</code> atau <code>/libur hapus 24 Desember 2026</code>"


def holiday_change(action: Action, text: str) -> Values:
    words = text.lower().split()
    if len(words) < 2 or words[0] not in ("tambah", "hapus"):
        raise Refusal("Format: /libur tambah|hapus tanggal. " + LIBUR_EXAMPLE)
    day = read_day(" ".join(words[1:]), LIBUR_EXAMPLE)
    if words[0] == "tambah" and day < action.today:
        raise Refusal(f"{escape(format_date(day))} sudah lewat: cuti bersama ditambahkan untuk hari ini atau nanti.")
    return {"day": day, "removing": words[0] == "hapus"}
