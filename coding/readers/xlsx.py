"""Excel workbooks (.xlsx): the first worksheet's rows, read as coding.readers.table reads
a CSV file.

openpyxl reads a worksheet lazily in read-only mode: a damaged sheet (broken XML, a
shared-string index out of range, a number cell holding text, an infinite time) fails
while its rows are iterated, after the workbook has opened. So the rows are read into
memory inside the same guard as the opening, and every error openpyxl and the zip and
XML libraries under it raise on a damaged file becomes a refusal naming the file.

Two things Excel does that a CSV never shows are undone here: a speaker cell merged over
several rows holds its name in the first row only (it is carried down into each), and
characters XML cannot hold are written as '_x0007_' escapes (they are decoded, and
control characters then removed like in any other file).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from coding.errors import TranscriptFormatError
from coding.readers._common import Source, Utterance
from coding.readers.decoding import open_zip
from coding.readers.table import Row, read_rows
from coding.readers.text_cleaning import clean_texts

#: What openpyxl and the zip and XML libraries under it raise on a damaged workbook.
_DAMAGED = (InvalidFileException, KeyError, ValueError, IndexError, TypeError, OverflowError,
            AttributeError, ParseError, etree.LxmlError, zipfile.BadZipFile, zlib.error,
            EOFError, NotImplementedError, OSError)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MERGE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_FIX = "open it in Excel and save it again as .xlsx."


def read_xlsx(source: Source) -> list[Utterance]:
    archive = open_zip(source.data, source.path, "Excel")
    try:
        rows, merges = _sheet_rows(source, archive)
    finally:
        archive.close()
    rows = _carry_merged_down(source.path, rows, merges)
    return read_rows(source.path, _cleaned(rows, source.warnings), source.warnings)


def _sheet_rows(source: Source, archive: zipfile.ZipFile) -> tuple[list[Row], list[str]]:
    """The first worksheet's rows (as values) and its merged ranges ('A2:A4')."""
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores: not about words.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True,
                                          data_only=True)
        try:
            if not book.worksheets:
                raise _refusal(source.path, "the workbook has no worksheet (only charts)")
            sheet = book.worksheets[0]
            if len(book.worksheets) > 1:
                source.warnings.append(f"read the first sheet ({sheet.title!r}) only.")
            rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            merges = _merged_ranges(archive, getattr(sheet, "_worksheet_path", ""))
        finally:
            book.close()
    except _DAMAGED as error:
        raise _refusal(source.path, f"{type(error).__name__}: {str(error)[:120]}") from error
    return rows, merges


def _refusal(path: Path, why: str) -> TranscriptFormatError:
    return TranscriptFormatError(f"this is not a readable Excel workbook ({why}).",
                                 path=path, fix=_FIX)


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """Merged ranges of the sheet, read with a parser that resolves no entities and
    loads nothing from outside the file."""
    if sheet_path not in archive.namelist():
        return []
    ranges = []
    with archive.open(sheet_path) as xml:
        for _, element in etree.iterparse(xml, tag=_MERGE, resolve_entities=False,
                                          no_network=True, load_dtd=False, huge_tree=False):
            ranges.append(element.get("ref", ""))
            element.clear()
    return ranges


def _carry_merged_down(path: Path, rows: list[Row], merges: list[str]) -> list[Row]:
    """Each cell of a merged range holds the range's first value, as Excel shows it.

    Ranges are cut to the cells the sheet has; Excel never lets them overlap, so they
    cover each cell at most once — more would be a hostile file, refused before the work
    grows with ranges times cells."""
    grid = [list(row) for row in rows]
    budget = sum(len(row) for row in grid)
    for ref in merges:
        try:
            first_col, first_row, last_col, last_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue  # a malformed range merges nothing
        if first_row is None or first_col is None or first_row > len(grid):
            continue
        top = grid[first_row - 1]
        value = top[first_col - 1] if first_col - 1 < len(top) else None
        for row in grid[first_row:min(last_row or first_row, len(grid))]:
            columns = range(first_col - 1, min(last_col or first_col, len(row)))
            budget -= len(columns)
            if budget < 0:
                raise _refusal(path, "its merged cells overlap")
            for column in columns:
                if row[column] is None:
                    row[column] = value
    return grid


def _cleaned(rows: list[Row], warnings: list[str]) -> list[tuple[int, Row]]:
    """Numbered rows with '_x000D_' escapes decoded and control characters removed."""
    texts = [_ESCAPE.sub(_unescape, value) for row in rows for value in row
             if isinstance(value, str)]
    cleaned = iter(clean_texts(texts, warnings, "cell"))
    return [(number, [next(cleaned) if isinstance(value, str) else value for value in row])
            for number, row in enumerate(rows, start=1)]


def _unescape(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))
