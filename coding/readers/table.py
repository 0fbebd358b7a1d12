"""Spreadsheets (.csv, .xlsx): one row per utterance with speaker, text, start, end.

Column names are matched without regard to case, spaces, underscores or a unit in
brackets ('Start (s)'), including common synonyms. Only a text column is required; rows
without a speaker are 'Unknown speaker'. Times are seconds (12.5) or clock times
('00:01:02.500'); Excel time cells work too. Positions in messages are spreadsheet rows
(the header is row 1) and cells ('C5').
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from coding.errors import TranscriptFormatError
from coding.readers._common import UNKNOWN_SPEAKER, Source, Utterance, clean_speaker, parse_time
from coding.readers.decoding import open_zip

#: Accepted column names, after lower-casing and dropping '_', '-', '.' and '(unit)'.
COLUMNS = {
    "speaker": ("speaker", "speaker name", "name", "participant", "person", "who",
                "speaker label", "author", "respondent"),
    "text": ("text", "transcript", "transcription", "utterance", "content", "words",
             "speech", "message", "comment", "sentence", "dialogue", "what was said"),
    "start": ("start", "start time", "begin", "begin time", "from", "time", "timestamp",
              "start seconds", "start timestamp", "in", "offset"),
    "end": ("end", "end time", "stop", "stop time", "to", "end seconds", "end timestamp",
            "out"),
}
Row = Sequence[object]


def read_csv(source: Source) -> list[Utterance]:
    text = source.text
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # one column, or nothing to tell by: commas
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as error:
        raise TranscriptFormatError(f"not a readable CSV file ({error}).", path=source.path,
                                    fix="save it again from Excel as CSV UTF-8.") from error
    return read_rows(source.path, rows)


def read_xlsx(source: Source) -> list[Utterance]:
    open_zip(source.data, source.path, "Excel").close()
    try:
        book = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (InvalidFileException, KeyError, ValueError, OSError) as error:
        raise TranscriptFormatError(f"this is not a readable Excel workbook ({error}).",
                                    path=source.path,
                                    fix="open it in Excel and save it again as .xlsx.") from error
    try:
        sheet = book.worksheets[0]
        if len(book.worksheets) > 1:
            source.warnings.append(f"read the first sheet ({sheet.title!r}) only.")
        return read_rows(source.path, sheet.iter_rows(values_only=True))
    finally:
        book.close()


def read_rows(path: Path, rows: Iterable[Row]) -> list[Utterance]:
    """Utterances from rows whose first non-empty row is the header."""
    iterator = iter(rows)
    header_row, header = 0, None
    for row in iterator:
        header_row += 1
        if any(_cell_text(value) for value in row):
            header = row
            break
    if header is None:
        raise TranscriptFormatError("the sheet is empty.", path=path,
                                    fix="export the transcript again.")
    columns = find_columns(path, header, header_row)
    pieces = []
    for number, row in enumerate(iterator, start=header_row + 1):
        piece = _utterance(path, row, number, columns)
        if piece is not None:
            pieces.append(piece)
    return pieces


def find_columns(path: Path, header: Row, header_row: int = 1) -> dict[str, int]:
    """Role ('speaker', 'text', 'start', 'end') -> column index, from the header."""
    names = [_column_key(_cell_text(value)) for value in header]
    columns: dict[str, int] = {}
    for role, synonyms in COLUMNS.items():
        for synonym in synonyms:  # in order of preference: 'start' before 'time'
            if synonym in names and names.index(synonym) not in columns.values():
                columns[role] = names.index(synonym)
                break
    if "text" not in columns:
        found = ", ".join(repr(_cell_text(value)) for value in header if _cell_text(value))
        raise TranscriptFormatError(
            f"no column holds the words: row {header_row} has {found or 'no names'}.",
            path=path, row=header_row,
            fix="name the columns speaker, text, start, end (or e.g. Name, Transcript, "
                "Start time, End time).")
    return columns


def _utterance(path: Path, row: Row, number: int, columns: dict[str, int]) -> Utterance | None:
    def cell(role: str) -> object:
        index = columns.get(role)
        return row[index] if index is not None and index < len(row) else None

    words = " ".join(_cell_text(cell("text")).split())
    if not words:
        return None
    speaker = clean_speaker(_cell_text(cell("speaker"))) or UNKNOWN_SPEAKER
    start = _seconds(path, cell("start"), number, columns.get("start"))
    end = _seconds(path, cell("end"), number, columns.get("end"))
    if start is not None and end is not None and end < start:
        raise TranscriptFormatError(
            f"the end time (cell {_address(columns['end'], number)}) is before the start.",
            path=path, row=number, fix="correct the times in this row.")
    return Utterance(speaker=speaker, text=words, start=start, end=end, line=number)


def _seconds(path: Path, value: object, number: int, column: int | None) -> float | None:
    if value is None or column is None or _cell_text(value) == "":
        return None
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _cell_text(value)
    seconds = parse_time(text, loose=True)
    if seconds is None and re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        seconds = float(text.replace(",", "."))
    if seconds is None:
        raise TranscriptFormatError(
            f"cell {_address(column, number)} holds {text[:30]!r}, not a time.", path=path,
            row=number, fix="write times as seconds (62.5) or as 00:01:02.500.")
    return seconds


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _column_key(name: str) -> str:
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", name.lower().lstrip("\ufeff"))
    return " ".join(re.sub(r"[_\-.:]", " ", name).split())


def _address(column: int, row: int) -> str:
    return f"{get_column_letter(column + 1)}{row}"
