"""Spreadsheets (.csv here, .xlsx in coding.readers.xlsx): one row per utterance with
speaker, text, start, end.

Column names are matched without regard to case, spaces, underscores or a unit in
brackets ('Start (s)'), including common synonyms. The header is the first row (of the
first ten) that names a text column; rows above it are a title, left out with a warning.
Only a text column is required; rows without a speaker are 'Unknown speaker'. Times are
seconds (12.5) or clock times ('00:01:02.500'); Excel time cells work too. Positions in
messages are spreadsheet rows (the header's row number as the file has it) and cells ('C5').
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter

from coding.config import MAX_TRANSCRIPT_MB
from coding.errors import TranscriptFormatError
from coding.readers._common import UNKNOWN_SPEAKER, Source, Utterance, clean_speaker, parse_time

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
#: How far down a title may push the header row.
HEADER_REACH = 10
_DELIMITERS = ",;\t"
#: Excel's 'sep=;' first line, which names the delimiter of the rows below it.
_SEPARATOR_LINE = re.compile(r"^\ufeff?sep=(.)\s*$")
Row = Sequence[object]


def read_csv(source: Source) -> list[Utterance]:
    text = source.text
    first_line, _, rest = text.partition("\n")
    separator = _SEPARATOR_LINE.match(first_line)
    delimiter = separator.group(1) if separator else _delimiter(text)
    first_row = 2 if separator else 1
    body = rest if separator else text
    # A transcript's text cell may be long (a monologue); the file's size is capped.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TRANSCRIPT_MB * 1024 * 1024))
    rows = _csv_rows(source.path, body, delimiter, first_row)
    return read_rows(source.path, rows, source.warnings, delimiter=delimiter)


def _delimiter(text: str) -> str:
    """The most frequent of comma, semicolon and tab in the first non-empty line (the
    header); a comma when there is none. Counting is linear, unlike csv.Sniffer."""
    header = next((line for line in text.split("\n", HEADER_REACH) if line.strip()), "")
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(path: Path, text: str, delimiter: str, first_row: int) -> list[tuple[int, Row]]:
    """(row number in the file, cells). A quote that is never closed would swallow the
    rest of the file into one cell: that is refused, naming the row it opens on."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, Row]] = []
    try:
        for cells in reader:
            rows.append((first_row + len(rows), cells))
    except csv.Error as error:
        raise TranscriptFormatError(f"not a readable CSV file ({error}).", path=path,
                                    row=first_row + len(rows),
                                    fix="save it again from Excel as CSV UTF-8.") from error
    if text.count('"') % 2 and rows and any("\n" in str(cell) for cell in rows[-1][1]):
        raise TranscriptFormatError(
            "a quote (\") opens a cell here and is never closed, so the rest of the file "
            "would be read as one cell.", path=path, row=rows[-1][0],
            fix="close the quote, or remove it.")
    return rows


def read_rows(path: Path, rows: Sequence[tuple[int, Row]], warnings: list[str],
              delimiter: str | None = None) -> list[Utterance]:
    """Utterances from numbered rows under the header row. ``delimiter`` is given for
    CSV: there, a row with more cells than the header has had an unquoted delimiter in
    its text, and the cells are joined back into the text with a warning."""
    header_at = _header_index(path, rows)
    header_row, header = rows[header_at]
    _report_title(rows[:header_at], warnings)
    columns = find_columns(path, header, header_row)
    pieces, widened, unnamed = [], [], []
    for number, row in rows[header_at + 1:]:
        row = _fit(row, len(header), columns, delimiter, number, widened, unnamed)
        piece = _utterance(path, row, number, columns)
        if piece is not None:
            pieces.append(piece)
    _report_fitted(widened, unnamed, warnings, delimiter)
    return pieces


def _header_index(path: Path, rows: Sequence[tuple[int, Row]]) -> int:
    filled = [index for index, (_, row) in enumerate(rows) if any(_cell_text(v) for v in row)]
    if not filled:
        raise TranscriptFormatError("the sheet is empty.", path=path,
                                    fix="export the transcript again.")
    for index in filled[:HEADER_REACH]:
        if "text" in column_roles(rows[index][1]):
            return index
    return filled[0]  # find_columns will say what this row holds


def _report_title(above: Sequence[tuple[int, Row]], warnings: list[str]) -> None:
    filled = [(number, row) for number, row in above if any(_cell_text(v) for v in row)]
    if filled:
        shown = "; ".join(repr(" ".join(_cell_text(v) for v in row if _cell_text(v))[:40])
                          for _, row in filled[:2])
        warnings.append(f"left out {len(filled)} row(s) above the header (from row "
                        f"{filled[0][0]}: {shown}), taken to be a title.")


def column_roles(header: Row) -> dict[str, int]:
    """Role ('speaker', 'text', 'start', 'end') -> column index, for the names found."""
    names = [_column_key(_cell_text(value)) for value in header]
    columns: dict[str, int] = {}
    for role, synonyms in COLUMNS.items():
        for synonym in synonyms:  # in order of preference: 'start' before 'time'
            if synonym in names and names.index(synonym) not in columns.values():
                columns[role] = names.index(synonym)
                break
    return columns


def find_columns(path: Path, header: Row, header_row: int = 1) -> dict[str, int]:
    """:func:`column_roles`, refusing a header without a text column."""
    columns = column_roles(header)
    if "text" not in columns:
        found = ", ".join(repr(_cell_text(value)[:40]) for value in header if _cell_text(value))
        raise TranscriptFormatError(
            f"no column holds the words: row {header_row} has {found or 'no names'}.",
            path=path, row=header_row,
            fix="name the columns speaker, text, start, end (or e.g. Name, Transcript, "
                "Start time, End time).")
    return columns


def _fit(row: Row, width: int, columns: dict[str, int], delimiter: str | None, number: int,
         widened: list[int], unnamed: list[int]) -> Row:
    """A row cut to the header's width; what lies beyond is joined into the text (CSV)
    or reported (a spreadsheet's cells in columns without a name)."""
    row = list(row)
    while len(row) > width and _cell_text(row[-1]) == "":
        row.pop()  # trailing empty cells, as Excel writes them
    if len(row) <= width:
        return row
    if delimiter is None:
        unnamed.append(number)
        return row[:width]
    extra, text = len(row) - width, columns["text"]
    widened.append(number)
    joined = delimiter.join(str(cell) for cell in row[text:text + extra + 1])
    return [*row[:text], joined, *row[text + extra + 1:]]


def _report_fitted(widened: list[int], unnamed: list[int], warnings: list[str],
                   delimiter: str | None) -> None:
    if widened:
        shown = "tab" if delimiter == "\t" else repr(delimiter)
        warnings.append(f"{len(widened)} row(s) had more cells than the header (the first is "
                        f"row {widened[0]}): a {shown} in the text without quotes around it. "
                        "The extra cells were joined back into the text; check those rows.")
    if unnamed:
        warnings.append(f"left out cells in columns without a name in the header, in "
                        f"{len(unnamed)} row(s) (the first is row {unnamed[0]}).")


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
    seconds = _as_seconds(value)
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        raise TranscriptFormatError(
            f"cell {_address(column, number)} holds {_cell_text(value)[:30]!r}, not a time.",
            path=path, row=number, fix="write times as seconds (62.5) or as 00:01:02.500.")
    return seconds


def _as_seconds(value: object) -> float | None:
    if isinstance(value, dt.datetime):
        return None  # a date, not a time into the recording
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _cell_text(value)
    seconds = parse_time(text, loose=True)
    if seconds is None and re.fullmatch(r"\d{1,9}(?:[.,]\d{1,9})?", text):
        seconds = float(text.replace(",", "."))
    return seconds


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _column_key(name: str) -> str:
    name = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", name.lower().lstrip("\ufeff"))
    return " ".join(re.sub(r"[_\-.:]", " ", name).split())


def _address(column: int, row: int) -> str:
    return f"{get_column_letter(column + 1)}{row}"
