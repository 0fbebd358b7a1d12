"""Readers turn a transcript file into a :class:`~coding.model.Transcript`.

One module per format; :func:`read_transcript` picks one by file extension and, for
``.txt``, by content (a WebVTT or SubRip file saved as .txt is read as what it is).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coding.errors import TranscriptFormatError, UnsupportedFormatError
from coding.model import Transcript, content_hash
from coding.readers._common import Source, Utterance, merge_utterances, order_warnings
from coding.readers.decoding import read_bytes
from coding.readers.manifest import MeetingInfo, meeting_info_from_name
from coding.readers.srt import looks_like_srt, read_srt
from coding.readers.table import read_csv, read_xlsx
from coding.readers.text import read_text_transcript
from coding.readers.vtt import read_vtt
from coding.readers.word import read_docx


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


def read_transcript(path: str | Path, info: MeetingInfo | None = None) -> Transcript:
    """Read one transcript file; meeting number and date come from ``info`` or the name."""
    path = Path(path)
    kind = _BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFormatError(
            f"no reader for '{path.suffix or 'files without an extension'}'.", path=path,
            fix=f"export the transcript as one of: {', '.join(SUPPORTED_SUFFIXES)}.")
    source = Source(path, read_bytes(path))
    kind = detect_format(kind, source)
    pieces = kind.read(source)
    source.warnings.extend(order_warnings(pieces, kind.place))
    turns = merge_utterances(pieces)
    if not turns:
        raise TranscriptFormatError("no spoken text was found.", path=path,
                                    fix="check the file holds the transcript itself.")
    info = info or meeting_info_from_name(path.name)
    return Transcript(id=content_hash(source.data), name=path.name, turns=turns,
                      meeting=info.meeting, date=info.date, title=info.title,
                      format=kind.name, warnings=tuple(source.warnings))


def detect_format(by_suffix: Format, source: Source) -> Format:
    """A .txt that holds WebVTT or SubRip is read as such (people rename exports)."""
    if by_suffix is not TXT:
        return by_suffix
    head = source.text.lstrip("\ufeff \n")[:200]
    if head.startswith("WEBVTT"):
        return VTT
    return SRT if looks_like_srt(head) else TXT


__all__ = ["MeetingInfo", "SUPPORTED_SUFFIXES", "read_transcript"]
