"""Rows of a big sheet written as XML directly, for the agency Rekap (10 000 rows).

openpyxl spends ~20 µs on every cell it writes (value conversion, style lookup, an lxml element
per cell); a 50-unit x 200-indicator Rekap has 130 000 of them. Here each row is one string:
numbers as `<v>`, text as an inline string (so typed text is never a formula), the style an
index registered once per combination in the workbook's own stylesheet. openpyxl writes the
workbook as always (the header row, print setup, comments, the other sheets); the rows are put
into the sheet's `<sheetData>` after it has saved (`splice`). tests/test_sheets_recap.py and the
end-to-end recap test read the result back cell by cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from bot.sheets.cells import wo_cell

END_OF_ROWS = b"</sheetData>"
DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


class FastRows:
    """The rows of one write-only sheet below its header, as XML, with their cells' comments."""

    def __init__(self, sheet, columns: int) -> None:
        self.sheet = sheet
        self.letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self.styles: dict[tuple[str | None, int], int] = {}
        self.parts: list[str] = []
        self.last_row = 1

    def style_id(self, number_format: str | None, alignment: Alignment) -> int:
        """The index of this style in the workbook's stylesheet (registered on first use)."""
        key = (number_format, id(alignment))
        found = self.styles.get(key)
        if found is None:
            found = self.styles[key] = wo_cell(self.sheet, 0, number_format=number_format, alignment=alignment).style_id
        return found

    def append(
        self,
        row_idx: int,
        cells: Sequence[tuple[object, str | None, Alignment]],
        height: float | None,
        comments: dict[int, object],
    ) -> None:
        styles, parts = self.styles, self.parts
        self.last_row = max(self.last_row, row_idx)
        parts.append(f'<row r="{row_idx}" ht="{height:g}" customHeight="1">' if height else f'<row r="{row_idx}">')
        for letter, (value, number_format, alignment) in zip(self.letters, cells):
            if value is None:
                continue
            style = styles.get((number_format, id(alignment)))
            if style is None:
                style = self.style_id(number_format, alignment)
            kind = type(value)
            if kind is int or kind is float or (kind is Decimal and value.is_finite()):
                parts.append(f'<c r="{letter}{row_idx}" s="{style}"><v>{value}</v></c>')
            else:  # text, typed or ours: an inline string, never a formula
                text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
                parts.append(
                    f'<c r="{letter}{row_idx}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
        parts.append("</row>")
        for index, comment in comments.items():
            self._comment(row_idx, index + 1, comment)

    def _comment(self, row_idx: int, column: int, comment) -> None:
        cell = WriteOnlyCell(self.sheet)
        cell.row, cell.column = row_idx, column
        cell.comment = comment
        self.sheet._comments.append(CommentRecord.from_cell(cell))  # written with the sheet by openpyxl

    def splice(self, xlsx: bytes, part: str) -> bytes:
        """The saved workbook with these rows at the end of `part`'s sheetData."""
        rows = "".join(self.parts).encode("utf-8")
        source, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == part:
                    if data.count(END_OF_ROWS) != 1:
                        raise ValueError(f"{part}: no single <sheetData> to add the rows to")
                    data = data.replace(END_OF_ROWS, rows + END_OF_ROWS)
                    # the used range as Excel expects it, now that the sheet holds every row
                    ref = f'<dimension ref="A1:{self.letters[-1]}{self.last_row}"/>'.encode()
                    data = DIMENSION.sub(ref, data, count=1)
                target.writestr(item, data)
        return out.getvalue()
