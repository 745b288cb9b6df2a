"""The data format: layout, validation, protection, and an identification that survives
LibreOffice (xlsx -> ods -> xlsx, files in tests/fixtures written by soffice)."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from bot.sheets.paper import lines_needed
from bot.sheets.template import FIRST_DATA_ROW, HEADER_ROW, HEADERS, META_SHEET, WIDTHS, FormatId
from bot.sheets.types import POLARITY_LABELS
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
        assert row[:6] == [
            offset + 1,
            ind.sasaran,
            ind.name,
            ind.satuan,
            POLARITY_LABELS[ind.polarity],
            ind.target_for(PERIODE),
        ]
        assert row[6] is None and all(v is None for v in row[8:])
    assert sheet.cell(FIRST_DATA_ROW, 6).value == 55  # TW3 target, not the annual 60
    assert sheet.cell(FIRST_DATA_ROW, 5).value == "Semakin tinggi semakin baik"
    assert sheet.max_row == FIRST_DATA_ROW + len(inds) - 1


def test_capaian_formula_only_where_it_can_be_computed():
    sheet = _book(template("anggaran")).worksheets[0]
    assert sheet.cell(FIRST_DATA_ROW, 8).value is None  # ANG-01 has target 0
    assert sheet.cell(FIRST_DATA_ROW + 1, 8).value.startswith("=IF(ISNUMBER(G8),G8/F8*100")
    assert "(2*F11-G11)/F11" in sheet.cell(FIRST_DATA_ROW + 4, 8).value  # lower is better


def test_validation_number_and_list():
    sheet = _book(template("akuntansi")).worksheets[0]
    rules = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert str(rules["list"].sqref) == "G7" and rules["list"].formula1 == '"WTP,WDP,TW,TMP"'
    assert all(f"G{r}" in rules["decimal"].sqref for r in range(8, 12)) and "G7" not in rules["decimal"].sqref


def test_the_cells_to_fill_are_open_and_highlighted_the_rest_protected():
    sheet = _book(template("anggaran")).worksheets[0]
    assert sheet.protection.sheet and not sheet.protection.password
    last = FIRST_DATA_ROW + len(indicators("anggaran")) - 1
    to_fill = {"Realisasi", "Keterangan", "Faktor Penghambat", "Faktor Pendukung", "Tindak Lanjut"}
    for column, label in enumerate(HEADERS, 1):
        for row in range(FIRST_DATA_ROW, last + 1):
            cell = sheet.cell(row, column)
            assert cell.protection.locked is (label not in to_fill), (label, row)
            assert (cell.fill.fgColor.rgb == "00FFF2CC") is (label in to_fill), (label, row)


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
    assert sheet.protection.sheet and not sheet["G7"].protection.locked


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


def test_header_is_the_spec_layout():
    assert HEADERS == (
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Polaritas",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Keterangan",
        "Faktor Penghambat",
        "Faktor Pendukung",
        "Tindak Lanjut",
    )


def test_prints_landscape_a4_one_page_wide_with_the_header_repeated():
    sheet = _book(template("anggaran")).worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert "Halaman &P dari &N" in sheet.oddFooter.center.text
    assert "Triwulan III 2026" in sheet.oddHeader.right.text


def test_no_text_is_cut_every_wrapped_row_is_tall_enough():
    sheet = _book(template("aset")).worksheets[0]
    note = sheet.cell(5, 1)
    assert note.alignment.wrap_text and "A5:L5" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.row_dimensions[5].height >= 15 * lines_needed(note.value, sum(WIDTHS))
    for row in range(HEADER_ROW, FIRST_DATA_ROW + len(indicators("aset"))):
        for column, width in enumerate(WIDTHS, 1):
            cell = sheet.cell(row, column)
            if isinstance(cell.value, str) and cell.data_type != "f":  # a formula shows a number
                assert cell.alignment.wrap_text, cell.coordinate
                assert sheet.row_dimensions[row].height >= 15 * lines_needed(cell.value, width), cell.coordinate
        assert sheet.column_dimensions[sheet.cell(row, 1).column_letter].width == WIDTHS[0]


def test_old_layout_formats_are_still_read():
    """Formats sent before Polaritas and the analysis columns existed (tests/fixtures/old_layout)."""
    from bot.sheets.intake import check_upload

    for name, unit in (
        ("filled_openpyxl.xlsx", "anggaran"),
        ("lo_filled_roundtrip.xlsx", "anggaran"),
        ("filled_akuntansi.xlsx", "akuntansi"),
    ):
        result = check_upload(
            read(f"old_layout/{name}"),
            file_name=name,
            unit_code=unit,
            periode_code=PERIODE,
            indicators=indicators(unit),
        )
        assert result.accepted, (name, result.summary_lines)
        assert all(r.penghambat == "" for r in result.rows)


def test_analysis_columns_are_read_as_text():
    from bot.sheets.intake import check_upload
    from tests.fixtures.common import ANGGARAN_VALUES, fill

    book = _book(fill(template("anggaran"), ANGGARAN_VALUES))
    sheet = book.worksheets[0]
    sheet.cell(FIRST_DATA_ROW + 1, 10).value = "SKPD  terlambat"
    sheet.cell(FIRST_DATA_ROW + 1, 11).value = "Bimtek  BPKP"
    sheet.cell(FIRST_DATA_ROW + 1, 12).value = 2027
    out = io.BytesIO()
    book.save(out)
    result = check_upload(
        out.getvalue(),
        file_name="x.xlsx",
        unit_code="anggaran",
        periode_code=PERIODE,
        indicators=indicators("anggaran"),
    )
    row = result.rows[1]
    assert (row.penghambat, row.pendukung, row.tindak_lanjut) == ("SKPD terlambat", "Bimtek BPKP", "2027")
