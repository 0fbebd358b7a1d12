"""Pure writers: a table in, a file out. Same table, same bytes.

Text cells that a spreadsheet would run as a formula (starting with = + - @, or a tab
or carriage return) get a leading apostrophe, so opening an export is always safe.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_WIDTHS = {"theme": 28, "parent": 22, "definition": 50, "meetings": 26, "text": 70,
           "nearest_example": 50, "transcript": 26, "speaker": 18, "segment_id": 30}
_DEFAULT_WIDTH = 12
# One style object for every cell it applies to: openpyxl stores each style once anyway,
# and making a new one per cell cost seconds on a segment table.
_BOLD = Font(bold=True)
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(neutralise)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accents and curly quotes correctly."""
    text = neutralised(frame).to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(csv_bytes(frame))
    return path


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One worksheet per table, header in bold and frozen, long text wrapped."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, frame in sheets.items():
        _add_sheet(workbook, title, neutralised(frame))
    workbook.properties.creator = "focus-coding"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return fixed_zip(buffer.getvalue())


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(xlsx_bytes(sheets))
    return path


def _add_sheet(workbook: Workbook, title: str, frame: pd.DataFrame) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(column) for column in frame.columns])
    for values in frame.itertuples(index=False):
        sheet.append([_cell(value) for value in values])
    for cell in sheet[1]:
        cell.font = _BOLD
    sheet.freeze_panes = "A2"
    # Printed or saved as PDF, a sheet fits the page width instead of splitting columns.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    for index, column in enumerate(frame.columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        name = str(column)
        width = 60 if name.startswith("exemplar") else _WIDTHS.get(name, _DEFAULT_WIDTH)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter]:
            cell.alignment = _WRAPPED
    _fit_row_heights(sheet)


def _fit_row_heights(sheet) -> None:
    """Set each row tall enough for its wrapped text; not every spreadsheet does it."""
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    for row in sheet.iter_rows():
        lines = max(math.ceil(len(str(cell.value)) / widths.get(cell.column_letter, 12))
                    if cell.value is not None else 1 for cell in row)
        sheet.row_dimensions[row[0].row].height = min(409, 15 * max(1, lines))


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def fixed_zip(data: bytes) -> bytes:
    """Rewrite an Office zip (XLSX, DOCX) with fixed times: openpyxl and python-docx stamp
    the save time into the zip members, and openpyxl into docProps/core.xml whatever the
    document's properties say. Same content, same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(member, content)
    return output.getvalue()
