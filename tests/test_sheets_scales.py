"""Category scales as data: the shipped presets, an agency's own file, and the properties
every scale keeps (docs/CAPAIAN.md, "Categories")."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import ConfigError, load_settings
from bot.sheets.numbers import format_number
from bot.sheets.scales import DEFAULT_SCALE, ScaleError, load_scale, presets, shown_capaian

CAPAIAN = st.decimals(min_value=-500, max_value=1000, places=4, allow_nan=False, allow_infinity=False)


def test_the_presets_ship_and_the_default_is_permendagri():
    assert set(presets()) >= {"permendagri-86-2017", "permendagri-86-2017-baik", "enam-tingkat"}
    assert DEFAULT_SCALE.labels == ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")
    assert load_scale("permendagri-86-2017-baik").labels == ("Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang")
    six = load_scale("enam-tingkat")
    assert len(six.labels) == 6 and six.category(D("85.01")) == "Memuaskan" and six.category(D(85)) != "Memuaskan"


@pytest.mark.parametrize("name", ["permendagri-86-2017", "permendagri-86-2017-baik"])
def test_same_cut_offs_in_both_wordings(name):
    scale = load_scale(name)
    got = [
        scale.labels.index(scale.category(D(x)))
        for x in ("91", "90.99", "76", "75.99", "66", "65.99", "51", "50.99", "-3", "250")
    ]
    assert got == [0, 1, 1, 2, 2, 3, 3, 4, 4, 0]


@pytest.mark.parametrize("name", ["permendagri-86-2017", "permendagri-86-2017-baik", "enam-tingkat"])
@given(capaian=CAPAIAN)
def test_every_capaian_has_exactly_one_category(name, capaian):
    scale = load_scale(name)
    shown = shown_capaian(capaian)
    holding = [band.label for band in scale.bands if band.holds(shown)]
    # Highest first: the first band that holds is the category, and no band above it holds.
    assert scale.category(capaian) == holding[0]
    assert (
        sum(
            1
            for i, band in enumerate(scale.bands)
            if band.holds(shown) and not any(b.holds(shown) for b in scale.bands[:i])
        )
        == 1
    )


@pytest.mark.parametrize("name", ["permendagri-86-2017", "permendagri-86-2017-baik", "enam-tingkat"])
@given(offset=st.sampled_from([D("-0.006"), D("-0.005"), D("-0.004"), D(0), D("0.004"), D("0.005")]))
def test_display_and_category_agree_at_every_boundary(name, offset):
    """What the recap shows (two decimals) decides the category: 90,995 shows as 91,00, Sangat Tinggi."""
    scale = load_scale(name)
    for band in scale.bands[:-1]:
        capaian = band.bound + offset
        shown_text = format_number(capaian, 2)  # what the chat and the recap print
        shown = D(shown_text.replace(".", "").replace(",", "."))
        assert scale.category(capaian) == scale.category(shown)


def test_an_agency_file(tmp_path):
    own = tmp_path / "skala.toml"
    own.write_text(
        'name = "Dua tingkat"\n[[band]]\nlabel = "Tercapai"\nfrom = 100\n\n[[band]]\nlabel = "Belum tercapai"\n',
        encoding="utf-8",
    )
    scale = load_scale(str(own))
    assert scale.name == "Dua tingkat" and scale.category(D("99.995")) == "Tercapai"
    assert scale.category(D("99.994")) == "Belum tercapai"


BROKEN = {
    "descending": (
        '[[band]]\nlabel = "A"\nfrom = 50\n\n[[band]]\nlabel = "B"\nfrom = 70\n\n[[band]]\nlabel = "C"\n',
        "baris 7",
        "lebih kecil",
    ),
    "two bounds": ('[[band]]\nlabel = "A"\nfrom = 50\nabove = 40\n[[band]]\nlabel = "C"\n', "baris 4", "tepat satu"),
    "no label": ('[[band]]\nfrom = 50\n[[band]]\nlabel = "C"\n', "baris 1", "label wajib"),
    "last has a bound": (
        '[[band]]\nlabel = "A"\nfrom = 50\n[[band]]\nlabel = "C"\nfrom = 10\n',
        "baris 6",
        "band terakhir",
    ),
    "not a number": ('[[band]]\nlabel = "A"\nfrom = "lima"\n[[band]]\nlabel = "C"\n', "baris 3", "bukan angka"),
    "same label": ('[[band]]\nlabel = "A"\nfrom = 50\n[[band]]\nlabel = "a"\n', "baris 5", "dua kali"),
    "unknown key": ('[[band]]\nlabel = "A"\nmulai = 50\n[[band]]\nlabel = "C"\n', "baris 3", "mulai"),
    "one band": ('[[band]]\nlabel = "A"\n', "baris 1", "dua [[band]]"),
    "bad toml": ('[[band]]\nlabel = "A\n', "line 2", "bukan TOML"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_names_the_file_and_the_line(tmp_path, case):
    text, line, words = BROKEN[case]
    path = tmp_path / "skala.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScaleError) as caught:
        load_scale(path)
    assert str(path) in str(caught.value) and line in str(caught.value) and words in str(caught.value)


def test_capaian_scale_is_refused_at_start_with_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    path = tmp_path / "skala.toml"
    path.write_text(BROKEN["descending"][0], encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(capaian_scale=str(path))
    assert str(caught.value).startswith(f"CAPAIAN_SCALE: {path}, baris 7:")
    with pytest.raises(ConfigError, match="CAPAIAN_SCALE: skala 'lampung' tidak dikenal; pilih salah satu"):
        load_settings(capaian_scale="lampung")
    assert load_settings(capaian_scale="permendagri-86-2017-baik").scale.labels[0] == "Sangat Baik"
    assert load_settings().scale == DEFAULT_SCALE


def test_every_preset_names_its_source():
    for name in presets():
        scale = load_scale(name)
        assert scale.source, name
        assert Path(__file__).parents[1].joinpath("bot", "scales", f"{name}.toml").is_file()


@pytest.mark.parametrize("name", ["permendagri-86-2017", "enam-tingkat"])
@given(a=CAPAIAN, b=CAPAIAN)
def test_a_higher_capaian_never_gets_a_lower_category(name, a, b):
    scale = load_scale(name)
    low, high = sorted((a, b))
    assert scale.labels.index(scale.category(low)) >= scale.labels.index(scale.category(high))
