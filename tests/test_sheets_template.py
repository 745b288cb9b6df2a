"""The data format: layout, validation, protection, and an identification that survives
LibreOffice (xlsx -> ods -> xlsx, files in tests/fixtures written by soffice)."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from bot.sheets.template import FIRST_DATA_ROW, HEADER_ROW, HEADERS, META_SHEET, FormatId
from tests.fixtures.common import PERIODE, indicators, read, template


def _book(data: bytes, **kw):
    return load_workbook(io.BytesIO(data), **kw)


def test_layout_header_and_prefilled_rows():
    sheet = _book(template("aset")).worksheets[0]
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADERS)
    assert "Bidang Aset" in sheet["A2"].value and "Triwulan III 2026" in sheet["A3"].value
    inds = indicators("aset")
    for offset, ind in enumerate(inds):
        row = [c.value for c in sheet[FIRST_DATA_ROW + offset]]
        assert row[:5] == [offset + 1, ind.sasaran, ind.name, ind.satuan, ind.target_for(PERIODE)]
        assert row[5] is None and row[7] is None
    assert sheet.cell(FIRST_DATA_ROW, 5).value == 55  # TW3 target, not the annual 60
    assert sheet.max_row == FIRST_DATA_ROW + len(inds) - 1


def test_capaian_formula_only_where_it_can_be_computed():
    sheet = _book(template("anggaran")).worksheets[0]
    assert sheet.cell(FIRST_DATA_ROW, 7).value is None  # ANG-01 has target 0
    assert sheet.cell(FIRST_DATA_ROW + 1, 7).value.startswith("=IF(ISNUMBER(F8),F8/E8*100")
    assert "(2*E11-F11)/E11" in sheet.cell(FIRST_DATA_ROW + 4, 7).value  # lower is better


def test_validation_number_and_list():
    sheet = _book(template("akuntansi")).worksheets[0]
    rules = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert str(rules["list"].sqref) == "F7" and rules["list"].formula1 == '"WTP,WDP,TW,TMP"'
    assert all(f"F{r}" in rules["decimal"].sqref for r in range(8, 12)) and "F7" not in rules["decimal"].sqref


def test_protection_leaves_realisasi_and_keterangan_open():
    sheet = _book(template("anggaran")).worksheets[0]
    assert sheet.protection.sheet and not sheet.protection.password
    assert not sheet["F7"].protection.locked and not sheet["H11"].protection.locked
    assert sheet["E7"].protection.locked and sheet["C7"].protection.locked


def _identities(data: bytes) -> tuple[FormatId | None, FormatId | None]:
    book = _book(data)
    meta = book[META_SHEET]
    meta_id = FormatId.find(dict(meta.iter_rows(values_only=True))["id"])
    return meta_id, FormatId.find(book.worksheets[0]["A4"].value)


def test_identification_in_hidden_sheet_and_visible_cell():
    book = _book(template("anggaran"))
    assert book[META_SHEET].sheet_state == "hidden"
    assert _identities(template("anggaran")) == (FormatId(PERIODE, "anggaran", "1"),) * 2
    assert str(FormatId(PERIODE, "anggaran", "1")) == "KNJ|2026-TW3|anggaran|v1"


def test_identification_survives_libreoffice_ods_round_trip():
    ods = read("lo_template_roundtrip.ods")
    with zipfile.ZipFile(io.BytesIO(ods)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        content = archive.read("content.xml").decode()
    assert "KNJ|2026-TW3|anggaran|v1" in content and 'table:name="_meta"' in content
    back = read("lo_template_roundtrip.xlsx")
    assert _identities(back) == (FormatId(PERIODE, "anggaran", "1"),) * 2
    book = _book(back)
    assert book[META_SHEET].sheet_state == "hidden"
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADERS)
    assert sheet.protection.sheet and not sheet["F7"].protection.locked


@pytest.mark.parametrize(
    "text, found",
    [
        ("ID format: KNJ|2026-10|aset|v2", FormatId("2026-10", "aset", "2")),
        ("KNJ|2026-TW3|anggaran|v1 (jangan dihapus)", FormatId("2026-TW3", "anggaran", "1")),
        ("KNJ|2026|aset|v1", None),
        (None, None),
    ],
)
def test_find_format_id(text, found):
    assert FormatId.find(text) == found
