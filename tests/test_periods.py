"""Indonesian period spellings (bot/periods.py, SPEC §4)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.periods import Periode, PeriodeError, parse_period

OCT = Periode(2026, "bulan", 10)
TW3 = Periode(2026, "triwulan", 3)
EXAMPLES = "Contoh: 2026-10, Oktober 2026, okt 2026, 10/2026, TW III 2026, Triwulan 3 2026, 2026-Q3."


@pytest.mark.parametrize(
    "text",
    [
        "2026-10",
        "Oktober 2026",
        "oktober 2026",
        "OKTOBER 2026",
        "okt 2026",
        "Okt. 2026",
        "10/2026",
        "10-2026",
        "2026/10",
        "  okt   2026 ",
        "oct 2026",
        "October 2026",
        "2026 oktober",
    ],
)
def test_october(text: str) -> None:
    assert parse_period(text) == OCT


@pytest.mark.parametrize(
    "text",
    [
        "2026-TW3",
        "TW3 2026",
        "TW 3 2026",
        "TW III 2026",
        "Triwulan III 2026",
        "triwulan 3 2026",
        "2026-Q3",
        "Q3 2026",
        "Q3-2026",
        "Tw-III/2026",
        "tw iii 2026",
        "triwulan ke-3 2026",
        "2026-tw3",
    ],
)
def test_third_quarter(text: str) -> None:
    assert parse_period(text) == TW3


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("jan 2026", 1),
        ("feb 2026", 2),
        ("Pebruari 2026", 2),
        ("mar 2026", 3),
        ("Maret 2026", 3),
        ("apr 2026", 4),
        ("mei 2026", 5),
        ("may 2026", 5),
        ("jun 2026", 6),
        ("jul 2026", 7),
        ("agu 2026", 8),
        ("agt 2026", 8),
        ("ags 2026", 8),
        ("aug 2026", 8),
        ("Agustus 2026", 8),
        ("sep 2026", 9),
        ("sept 2026", 9),
        ("nov 2026", 11),
        ("Nopember 2026", 11),
        ("des 2026", 12),
        ("dec 2026", 12),
        ("Desember 2026", 12),
        ("1/2026", 1),
        ("01-2026", 1),
    ],
)
def test_month_names_and_abbreviations(text: str, month: int) -> None:
    assert parse_period(text) == Periode(2026, "bulan", month)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-13", "bulan harus 1 sampai 12"),
        ("13/2026", "bulan harus 1 sampai 12"),
        ("2026-0", "bulan harus 1 sampai 12"),
        ("TW5 2026", "triwulan harus 1 sampai 4 (I sampai IV)"),
        ("TW V 2026", "triwulan harus 1 sampai 4 (I sampai IV)"),
        ("2026-Q0", "triwulan harus 1 sampai 4 (I sampai IV)"),
        ("Oktober 1999", "tahun harus antara 2000 dan 2100"),
        ("2101-01", "tahun harus antara 2000 dan 2100"),
        ("Okt", "tahun (4 angka) tidak ada"),
        ("10/26", "tahun (4 angka) tidak ada"),
    ],
)
def test_rejections_give_the_reason(text: str, reason: str) -> None:
    with pytest.raises(PeriodeError) as caught:
        parse_period(text)
    assert str(caught.value) == f"Periode '{text}' tidak dikenali: {reason}. {EXAMPLES}"


@pytest.mark.parametrize("text", ["okto 2026", "2026-10-01", "10 2026 x", "III 2026", "okt=2026", "tw 2026"])
def test_unknown_spellings(text: str) -> None:
    with pytest.raises(PeriodeError, match=f"^Periode '{text}' tidak dikenali. Contoh: 2026-10,"):
        parse_period(text)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty(text: str) -> None:
    with pytest.raises(PeriodeError, match="^Periode belum diisi. Contoh:"):
        parse_period(text)


def test_error_is_a_value_error_and_long_input_is_shortened() -> None:
    with pytest.raises(ValueError, match="tidak dikenali") as caught:
        parse_period("x" * 100)
    assert "x" * 41 not in str(caught.value)


def test_code_label_and_dates() -> None:
    assert (OCT.code, OCT.label, OCT.months()) == ("2026-10", "Oktober 2026", [10])
    assert (OCT.start(), OCT.end()) == (date(2026, 10, 1), date(2026, 10, 31))
    assert (TW3.code, TW3.label, TW3.months()) == ("2026-TW3", "Triwulan III 2026", [7, 8, 9])
    assert (TW3.start(), TW3.end()) == (date(2026, 7, 1), date(2026, 9, 30))
    assert Periode(2028, "bulan", 2).end() == date(2028, 2, 29)
    assert Periode(2026, "bulan", 3).code == "2026-03"


def test_from_code_is_strict() -> None:
    assert Periode.from_code("2026-10") == OCT and Periode.from_code("2026-TW3") == TW3
    for bad in ["Oktober 2026", "2026-Q3", "2026-1", "2026-13", "2026-TW5"]:
        with pytest.raises(PeriodeError):
            Periode.from_code(bad)


def test_invalid_periode_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        Periode(2026, "bulan", 13)
    with pytest.raises(ValueError):
        Periode(2026, "semester", 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Periode(1999, "triwulan", 1)


def test_ordering_and_hashing() -> None:
    assert Periode(2025, "triwulan", 4) < Periode(2026, "bulan", 1) < Periode(2026, "bulan", 2)
    assert len({OCT, parse_period("okt 2026")}) == 1


periodes = st.one_of(
    st.builds(Periode, st.integers(2000, 2100), st.just("bulan"), st.integers(1, 12)),
    st.builds(Periode, st.integers(2000, 2100), st.just("triwulan"), st.integers(1, 4)),
)


@settings(database=None)
@given(periodes)
def test_code_and_label_round_trip(p: Periode) -> None:
    assert parse_period(p.code) == p
    assert parse_period(p.label) == p
    assert parse_period(p.label.upper()) == p
    assert Periode.from_code(p.code) == p


@settings(database=None)
@given(periodes)
def test_months_cover_the_period(p: Periode) -> None:
    assert p.start().month == p.months()[0] and p.end().month == p.months()[-1]
    assert p.start() <= p.end() and p.start().year == p.end().year == p.year


@settings(database=None)
@given(st.text(max_size=30))
def test_any_text_parses_or_raises_periode_error(text: str) -> None:
    try:
        result = parse_period(text)
    except PeriodeError as exc:
        assert "Contoh:" in str(exc)
    else:
        assert isinstance(result, Periode)
