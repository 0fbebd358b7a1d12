"""What every reader shares: decoding, timestamps and merging cues into turns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.model import Turn

#: Larger files are refused before they are read: no meeting transcript is this big.
MAX_BYTES = 100 * 1024 * 1024

_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


@dataclass
class Utterance:
    """One cue or line as found in a file, before same-speaker pieces are merged."""

    speaker: str
    text: str
    start: float | None
    end: float | None
    line: int


def read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text; refuses binary, huge and undecodable files."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TranscriptFormatError(
            f"the file is {size // (1024 * 1024)} MB; transcripts above "
            f"{MAX_BYTES // (1024 * 1024)} MB are refused.", path=path,
            fix="split the recording's transcript into smaller files.")
    data = path.read_bytes()
    if not data.strip():
        raise TranscriptFormatError("the file is empty.", path=path,
                                    fix="export the transcript again.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data, _decode(data, "utf-16", path)
    if b"\x00" in data[:4096]:
        raise TranscriptFormatError("the file is binary, not text.", path=path,
                                    fix="export the transcript as text (.txt or .vtt).")
    return data, _decode(data, "utf-8-sig", path)


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranscriptFormatError(
            f"byte {error.start} is not valid {encoding.upper()} text.", path=path,
            line=line, fix="save the file as UTF-8 (in Word: Save As > Plain Text > UTF-8).",
        ) from error
    # Windows and old-Mac line endings become plain newlines.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_time(value: str) -> float | None:
    """Seconds from 'HH:MM:SS.mmm', 'MM:SS', 'H:MM:SS' or 'MM:SS,mmm'; None if not a time."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def merge_utterances(utterances: list[Utterance]) -> tuple[Turn, ...]:
    """Consecutive pieces by one speaker become one turn spanning their times."""
    turns: list[Turn] = []
    for piece in utterances:
        if turns and turns[-1].speaker == piece.speaker:
            last = turns[-1]
            turns[-1] = Turn(
                index=last.index, speaker=last.speaker,
                text=_join(last.text, piece.text), start=last.start,
                end=piece.end if piece.end is not None else last.end, line=last.line,
            )
        else:
            turns.append(Turn(index=len(turns), speaker=piece.speaker, text=piece.text,
                              start=piece.start, end=piece.end, line=piece.line))
    return tuple(turns)


def _join(left: str, right: str) -> str:
    return f"{left} {right}" if left and right else left or right


def clean_speaker(name: str) -> str:
    return " ".join(name.split())
