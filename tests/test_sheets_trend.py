"""The trend beside each indicator: the previous period of the same kind, and the year so far
against the annual target, cumulated as the master says."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from bot.sheets.trend import cumulate, earlier_in_year, needed_codes, previous_code, with_trend
from bot.sheets.types import FilledRow, Indicator


@pytest.mark.parametrize(
    "code, before", [("2026-TW3", "2026-TW2"), ("2026-TW1", "2025-TW4"), ("2026-10", "2026-09"), ("2026-01", "2025-12")]
)
def test_the_previous_period_is_of_the_same_kind(code, before):
    assert previous_code(code) == before


def test_the_year_so_far():
    assert earlier_in_year("2026-TW3") == ("2026-TW1", "2026-TW2")
    assert earlier_in_year("2026-03") == ("2026-01", "2026-02") and earlier_in_year("2026-01") == ()
    assert needed_codes("2026-TW3") == ("2026-TW2", "2026-TW1")
    assert needed_codes("2026-TW1") == ("2025-TW4",)


def _ind(cumulation: str, polarity: str = "higher") -> Indicator:
    return Indicator("aset", "X-1", "S", "Sertifikat", "bidang", polarity, D(50), {"TW3": D(35)}, cumulation=cumulation)


@pytest.mark.parametrize("cumulation, expected", [("sum", D(30)), ("average", D(10)), ("latest", D(12))])
def test_cumulation_as_the_master_says(cumulation, expected):
    assert cumulate(_ind(cumulation), [D(10), D(8), D(12)]) == expected


def test_periods_without_data_are_left_out():
    assert cumulate(_ind("average"), [D(10), None, D(20)]) == 15
    assert cumulate(_ind("latest"), [D(10), None]) == 10 and cumulate(_ind("sum"), [None]) is None


def _row(realisasi, capaian=None) -> FilledRow:
    return FilledRow("X-1", 1, "S", "Sertifikat", "bidang", "higher", D(35), realisasi, "", capaian, None)


def test_with_trend_against_the_annual_target():
    history = {"2026-TW1": (_row(D(10)),), "2026-TW2": (_row(D(12), D(60)),)}
    (row,) = with_trend((_row(D(15)),), {"X-1": _ind("sum")}, "2026-TW3", history)
    assert (row.previous_periode, row.previous_realisasi, row.previous_capaian) == ("2026-TW2", 12, 60)
    assert (row.annual_target, row.realisasi_so_far, row.capaian_annual) == (50, 37, 74)


def test_no_previous_period_leaves_the_columns_empty():
    (row,) = with_trend((replace(_row(D(15))),), {"X-1": _ind("latest")}, "2026-TW1", {})
    assert row.previous_periode == "" and row.previous_realisasi is None
    assert (row.realisasi_so_far, row.capaian_annual) == (15, 30)
