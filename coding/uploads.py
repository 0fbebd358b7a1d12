"""What arrives in the app's upload, sorted by what it is: transcripts, a manifest of
meetings, a table of participants.

A researcher drops the whole folder — transcripts with ``manifest.csv`` and
``participants.csv`` beside them, as the command line reads it. A CSV is recognised by
its columns, not its name: ``file`` with a meeting, date or title is a manifest; a first
column naming people (:data:`coding.people.matching.NAME_COLUMNS`) with no text column is
the participants' attributes; anything else is a transcript table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.people.matching import NAME_COLUMNS
from coding.readers.manifest import MeetingInfo, is_manifest_header, parse_manifest
from coding.readers.table import column_roles

Upload = tuple[str, bytes]


@dataclass(frozen=True)
class SortedUploads:
    transcripts: list[Upload] = field(default_factory=list)
    meetings: dict[str, MeetingInfo] = field(default_factory=dict)  # from the manifest
    manifest: str = ""  # its file name ('' when none came)
    participants: Upload | None = None


def sort_uploads(files: Sequence[Upload]) -> SortedUploads:
    """Transcripts, the manifest's meetings and the participants' table, by columns.
    A manifest that cannot be read is refused with its line and fix; two manifests or
    two participant tables are refused too (which one would count?)."""
    transcripts: list[Upload] = []
    manifests: list[Upload] = []
    people: list[Upload] = []
    for name, data in files:
        kind = _kind(name, data)
        {"manifest": manifests, "participants": people}.get(kind, transcripts).append(
            (name, data))
    for found, what in ((manifests, "manifests"), (people, "participant tables")):
        if len(found) > 1:
            raise TranscriptFormatError(
                f"{len(found)} {what} were uploaded ({', '.join(n for n, _ in found)}).",
                fix="upload one of them.")
    meetings = ({} if not manifests else
                parse_manifest(_text(manifests[0][1]), Path(manifests[0][0])))
    return SortedUploads(transcripts=transcripts, meetings=meetings,
                         manifest=manifests[0][0] if manifests else "",
                         participants=people[0] if people else None)


def _kind(name: str, data: bytes) -> str:
    if not name.lower().endswith(".csv"):
        return "transcript"
    header = _header(data)
    if is_manifest_header(header):
        return "manifest"
    if header and header[0].strip().lower() in NAME_COLUMNS and "text" not in column_roles(
            header):
        return "participants"
    return "transcript"


def _header(data: bytes) -> list[str]:
    first = _text(data[:4096]).split("\n", 1)[0]
    return next(csv.reader(io.StringIO(first)), [])


def _text(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")
