"""Plausibility by satuan: what is impossible is an error, what is only suspicious a warning
named by row and column (docs/CAPAIAN.md, "Plausibility"). Nothing is ever changed."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from bot.sheets.numbers import format_number
from bot.sheets.scales import Scale, shown_capaian
from bot.sheets.trend import periode_label
from bot.sheets.types import FilledRow, Indicator, RangeTarget, Value

Kind = Literal["percent", "money", "duration", "count", "score"]
REALISASI, CAPAIAN, PENGHAMBAT = "Realisasi", "Capaian (%)", "Faktor Penghambat"
_MONEY = re.compile(r"^(rp\b|rp\.|rupiah|idr|juta|miliar|milyar|triliun|ribu)", re.IGNORECASE)
_DURATION = re.compile(r"^(hari|jam|menit|detik|minggu|pekan|bulan|tahun)\b", re.IGNORECASE)
# A score or an index can be below zero (a growth index, a balance): no sign rule for them.
_SCORE = re.compile(r"^(nilai|indeks|index|skor|poin|point|rasio|angka|level|predikat|opini)\b", re.IGNORECASE)
KIND_WORDS = {"percent": "persentase", "money": "uang", "duration": "lama waktu", "count": "jumlah"}
FAR = Decimal(10)  # ten times, or a tenth of, the previous period's value


def satuan_kind(satuan: str) -> Kind:
    text = satuan.strip()
    if text.startswith("%") or text.lower().startswith("persen"):
        return "percent"
    if _MONEY.match(text):
        return "money"
    if _DURATION.match(text):
        return "duration"
    if _SCORE.match(text):
        return "score"
    return "count"  # dokumen, SKPD, temuan, bidang, orang, kegiatan, laporan, ...


def negative_problem(ind: Indicator, realisasi: Decimal) -> str | None:
    """The error for a negative realisation the satuan cannot have, else None."""
    kind = satuan_kind(ind.satuan)
    if realisasi >= 0 or ind.allow_negative or kind == "score":
        return None
    return (
        f"{format_number(realisasi)} negatif, padahal satuannya {ind.satuan} ({KIND_WORDS[kind]} tidak "
        "mungkin di bawah nol); periksa tanda minusnya. Bila memang boleh negatif, Perencanaan mengisi "
        "boleh_negatif = ya untuk indikator ini di master indikator"
    )


def row_warnings(row: FilledRow, ind: Indicator, scale: Scale) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    r = row.realisasi
    if isinstance(r, Decimal):
        found += _percent_over_100(ind, row.target, r) + _far_from_previous(row, r)
    if row.capaian is None and isinstance(r, Decimal) and ind.polarity == "lower" and ind.formula == "T/R":
        found.append(
            (
                CAPAIAN,
                "rumus T/R tidak berlaku untuk realisasi 0 atau kurang: capaian tidak dihitung "
                "dan tidak masuk rata-rata",
            )
        )
    if row.capaian is not None:
        shown = shown_capaian(row.capaian)
        if shown > 200 or shown < 0:
            where = "di atas 200%" if shown > 200 else "di bawah 0%"
            found.append((CAPAIAN, f"capaian {format_number(shown, 2)}% {where}; periksa Realisasi dan Target"))
        if row.kategori in scale.lowest_two and not row.penghambat:
            found.append(
                (
                    PENGHAMBAT,
                    f"capaian {format_number(shown, 2)}% ({row.kategori}) tetapi Faktor "
                    "Penghambat kosong; Laporan Kinerja harus menjelaskan setiap kekurangan",
                )
            )
    return tuple(found)


def _percent_over_100(ind: Indicator, target: Value, r: Decimal) -> list[tuple[str, str]]:
    top = target.high if isinstance(target, RangeTarget) else target
    if satuan_kind(ind.satuan) != "percent" or not isinstance(top, Decimal) or top > 100 or r <= 100:
        return []
    return [
        (REALISASI, f"{format_number(r)}% melebihi 100% padahal targetnya {target}%; periksa apakah bukan salah ketik")
    ]


def _far_from_previous(row: FilledRow, r: Decimal) -> list[tuple[str, str]]:
    before = row.previous_realisasi
    if not isinstance(before, Decimal) or before == 0:
        return []
    ratio = abs(r) / abs(before)
    if FAR > ratio > 1 / FAR:
        return []
    how = "sepuluh kali lipat atau lebih" if ratio >= FAR else "sepersepuluh atau kurang"
    return [
        (
            REALISASI,
            f"{format_number(r)} adalah {how} dari realisasi periode sebelumnya "
            f"({format_number(before)}, {periode_label(row.previous_periode)}); periksa angkanya",
        )
    ]
