"""The report document (.docx) of a recap, in the layout of chapter III of the Laporan Kinerja
(SPEC §8 "Files"): title, agency and period; the summary and the chart; per unit the measurement
table; for every indicator below par its Faktor Penghambat, Faktor Pendukung and Tindak Lanjut;
the signature block.

python-docx is imported inside `build_report` (start-up cost). Table rows are written as WordprocessingML
strings and parsed once per table: python-docx's own `add_row` is quadratic in the row count,
and a 50 x 200 recap has 10 000 rows."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from bot.sheets.numbers import format_number, is_rupiah
from bot.sheets.scales import DEFAULT_SCALE, Scale, shown_capaian
from bot.sheets.totals import AgencyTotals
from bot.sheets.types import FilledRow, Letterhead, UnitSummary, Value

MEASURE_HEADERS = ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Kategori")
MEASURE_WIDTHS = (400, 1900, 2600, 800, 1100, 1100, 900, 1100)  # twentieths of a point (dxa); 16,5 cm
ANALYSIS_HEADERS = ("No", "Indikator Kinerja", "Capaian (%)", "Faktor Penghambat", "Faktor Pendukung", "Tindak Lanjut")
ANALYSIS_WIDTHS = (400, 2300, 900, 1500, 1400, 1400)
SUMMARY_HEADERS = ("Unit", "Indikator", "Terisi", "Rata-rata capaian (%)", "Kategori")
SUMMARY_WIDTHS = (3400, 1200, 1200, 2000, 2100)
NOT_WRITTEN = "(belum diisi)"
TABLE_STYLE = "Tabel"  # paragraph style of table cells: 8 pt, no spacing
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML; people paste them
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class ReportUnit:
    """One unit of the report: its name, its summary and its rows (none when data did not come in)."""

    name: str
    summary: UnitSummary
    rows: tuple[FilledRow, ...]


def build_report(
    *,
    head: Letterhead,
    title: str,
    units: Sequence[ReportUnit],
    chart_png: bytes | None,
    totals: AgencyTotals | None = None,
    scale: Scale = DEFAULT_SCALE,
) -> bytes:
    """The .docx as bytes; opens in Word and LibreOffice."""
    from docx import Document  # imported here: start-up cost
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.author = head.short_name or head.agency or "Kinerja Bot"
    doc.core_properties.title = f"{title} {head.periode_label}"
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.25)
    section.top_margin = section.bottom_margin = Cm(2)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    _page_number_footer(doc, head)
    _table_paragraph_style(doc, Pt)

    heading = doc.add_heading(title.upper(), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in (head.agency or head.short_name, f"Periode {head.periode_label}"):
        if line:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("A. Ringkasan Capaian Kinerja", level=1)
    if totals is not None:
        doc.add_paragraph(_totals_text(totals, len(units)))
    _table(
        doc,
        SUMMARY_HEADERS,
        SUMMARY_WIDTHS,
        [_summary_line(u.summary, scale) for u in units],
        numeric=frozenset((1, 2, 3)),
    )
    if chart_png:
        doc.add_picture(io.BytesIO(chart_png), width=Cm(16.5))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph("Grafik capaian kinerja, " + head.periode_label).alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_heading("B. Pengukuran Kinerja", level=1)
    for number, unit in enumerate(units, 1):
        doc.add_heading(f"{number}. {unit.name}", level=2)
        if unit.summary.missing:
            doc.add_paragraph("Data tidak masuk.")
            continue
        _table(
            doc, MEASURE_HEADERS, MEASURE_WIDTHS, [_measure_line(r) for r in unit.rows], numeric=frozenset((4, 5, 6))
        )

    doc.add_heading("C. Analisis Capaian di Bawah Target", level=1)
    below_any = False
    for unit in units:
        below = [r for r in unit.rows if r.capaian is not None and r.capaian < 100]
        if not below:
            continue
        below_any = True
        doc.add_heading(unit.name, level=2)
        _table(doc, ANALYSIS_HEADERS, ANALYSIS_WIDTHS, [_analysis_line(r) for r in below], numeric=frozenset((2,)))
    if not below_any:
        doc.add_paragraph("Semua indikator yang terisi mencapai atau melampaui target.")

    _signature(doc, head, WD_ALIGN_PARAGRAPH, Cm)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _totals_text(t: AgencyTotals, units: int) -> str:
    average = "-" if t.average is None else format_number(shown_capaian(t.average), 2) + "%"
    counts = ", ".join(f"{label} {t.per_category[label]}" for label in t.scale.labels)
    out = f" Tidak masuk: {', '.join(t.units_out)}." if t.units_out else ""
    return (
        f"Rata-rata capaian Badan: {average}"
        + (f" ({t.category})" if t.category else "")
        + f". Indikator terisi {t.filled} dari {t.indicators}; per kategori: {counts}. "
        f"Unit yang datanya masuk: {len(t.units_in)} dari {units}.{out}"
    )


def _summary_line(s: UnitSummary, scale: Scale) -> tuple[str, ...]:
    if s.missing:
        return (s.unit_name, str(s.indicators), "-", "-", "Data tidak masuk")
    average = "-" if s.average is None else format_number(shown_capaian(s.average), 2)
    return (s.unit_name, str(s.indicators), str(s.filled), average, scale.category(s.average) or "-")


def _measure_line(r: FilledRow) -> tuple[str, ...]:
    capaian = "-" if r.capaian is None else format_number(shown_capaian(r.capaian), 2)
    realisasi = "Tidak ada data" if r.realisasi is None else _value(r.realisasi, r.satuan)
    return (str(r.no), r.sasaran, r.name, r.satuan, _value(r.target, r.satuan), realisasi, capaian, r.kategori or "-")


def _analysis_line(r: FilledRow) -> tuple[str, ...]:
    return (
        str(r.no),
        r.name,
        format_number(shown_capaian(r.capaian), 2),
        r.penghambat or NOT_WRITTEN,
        r.pendukung or NOT_WRITTEN,
        r.tindak_lanjut or NOT_WRITTEN,
    )


def _value(value: Value, satuan: str) -> str:
    if not isinstance(value, Decimal):
        return str(value)
    text = format_number(value)
    return f"Rp {text}" if is_rupiah(satuan) else text


def _table(
    doc,
    headers: Sequence[str],
    widths: Sequence[int],
    lines: Sequence[Sequence[str]],
    numeric: frozenset[int] = frozenset(),
) -> None:
    """One table: a header row repeated on every page, then the lines; parsed from one string."""
    from lxml import etree  # imported here: start-up cost (python-docx's own parser builds a
    # proxy class per element and takes seconds for 10 000 rows; the plain parser does not)

    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = _row(headers, widths, header=True)
    body = "".join(_row(line, widths, numeric=numeric) for line in lines)
    xml = (
        f'<w:tbl {W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/>'
        f'<w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{head}{body}</w:tbl>"
    )
    anchor = doc.add_paragraph()
    anchor._p.addprevious(etree.fromstring(xml))


def _row(
    values: Sequence[str], widths: Sequence[int], *, header: bool = False, numeric: frozenset[int] = frozenset()
) -> str:
    # Kept short: widths come from the table grid (fixed layout), size and spacing from the
    # "Tabel" paragraph style, so a 10 000-row document stays quick to write and to open.
    props = "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    cells = []
    for i, value in enumerate(values):
        text = escape(_CONTROL.sub("", str(value)))
        if header:
            cells.append(
                f'<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DDEBF7"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE}"/><w:jc w:val="center"/></w:pPr>'
                f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
            )
        else:
            align = '<w:jc w:val="right"/>' if i in numeric else ""
            cells.append(
                f'<w:tc><w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE}"/>{align}</w:pPr>'
                f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
            )
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _table_paragraph_style(doc, Pt) -> None:
    from docx.enum.style import WD_STYLE_TYPE  # imported here: start-up cost

    style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(8)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)


def _signature(doc, head: Letterhead, align, Cm) -> None:
    """Right half of the page, as the Laporan Kinerja is signed."""
    doc.add_paragraph()
    for line in head.signature_lines():
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(9)
        paragraph.paragraph_format.space_after = 0
        paragraph.alignment = align.CENTER
        run = paragraph.add_run(line)
        run.bold = bool(line) and line == head.signer_name


def _page_number_footer(doc, head: Letterhead) -> None:
    from docx.oxml import parse_xml  # imported here: start-up cost

    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.text = f"{head.short_name or head.agency} — {head.periode_label} — Halaman "
    field = f'<w:fldSimple {W} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    paragraph._p.append(parse_xml(field))
