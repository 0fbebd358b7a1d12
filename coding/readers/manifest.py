"""Meeting number, date and title of each transcript: from a manifest or the file name.

A manifest is a CSV named ``manifest.csv`` beside the transcripts with the columns
``file, meeting, date, title`` (date as YYYY-MM-DD; meeting and title optional).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coding.config import MAX_MEETING_NUMBER
from coding.errors import TranscriptFormatError

MANIFEST_NAME = "manifest.csv"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MEETING = re.compile(r"(?:meeting|session|mtg)[ _-]?0*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class MeetingInfo:
    meeting: int | None = None
    date: date | None = None
    title: str = ""


def meeting_info_from_name(name: str, warnings: list[str] | None = None) -> MeetingInfo:
    """'2025-03-12_meeting03.txt' -> meeting 3 on 12 March 2025.

    A number above MAX_MEETING_NUMBER ('meeting20250312093000') is a time stamp or an
    id, not a meeting: it is ignored, with a warning added to ``warnings``."""
    found_date = _DATE.search(name)
    found_meeting = _MEETING.search(name)
    parsed = None
    if found_date:
        try:
            parsed = date(*map(int, found_date.groups()))
        except ValueError:
            parsed = None
    meeting = _meeting_number(found_meeting.group(1), warnings) if found_meeting else None
    return MeetingInfo(meeting=meeting, date=parsed)


def _meeting_number(digits: str, warnings: list[str] | None) -> int | None:
    if len(digits) <= len(str(MAX_MEETING_NUMBER)) and int(digits) <= MAX_MEETING_NUMBER:
        return int(digits)
    if warnings is not None:
        warnings.append(f"the number {digits[:30]} in the file name is too large to be a "
                        f"meeting number (the limit is {MAX_MEETING_NUMBER:,}), so the "
                        "meeting number was left empty; set it in the manifest or on "
                        "screen.")
    return None


def read_manifest(folder: Path) -> dict[str, MeetingInfo]:
    """File name -> meeting info from ``folder/manifest.csv``; empty when there is none."""
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}
    return parse_manifest(path.read_text(encoding="utf-8-sig"), path)


#: The columns that make a CSV a manifest: ``file`` and at least one of the others.
MANIFEST_COLUMNS = ("file", "meeting", "date", "title")


def is_manifest_header(names: Iterable[str]) -> bool:
    """Whether a CSV header is a manifest's (``file`` and a meeting, date or title)."""
    found = {name.strip().lower() for name in names}
    return "file" in found and bool(found & set(MANIFEST_COLUMNS[1:]))


def parse_manifest(text: str, path: Path) -> dict[str, MeetingInfo]:
    """File name -> meeting info from a manifest's text (``path`` names it in errors)."""
    infos: dict[str, MeetingInfo] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise TranscriptFormatError("the manifest needs a 'file' column.", path=path,
                                    line=1, fix="add the header: file,meeting,date,title")
    for line, row in enumerate(reader, start=2):
        infos[row["file"].strip()] = _row_info(path, line, row)
    return infos


def _row_info(path: Path, line: int, row: dict[str, str]) -> MeetingInfo:
    meeting_text = (row.get("meeting") or "").strip()
    date_text = (row.get("date") or "").strip()
    try:
        meeting = int(meeting_text) if meeting_text else None
        when = date.fromisoformat(date_text) if date_text else None
    except ValueError as error:
        raise TranscriptFormatError(
            f"meeting must be a whole number and date YYYY-MM-DD ({error}).", path=path,
            line=line, fix="correct this row of the manifest.") from error
    if meeting is not None and not 0 <= meeting <= MAX_MEETING_NUMBER:
        raise TranscriptFormatError(
            f"meeting {meeting_text[:30]} is not a meeting number (0 to "
            f"{MAX_MEETING_NUMBER:,}).", path=path, line=line,
            fix="correct this row of the manifest.")
    return MeetingInfo(meeting=meeting, date=when, title=(row.get("title") or "").strip())


def meeting_infos(rows: Iterable[Mapping[str, object]]) -> dict[str, MeetingInfo]:
    """File name -> meeting info from table rows (``file, meeting, date, title``), as an
    editable table on screen gives them: blanks may be None or NaN."""
    infos = {}
    for row in rows:
        meeting, when, title = row.get("meeting"), row.get("date"), row.get("title")
        infos[str(row["file"])] = MeetingInfo(
            meeting=int(meeting) if _given(meeting) else None,  # type: ignore[arg-type]
            date=_as_date(when) if _given(when) else None,
            title=title.strip() if isinstance(title, str) else "")
    return infos


def _given(value: object) -> bool:
    return value is not None and value == value  # NaN is the one value unequal to itself


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
