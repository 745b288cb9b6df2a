"""The indicator master: the shipped sample loads; a broken one lists every problem."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from bot.sheets.indicators import load_master
from bot.sheets.sample_master import build_sample
from bot.sheets.types import MasterError
from tests.fixtures.common import MASTER_FILE

UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")


def test_shipped_sample_loads_for_every_unit():
    master = load_master(MASTER_FILE, known_units=UNITS)
    assert master.units == UNITS
    assert all(3 <= len(master.for_unit(u)) <= 6 for u in UNITS)
    opinion = next(i for i in master.indicators if i.polarity == "qualitative")
    assert opinion.target_annual == "WTP" and opinion.target_for("2026-TW1") == "WTP"


def test_shipped_file_is_what_the_generator_writes():
    assert load_master(build_sample(), file_name="x.xlsx") == load_master(MASTER_FILE)


def test_period_targets_fall_back_to_annual():
    ind = next(i for i in load_master(MASTER_FILE).indicators if i.code == "AST-01")
    assert ind.target_for("2026-TW3") == Decimal(55)
    assert ind.target_for("2026-10") == Decimal(60)  # no monthly target: annual
    with pytest.raises(ValueError):
        ind.target_for("Oktober")


def test_csv_master_with_semicolons_and_monthly_targets():
    text = (
        "unit;kode;sasaran;indikator;satuan;polaritas;target;TW 3;okt\n"
        "anggaran;X-1;S;Ketepatan;%;naik;100;75;80,5\n"
        "anggaran;X-2;S;Opini;opini;kualitatif;wtp;;\n"
    )
    master = load_master(text.encode(), file_name="m.csv")
    first, second = master.indicators
    assert first.target_for("2026-TW3") == 75 and first.target_for("2026-10") == Decimal("80.5")
    assert second.target_annual == "WTP"


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_broken_master_lists_every_problem():
    data = _xlsx(
        [
            ("Master indikator 2026",),
            ("unit", "kode", "sasaran", "indikator", "satuan", "polaritas", "target_tahunan", "tw1", "skala"),
            ("anggaran", "A-1", "S", "Satu", "%", "naik-turun", 100, None, None),
            ("anggaran", "A-2", "S", "Dua", "%", "tinggi", "seratus", "1.25.0", None),
            ("anggaran", "A-2", "S", "Tiga", "", "rendah", 5, None, None),
            ("anggaran", "A-4", "", "", "opini", "kualitatif", "B", None, None),
            ("anggaran", "A-5", "S", "Lima", "opini", "kualitatif", "baik", None, "baik 100"),
            ("gudang", "A-6", "S", "Enam", "%", "tinggi", 1, None, None),
        ]
    )
    with pytest.raises(MasterError) as caught:
        load_master(data, file_name="indikator.xlsx", known_units=UNITS)
    problems = caught.value.problems
    expected = [
        'Baris 3, kolom polaritas: "naik-turun" tidak dikenal',
        'Baris 4, kolom target_tahunan: "seratus" bukan angka',
        'Baris 4, kolom tw1: "1.25.0" bukan angka yang sah',
        "Baris 5, kolom satuan: wajib diisi",
        "Baris 6, kolom sasaran: wajib diisi",
        "Baris 6, kolom indikator: wajib diisi",
        'Baris 6, kolom target_tahunan: "B" tidak ada dalam skala (WTP, WDP, TW, TMP)',
        'Baris 7, kolom skala: "baik 100" tidak sah',
        "indikator A-6: unit 'gudang' tidak dikenal",
        "unit sekretariat belum punya indikator",
    ]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    assert "indikator.xlsx" in str(caught.value)


def test_duplicate_codes_and_names_are_refused():
    data = _xlsx(
        [
            ("unit", "kode", "sasaran", "indikator", "satuan", "polaritas", "target"),
            ("aset", "K", "S", "Nama", "%", "tinggi", 1),
            ("aset", "K", "S", "nama ", "%", "tinggi", 1),
        ]
    )
    with pytest.raises(MasterError) as caught:
        load_master(data, file_name="m.xlsx")
    assert any("kode indikator K dipakai lebih dari sekali" in p for p in caught.value.problems)
    assert any("tercantum lebih dari sekali" in p for p in caught.value.problems)


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "kosong"),
        (b"bukan xlsx", "bukan spreadsheet"),
        (_xlsx([("apa", "ini")]), "baris judul kolom tidak ditemukan"),
    ],
)
def test_unreadable_masters(data, fragment):
    with pytest.raises(MasterError, match=fragment):
        load_master(data, file_name="m.xlsx")


def test_missing_file():
    with pytest.raises(MasterError, match="tidak dapat dibuka"):
        load_master("/tidak/ada/indikator.xlsx")


def test_range_targets_formula_negatives_and_cumulation():
    """Published tables write ranges (`80-90`, `7-8`); these used to be refused as "bukan angka"."""
    data = _xlsx(
        [
            (
                "unit",
                "kode",
                "sasaran",
                "indikator",
                "satuan",
                "polaritas",
                "target_tahunan",
                "tw3",
                "rumus",
                "boleh_negatif",
                "kumulatif",
            ),
            ("anggaran", "R-1", "S", "Rentang", "%", "tinggi", "80-90", "80 s.d. 90", None, None, None),
            ("anggaran", "R-2", "S", "Hari", "hari", "rendah", "7 – 8", 8, "T/R", None, "rata-rata"),
            ("anggaran", "R-3", "S", "Selisih kas", "Rp", "rendah", 0, None, "2T-R", "ya", None),
            ("anggaran", "R-4", "S", "Jumlah", "dokumen", "tinggi", 40, 10, None, "tidak", "jumlah"),
        ]
    )
    one, two, three, four = load_master(data, file_name="m.xlsx").indicators
    assert str(one.target_annual) == "80-90" and (one.target_annual.low, one.target_annual.high) == (80, 90)
    assert str(one.target_for("2026-TW3")) == "80 s.d. 90"
    assert (two.formula, two.cumulation, str(two.target_annual)) == ("T/R", "average", "7 – 8")
    assert (three.formula, three.allow_negative) == ("2T-R", True)
    assert (four.allow_negative, four.cumulation, one.cumulation, one.formula) == (False, "sum", "latest", "2T-R")


def test_bad_range_formula_and_switches_are_named():
    data = _xlsx(
        [
            (
                "unit",
                "kode",
                "sasaran",
                "indikator",
                "satuan",
                "polaritas",
                "target_tahunan",
                "rumus",
                "boleh_negatif",
                "kumulatif",
            ),
            ("anggaran", "B-1", "S", "Satu", "%", "tinggi", "90-80", None, None, None),
            ("anggaran", "B-2", "S", "Dua", "hari", "rendah", 5, "R/T", "mungkin", "kadang"),
            ("anggaran", "B-3", "S", "Tiga", "%", "tinggi", 5, "T/R", None, None),
        ]
    )
    with pytest.raises(MasterError) as caught:
        load_master(data, file_name="m.xlsx")
    problems = caught.value.problems
    for fragment in [
        'Baris 2, kolom target_tahunan: "90-80": batas bawah lebih besar dari batas atas',
        'Baris 3, kolom rumus: "R/T" tidak dikenal; isi 2T-R (bawaan) atau T/R',
        'Baris 3, kolom boleh_negatif: "mungkin" tidak dikenal; isi ya atau tidak',
        'Baris 3, kolom kumulatif: "kadang" tidak dikenal; isi jumlah, rata-rata, atau terakhir',
        "Baris 4, kolom rumus: rumus hanya untuk polaritas rendah",
    ]:
        assert any(fragment in p for p in problems), (fragment, problems)
