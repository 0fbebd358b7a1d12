"""Readers turn a transcript file into a :class:`~coding.model.Transcript`.

One module per format; :func:`read_transcript` picks one by file extension and, for
``.txt``, by content (a WebVTT or SubRip file saved as .txt is read as what it is).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coding.errors import TranscriptFormatError, UnsupportedFormatError, shown_name
from coding.model import Transcript, content_hash
from coding.readers._common import Source, Utterance, merge_utterances, order_warnings
from coding.readers.decoding import read_bytes
from coding.readers.manifest import MeetingInfo, meeting_info_from_name
from coding.readers.srt import looks_like_srt, read_srt
from coding.readers.table import read_csv
from coding.readers.text import read_text_transcript
from coding.readers.vtt import read_vtt
from coding.readers.word import read_docx
from coding.readers.xlsx import read_xlsx


@dataclass(frozen=True)
class Format:
    """A kind of transcript file: how to read it, and what its positions count."""

    name: str
    read: Callable[[Source], list[Utterance]]
    place: str = "line"


VTT = Format("vtt", read_vtt)
SRT = Format("srt", read_srt)
TXT = Format("txt", read_text_transcript)
DOCX = Format("docx", read_docx, "paragraph")
CSV = Format("csv", read_csv, "row")
XLSX = Format("xlsx", read_xlsx, "row")
_BY_SUFFIX = {".vtt": VTT, ".srt": SRT, ".txt": TXT, ".docx": DOCX, ".csv": CSV,
              ".xlsx": XLSX}
SUPPORTED_SUFFIXES = tuple(sorted(_BY_SUFFIX))


def read_transcript(path: str | bytes | os.PathLike, info: MeetingInfo | None = None
                    ) -> Transcript:
    """Read one transcript file; meeting number and date come from ``info`` or the name.

    Only :class:`~coding.errors.CodingError` leaves this function for a bad file: every
    reader turns what its libraries raise on damaged input into a refusal that names
    the file, the place and the fix."""
    path = Path(os.fsdecode(path))
    kind = _BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFormatError(
            f"no reader for {shown_name(path.suffix or 'files without an extension')!r}.",
            path=path, fix=f"export the transcript as one of: {', '.join(SUPPORTED_SUFFIXES)}.")
    source = Source(path, read_bytes(path))
    kind = detect_format(kind, source)
    pieces = kind.read(source)
    source.warnings.extend(order_warnings(pieces, kind.place))
    turns = merge_utterances(pieces)
    if not turns:
        raise TranscriptFormatError("no spoken text was found.", path=path,
                                    fix="check the file holds the transcript itself.")
    name = _stored_name(path.name, source.warnings)
    info = info or meeting_info_from_name(name, source.warnings)
    return Transcript(id=transcript_id(source.data), name=name, turns=turns,
                      meeting=info.meeting, date=info.date, title=info.title,
                      format=kind.name, warnings=tuple(source.warnings))


def transcript_id(data: bytes) -> str:
    """A transcript's id: the digest of its file's bytes, so the same file read again,
    under any name, is known without being parsed."""
    return content_hash(data)


def stored_id(path: str | os.PathLike) -> str | None:
    """The id :func:`read_transcript` would give the file, from its bytes alone (no
    parsing); None for a kind of file no reader takes."""
    path = Path(os.fsdecode(path))
    if path.suffix.lower() not in _BY_SUFFIX:
        return None
    return transcript_id(read_bytes(path))


def stored_name(path: str | os.PathLike) -> str:
    """The file's name as :func:`read_transcript` keeps it."""
    return _stored_name(Path(os.fsdecode(path)).name, [])


def _stored_name(name: str, warnings: list[str]) -> str:
    """The file name as kept in the project and shown on screen: bytes that are not
    UTF-8 and control characters cannot be stored or shown safely, so they are kept as
    visible escapes ('meeting\\xff.vtt'), with a warning."""
    shown = shown_name(name)
    if shown != name:
        warnings.append(f"the file name holds characters that cannot be shown; it is kept "
                        f"as {shown!r}. Rename the file if that is hard to read.")
    return shown


def detect_format(by_suffix: Format, source: Source) -> Format:
    """A .txt that holds WebVTT or SubRip is read as such (people rename exports)."""
    if by_suffix is not TXT:
        return by_suffix
    head = source.text.lstrip("\ufeff \n")[:200]
    if head.startswith("WEBVTT"):
        return VTT
    return SRT if looks_like_srt(head) else TXT


__all__ = ["MeetingInfo", "SUPPORTED_SUFFIXES", "read_transcript", "stored_id", "stored_name",
           "transcript_id"]
