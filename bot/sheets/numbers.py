"""Numbers as people type them (Indonesian first) -> Decimal, and Decimal -> Indonesian text.

Rules (docs/SPREADSHEETS.md has the table): the LAST separator of two kinds is the decimal
one; a lone comma is decimal (`85,5`); several equal separators are thousands
(`1.250.000`, `1,250,000`); a lone dot followed by exactly three digits is Indonesian
thousands (`1.250` = 1250), otherwise decimal (`85.5`, `0.250`).
"""

from __future__ import annotations

import math
import re
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

NIL_MARKS = {"-", "–", "—", "−"}  # a lone dash means "nothing" in Indonesian forms
_CURRENCY = re.compile(r"^(rp\.?|idr)\s*", re.IGNORECASE)
_BODY = re.compile(r"^\d[\d.,]*$")
_HINT = "tulis dengan angka, mis. 70 atau 85,5"


class NumberError(ValueError):
    """The text is not a number; the message is Indonesian and names the text."""


def parse_number(value: object) -> Decimal | None:
    """A cell value -> Decimal, None when empty; raises NumberError otherwise."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise NumberError(f'"{value}" bukan angka ({_HINT})')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"nilai {value} bukan angka yang sah")
        return Decimal(repr(value))  # repr is the shortest exact round-trip text
    if isinstance(value, (date, time, timedelta)):
        raise NumberError(f"berisi tanggal/waktu, bukan angka ({_HINT}); ubah format sel menjadi Angka")
    return _parse_text(str(value))


def _parse_text(text: str) -> Decimal | None:
    raw = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not raw or raw in NIL_MARKS:
        return None
    body, negative = _strip_decorations(raw)
    if not _BODY.match(body):
        raise NumberError(f'"{text.strip()}" bukan angka ({_HINT})')
    number = Decimal(_canonical(body, text.strip()))
    return -number if negative else number


def _strip_decorations(raw: str) -> tuple[str, bool]:
    """Remove sign, currency, percent, `,-` and grouping spaces; keep digits and separators."""
    s = raw
    negative = s.startswith("(") and s.endswith(")")
    if negative:
        s = s[1:-1].strip()
    if s[:1] in ("-", "−", "+"):
        negative = negative or s[0] != "+"
        s = s[1:].strip()
    s = _CURRENCY.sub("", s)
    if s[:1] in ("-", "−"):  # "Rp -1.000"
        negative, s = True, s[1:].strip()
    s = s.removesuffix("%").strip()
    s = re.sub(r"[.,]-$", "", s)  # "Rp 1.000.000,-"
    s = re.sub(r"(?<=\d) (?=\d{3}\b)", "", s)  # "1 250 000"
    return s, negative


def _canonical(body: str, shown: str) -> str:
    """Digits with separators -> a plain "1234.5" string, or NumberError."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        whole, _, frac = body.rpartition(decimal_sep)
        if decimal_sep in whole or thousands in frac:
            raise NumberError(f'"{shown}" bukan angka yang sah (pemisah desimal lebih dari satu)')
        return _ungroup(whole, thousands, shown) + "." + frac
    sep = "." if dots else ","
    count = dots or commas
    if count == 0:
        return body
    whole, _, frac = body.partition(sep)
    if count == 1 and not (sep == "." and _looks_like_thousands(whole, frac)):
        return (whole or "0") + "." + frac
    return _ungroup(body, sep, shown)


def _looks_like_thousands(whole: str, frac: str) -> bool:
    # "1.250" is how Indonesians write 1250; "0.250" can only be a fraction.
    return len(frac) == 3 and whole != "0" and len(whole) <= 3


def _ungroup(text: str, sep: str, shown: str) -> str:
    groups = text.split(sep)
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        raise NumberError(f'"{shown}" bukan angka yang sah (pemisah ribuan tidak tepat, {_HINT})')
    return "".join(groups)


def is_rupiah(satuan: str) -> bool:
    """'Rp', 'rupiah', 'Rp juta': an amount shown with its currency sign."""
    word = satuan.strip().lower().rstrip(".")
    return word in ("rp", "rupiah") or word.startswith(("rp ", "rupiah "))


def format_number(value: Decimal, places: int | None = None) -> str:
    """Indonesian display: 1250000.5 -> "1.250.000,5"; places fixes the decimals."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    text = f"{value:,f}"  # "1,250,000.5" -> swap the separators
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
