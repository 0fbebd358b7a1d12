"""What arrives in the app's upload, sorted by what it is: transcripts, a manifest of
meetings, a table of participants.

A researcher drops the whole folder — transcripts with ``manifest.csv`` and
``participants.csv`` beside them, as the command line reads it. A CSV is recognised by
its columns, not its name: ``file`` with a meeting, date or title is a manifest; a first
column naming people (:data:`coding.people.matching.NAME_COLUMNS`) with no text column is
the participants' attributes; anything else is a transcript table.
:func:`import_uploads` then writes them to a temporary folder and runs the pipeline.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coding.model import Codebook
from coding.config import Settings
from coding.embed import Embedder
from coding.errors import TranscriptFormatError
from coding.paths import upload_name
from coding.pipeline import RunReport, run_pipeline
from coding.progress import Progress
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


def import_uploads(files: Sequence[tuple[str, bytes]], codebook: Codebook | None,
                   project: str | Path, settings: Settings | None = None,
                   progress: Progress | None = None,
                   meetings: Mapping[str, MeetingInfo] | None = None, *,
                   pseudonymise: bool | None = None,
                   mask_list: tuple[str, bytes] | None = None,
                   participants: tuple[str, bytes] | None = None,
                   embedder: Embedder | None = None) -> RunReport:
    """:func:`run_pipeline` on files that arrive as (name, bytes), e.g. browser uploads.

    Only the last part of a name is kept, so a name cannot point outside the upload.
    ``mask_list`` and ``participants`` arrive as (name, bytes) too; the key goes to its
    default place beside the project.
    """
    with tempfile.TemporaryDirectory(prefix="focus-coding-upload-") as folder:
        paths, refused = _write_uploads(files, Path(folder))
        extras = Path(folder) / "options"
        extras.mkdir()
        options = {option: _write_extra(extras, option, upload)
                   for option, upload in (("mask_list", mask_list),
                                          ("participants_csv", participants)) if upload}
        report = run_pipeline(paths, codebook, project, settings, progress, meetings,
                              pseudonymise=pseudonymise, embedder=embedder, **options)
    # Messages name the uploaded file, not the temporary folder it was read from.
    hidden = str(Path(folder)) + os.sep
    report.skipped = {name: reason.replace(hidden, "") for name, reason in report.skipped.items()}
    report.skipped.update(refused)
    return report


def _write_extra(folder: Path, option: str, upload: tuple[str, bytes]) -> Path:
    path = folder / (upload_name(upload[0]) or f"{option}.txt")
    path.write_bytes(upload[1])
    return path


def _write_uploads(files: Sequence[tuple[str, bytes]],
                   folder: Path) -> tuple[list[Path], dict[str, str]]:
    paths: list[Path] = []
    refused: dict[str, str] = {}
    for name, data in files:
        safe = upload_name(name)
        if not safe:
            refused[name or "(no name)"] = f"{name!r}: the file has no usable name. " \
                "Fix: rename it, e.g. meeting01.vtt."
            continue
        path = folder / safe
        if path.exists():
            refused[f"{safe} (second copy)"] = f"{safe}: two files in this upload have " \
                "this name; the first was used. Fix: rename one and upload it again."
            continue
        path.write_bytes(data)
        paths.append(path)
    return paths, refused
