"""Word transcripts laid out as a table: Speaker | Text, or Speaker | Time | Text.

A table is a transcript when it has two or three columns and either a header naming a
speaker and a text column (the names spreadsheets use: coding.readers.table), or, without
a header, a column of names, perhaps a column of times, and a column of longer text.
Each row is a turn; rows without words are skipped. A table that is not a transcript
(a list of attendees, a date) is left out with a warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import UNKNOWN_SPEAKER, Utterance, clean_speaker, parse_time
from coding.readers.speakers import looks_like_name, split_label
from coding.readers.table import column_roles
from coding.readers.text import HEADING, Lines
from coding.readers.word_xml import Table

#: Share of a column's cells that must be times (or names) for it to be that column.
_MOSTLY = 0.8


def read_tables(path: Path, tables: list[Table], numbered: Lines,
                warnings: list[str]) -> list[Utterance] | None:
    """Turns from the document's transcript tables, or None to read its paragraphs.

    Tables are read when the paragraphs hold no turns of their own (no 'Name: text' and
    no 'Name  0:03' headings); the paragraphs are then the title, reported as left out."""
    found = [(table, roles) for table in tables if (roles := transcript_columns(table))]
    others = sum(1 for table in tables if any(any(cell.strip() for cell in row)
                                              for row in table.rows)) - len(found)
    paragraphs_hold_turns = any(split_label(line) or HEADING.match(line) for _, line in numbered)
    if not found or paragraphs_hold_turns:
        if found or others:
            warnings.append(f"left out {len(found) + others} table(s); the transcript was "
                            "read from the paragraphs.")
        return None
    if others:
        warnings.append(f"left out {others} table(s) that are not a transcript (they have no "
                        "speaker and text columns).")
    text_paragraphs = {number for number, line in numbered if line.strip()}
    if text_paragraphs:
        warnings.append(f"left out {len(text_paragraphs)} paragraph(s) outside the "
                        "transcript table, taken to be the title and date.")
    return [piece for table, (roles, header) in found
            for piece in _table_turns(path, table, roles, header)]


def transcript_columns(table: Table) -> tuple[dict[str, int], bool] | None:
    """(role -> column, whether the first row is a header), or None if not a transcript."""
    rows = [row for row in table.rows if any(cell.strip() for cell in row)]
    if not rows:
        return None
    width = Counter(len(row) for row in rows).most_common(1)[0][0]
    if not 2 <= width <= 3:
        return None
    roles = column_roles(rows[0])
    if "text" in roles and "speaker" in roles:
        return roles, True
    roles = _roles_by_content(rows, width)
    return (roles, False) if roles else None


def _roles_by_content(rows: list[list[str]], width: int) -> dict[str, int] | None:
    columns = [[row[index].strip() for row in rows if index < len(row) and row[index].strip()]
               for index in range(width)]
    times = [index for index, cells in enumerate(columns) if _mostly(cells, _is_time)]
    others = [index for index in range(width) if index not in times]
    if len(others) != 2 or len(times) > 1:
        return None
    speaker, text = sorted(others, key=lambda index: _mean_length(columns[index]))
    if not _mostly(columns[speaker], lambda cell: looks_like_name(cell.rstrip(":： "))):
        return None
    roles = {"speaker": speaker, "text": text}
    if times:
        roles["start"] = times[0]
    return roles


def _table_turns(path: Path, table: Table, roles: dict[str, int],
                 header: bool) -> list[Utterance]:
    pieces = []
    for index, row in enumerate(table.rows[1:] if header else table.rows,
                                start=2 if header else 1):
        def cell(role: str, row: list[str] = row) -> str:
            column = roles.get(role)
            return row[column].strip() if column is not None and column < len(row) else ""

        words = " ".join(cell("text").split())
        if not words:
            continue
        speaker = clean_speaker(cell("speaker").rstrip(":： ")) or UNKNOWN_SPEAKER
        start = _start(path, table, index, cell("start"))
        pieces.append(Utterance(speaker, words, start, None, table.number))
    return pieces


def _start(path: Path, table: Table, row: int, value: str) -> float | None:
    if not value:
        return None
    seconds = _time(value)
    if seconds is None:
        raise TranscriptFormatError(
            f"row {row} of the table at paragraph {table.number} has {value[:30]!r} where "
            "the time should be.", path=path,
            fix="write times as 00:01:02, or clear that cell.")
    return seconds


def _time(value: str) -> float | None:
    """'00:01:02', '[0:03]' or the start of '00:00:01.000 --> 00:00:04.000'."""
    first = value.strip("[]() ").split("-->")[0].strip()
    return parse_time(first, loose=True)


def _is_time(value: str) -> bool:
    return _time(value) is not None


def _mostly(cells: list[str], test: Callable[[str], bool]) -> bool:
    return bool(cells) and sum(1 for cell in cells if test(cell)) >= _MOSTLY * len(cells)


def _mean_length(cells: list[str]) -> float:
    return sum(len(cell) for cell in cells) / len(cells) if cells else 0.0
