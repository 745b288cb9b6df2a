"""The monitoring form as files: an xlsx and a docx, both landscape A4, ready to print and sign.

openpyxl and python-docx are imported by the function that writes each file, so /sopview can
import this module without loading either (the idle bot does without them)."""

from __future__ import annotations

import io
from datetime import date

from bot.monitoring.form import HEADERS, MonitoringForm
from bot.timefmt import format_date

TITLE = "FORMULIR MONITORING PELAKSANAAN SOP"
WIDTHS = (6, 48, 20, 70, 36)  # characters; the whole row fits one A4 landscape width
TABLE_ROW = 7  # the header row; rows 1-5 name the SOP, the agency and the period


def identity(form: MonitoringForm) -> tuple[tuple[str, str], ...]:
    return (
        ("Nama SOP", form.sop_title),
        ("Nomor SOP", form.reference or "-"),
        ("Unit kerja", form.agency),
        ("Periode monitoring", form.period_text),
    )


def signature_lines(place: str, day: date) -> tuple[str, ...]:
    """The assessor signs by hand: the name and NIP are left as lines to fill."""
    return (
        f"{place}, {format_date(day)}",
        "Penilai,",
        "",
        "",
        "",
        "(....................................................)",
        "NIP. ..........................................",
    )


def monitoring_xlsx(form: MonitoringForm, *, place: str, day: date) -> bytes:
    # imported here: start-up cost (openpyxl pulls in lxml and Pillow; the idle bot never needs it)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from bot.sheets.cells import put

    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    to_fill = PatternFill("solid", fgColor="FFF9E0")  # the column the assessor fills by hand
    wrap, centre_top = Alignment(wrap_text=True, vertical="top"), Alignment(horizontal="center", vertical="top")
    book = Workbook()
    sheet = book.active
    sheet.title = "Monitoring SOP"
    put(sheet, 1, 1, TITLE).font = Font(bold=True, size=13)
    for i, (label, value) in enumerate(identity(form), 2):
        put(sheet, i, 1, f"{label}: {value}")
        sheet.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(HEADERS))
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS), 1):
        cell = put(sheet, TABLE_ROW, column, label)
        cell.font, cell.fill, cell.border = Font(bold=True), head_fill, box
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = width
    row = TABLE_ROW
    for row, line in enumerate(form.lines, TABLE_ROW + 1):
        for column, value in enumerate((line.no, line.prosedur, line.penilaian, line.catatan, ""), 1):
            cell = put(sheet, row, column, value)
            cell.alignment, cell.border = (centre_top if column == 1 else wrap), box
        if not line.good:
            sheet.cell(row, 3).font = Font(bold=True, color="C00000")
        sheet.cell(row, 5).fill = to_fill
        sheet.row_dimensions[row].height = 15 * max(
            2, _lines(line.catatan, WIDTHS[3]), _lines(line.prosedur, WIDTHS[1])
        )
    for offset, text in enumerate(form.remarks, 2):
        put(sheet, row + offset, 2, text).font = Font(italic=True)
    sign_top = row + len(form.remarks) + 3
    for offset, text in enumerate(signature_lines(place, day)):
        put(sheet, sign_top + offset, 4, text).alignment = Alignment(horizontal="center")
    _print_setup(sheet, form)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lines(text: str, width: int) -> int:
    return sum(max(1, -(-len(part) // max(1, width - 4))) for part in text.split("\n")) if text else 1


def _print_setup(sheet, form: MonitoringForm) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{TABLE_ROW}:{TABLE_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddHeader.center.text = f"{_header_text(form.agency)} — Monitoring SOP {_header_text(form.range_label)}"
    sheet.oddHeader.center.size = 9
    sheet.oddFooter.center.text = "Halaman &P dari &N"
    sheet.oddFooter.center.size = 9
    sheet.freeze_panes = sheet.cell(TABLE_ROW + 1, 1)


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # a lone & starts a header code in Excel


def monitoring_docx(form: MonitoringForm, *, place: str, day: date) -> bytes:
    # imported here: start-up cost (python-docx pulls in lxml; the idle bot never needs it)
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9.5)
    section.header.paragraphs[0].text = f"{form.agency} — Monitoring SOP {form.range_label}"
    _page_numbers(section.footer.paragraphs[0])
    document.add_heading(TITLE, level=1)
    for label, value in identity(form):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(0)
    _table(document, form, Cm)
    for text in form.remarks:
        document.add_paragraph(text).runs[0].italic = True
    _signature(document, place, day)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, form: MonitoringForm, Cm) -> None:
    from docx.shared import RGBColor

    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    widths = (Cm(1.2), Cm(6.5), Cm(3.5), Cm(10.5), Cm(5.0))
    for cell, label in zip(table.rows[0].cells, HEADERS):
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
    _repeat_header(table.rows[0])
    for line in form.lines:
        cells = table.add_row().cells
        for cell, value in zip(cells, (str(line.no), line.prosedur, line.penilaian, line.catatan, "")):
            cell.text = value
        if not line.good:
            run = cells[2].paragraphs[0].runs[0]
            run.bold, run.font.color.rgb = True, RGBColor(0xC0, 0, 0)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width  # the cell widths Word reads


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_numbers(paragraph) -> None:
    """ "Halaman N dari M" with Word fields, so every page shows its own number."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Halaman ")
    for index, code in enumerate(("PAGE", "NUMPAGES")):
        if index:
            paragraph.add_run(" dari ")
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText" if text == code else "w:t")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {code} " if text == code else text
            run._r.append(element)


def _signature(document, place: str, day: date) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_paragraph()
    for text in signature_lines(place, day):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_after = Pt(0)
