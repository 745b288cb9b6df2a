"""Capaian formulas (docs/CAPAIAN.md) and the half-open category bands."""

from decimal import Decimal as D

import pytest

from bot.sheets.capaian import DEFAULT_BANDS, compute_capaian
from bot.sheets.scales import Band, Scale


@pytest.mark.parametrize(
    "polarity, target, realisasi, expected",
    [
        ("higher", D(100), D("95.5"), D("95.5")),
        ("higher", D(80), D(96), D(120)),  # never capped
        ("lower", D(2), D("1.5"), D(125)),  # (2T - R) / T
        ("lower", D(5), D(3), D(140)),
        ("lower", D(2), D(5), D(-50)),  # far worse than target: below zero, not capped either
        ("higher", D(-5), D(-5), D(100)),  # negative targets keep the right direction
        ("higher", D(-5), D(0), D(200)),
        ("lower", D(-5), D(-10), D(200)),
    ],
)
def test_quantitative(polarity, target, realisasi, expected):
    assert compute_capaian(polarity, target, realisasi) == expected


@pytest.mark.parametrize(
    "polarity, realisasi, expected",
    [
        ("lower", D(0), D(100)),
        ("lower", D(3), D(0)),  # 3 findings against 0 is not 100%
        ("higher", D(0), D(100)),
        ("higher", D(4), D(100)),
        ("higher", D(-1), D(0)),
    ],
)
def test_zero_target(polarity, realisasi, expected):
    assert compute_capaian(polarity, D(0), realisasi) == expected


@pytest.mark.parametrize(
    "target, realisasi, expected",
    [
        ("WTP", "WTP", D(100)),
        ("WTP", "wdp", D(75)),
        ("WTP", "TW", D(50)),
        ("WTP", "TMP", D(0)),
        ("WDP", "WTP", D(100)),
        ("WTP", "Wajar Tanpa Pengecualian", D(100)),
        ("WTP", "disclaimer", D(0)),
    ],
)
def test_qualitative(target, realisasi, expected):
    assert compute_capaian("qualitative", target, realisasi) == expected


def test_qualitative_custom_scale_and_unknown_grade():
    scale = (("A", D(100)), ("B", D(60)), ("C", D(0)))
    assert compute_capaian("qualitative", "A", "B", scale) == D(60)
    with pytest.raises(ValueError, match="bukan nilai"):
        compute_capaian("qualitative", "WTP", "bagus")


def test_no_realisation_has_no_capaian():
    assert compute_capaian("higher", D(10), None) is None


@pytest.mark.parametrize(
    "value, label",
    [
        (D(91), "Sangat Tinggi"),
        (D("90.995"), "Sangat Tinggi"),
        (D("90.994"), "Tinggi"),
        (D(76), "Tinggi"),
        (D("75.99"), "Sedang"),
        (D(66), "Sedang"),
        (D("65.9"), "Rendah"),
        (D(51), "Rendah"),
        (D("50.99"), "Sangat Rendah"),
        (D(0), "Sangat Rendah"),
        (D(-40), "Sangat Rendah"),
        (D("120.5"), "Sangat Tinggi"),
        (None, None),
    ],
)
def test_default_bands_are_half_open_on_the_capaian_as_shown(value, label):
    assert DEFAULT_BANDS.category(value) == label


def test_bands_are_configurable():
    bands = Scale("uji", (Band("Tercapai", D(100)), Band("Belum tercapai", None)))
    assert bands.category(D(100)) == "Tercapai"
    assert bands.category(D("99.99")) == "Belum tercapai"
    assert bands.labels == ("Tercapai", "Belum tercapai")
