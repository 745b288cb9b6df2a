"""Numbers as people type them: Indonesian first, English when unambiguous."""

from datetime import date
from decimal import Decimal

import pytest

from bot.sheets.numbers import NumberError, format_number, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("85,5", "85.5"),
        ("1.250.000", "1250000"),
        ("92%", "92"),
        ("92,5 %", "92.5"),
        ("Rp 1.000.000,00", "1000000.00"),
        ("Rp. 1.000.000,-", "1000000"),
        ("IDR 2.500", "2500"),
        ("1,250,000.50", "1250000.50"),
        ("1.250.000,50", "1250000.50"),
        ("1 250 000", "1250000"),
        ("-12,5", "-12.5"),
        ("(1.000)", "-1000"),
        ("−3", "-3"),
        ("Rp -1.000", "-1000"),
        ("+7", "7"),
        ("85.5", "85.5"),
        ("0.250", "0.250"),
        ("1.250", "1250"),
        ("1,250", "1.250"),
        ("100", "100"),
        ("  42 ", "42"),
        ("0,5", "0.5"),
    ],
)
def test_text_numbers(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "value, expected",
    [
        (85, Decimal(85)),
        (85.5, Decimal("85.5")),
        (0.1, Decimal("0.1")),
        (Decimal("7.25"), Decimal("7.25")),
    ],
)
def test_cell_numbers(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "-", "—"])
def test_empty_is_none(value):
    assert parse_number(value) is None


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("tujuh puluh", '"tujuh puluh" bukan angka'),
        ("1.25.000", "pemisah ribuan tidak tepat"),
        ("1,2,3", "pemisah ribuan tidak tepat"),
        ("1.000,5,5", "pemisah desimal lebih dari satu"),
        ("85 persen", "bukan angka"),
    ],
)
def test_not_numbers(text, fragment):
    with pytest.raises(NumberError, match=fragment):
        parse_number(text)


def test_dates_and_bools_are_refused():
    with pytest.raises(NumberError, match="tanggal"):
        parse_number(date(2026, 10, 1))
    with pytest.raises(NumberError):
        parse_number(True)
    with pytest.raises(NumberError):
        parse_number(float("nan"))


@pytest.mark.parametrize(
    "value, places, shown",
    [
        (Decimal("1250000.5"), None, "1.250.000,5"),
        (Decimal("95.5"), 2, "95,50"),
        (Decimal("100"), None, "100"),
        (Decimal("-1234.565"), 2, "-1.234,57"),
        (Decimal("3.10"), None, "3,1"),
    ],
)
def test_format_number(value, places, shown):
    assert format_number(value, places) == shown
