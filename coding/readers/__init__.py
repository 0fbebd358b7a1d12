"""Readers turn a transcript file into a :class:`~coding.model.Transcript`.

One module per format; :func:`read_transcript` picks one by file extension.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coding.errors import TranscriptFormatError, UnsupportedFormatError
from coding.model import Transcript, content_hash
from coding.readers._common import Utterance, merge_utterances, read_text
from coding.readers.manifest import MeetingInfo, meeting_info_from_name
from coding.readers.text import read_text_transcript
from coding.readers.vtt import read_vtt

_READERS: dict[str, Callable[[Path, str], list[Utterance]]] = {
    ".vtt": read_vtt,
    ".txt": read_text_transcript,
}
SUPPORTED_SUFFIXES = tuple(sorted(_READERS))


def read_transcript(path: str | Path, info: MeetingInfo | None = None) -> Transcript:
    """Read one transcript file; meeting number and date come from ``info`` or the name."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(
            f"no reader for '{path.suffix or 'files without an extension'}'.", path=path,
            fix=f"export the transcript as one of: {', '.join(SUPPORTED_SUFFIXES)}.")
    data, text = read_text(path)
    turns = merge_utterances(reader(path, text))
    if not turns:
        raise TranscriptFormatError("no spoken text was found.", path=path,
                                    fix="check the file holds the transcript itself.")
    info = info or meeting_info_from_name(path.name)
    return Transcript(id=content_hash(data), name=path.name, turns=turns,
                      meeting=info.meeting, date=info.date, title=info.title,
                      format=path.suffix.lower().lstrip("."))


__all__ = ["MeetingInfo", "SUPPORTED_SUFFIXES", "read_transcript"]
