"""What every reader shares: the file being read, timestamps, merging cues into turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from coding.model import Turn
from coding.readers.decoding import decode_text

#: What a cue or row without a speaker label is attributed to.
UNKNOWN_SPEAKER = "Unknown speaker"
#: 'HH:MM:SS.mmm', 'MM:SS', 'H:MM:SS', 'MM:SS,mmm'.
_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
#: Also old Teams Word transcripts' unpadded '0:0:2.76' and 7-digit fractions.
_LOOSE_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,7}))?$")


@dataclass
class Utterance:
    """One cue or line as found in a file, before same-speaker pieces are merged."""

    speaker: str
    text: str
    start: float | None
    end: float | None
    line: int


@dataclass
class Source:
    """One file being read: its bytes, its text when a reader asks, and the warnings
    the user will see about it."""

    path: Path
    data: bytes
    warnings: list[str] = field(default_factory=list)
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text, notes = decode_text(self.data, self.path)
            self.warnings.extend(notes)
        return self._text


def parse_time(value: str, loose: bool = False) -> float | None:
    """Seconds from 'HH:MM:SS.mmm', 'MM:SS', 'H:MM:SS' or 'MM:SS,mmm'; None if not a time.

    Strict by default, so that a truncated cue timing ('00:00:0') is caught."""
    match = (_LOOSE_TIME if loose else _TIME).match(value.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    millis = round(float(f"0.{fraction or 0}") * 1000)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + millis / 1000


def format_time(seconds: float) -> str:
    """'01:02:03' for messages."""
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def order_warnings(pieces: list[Utterance], place: str) -> list[str]:
    """Cues that start before the cue above them.

    Overlap (a cue starting before the previous one ends) is normal cross-talk and
    passes. A cue starting before the previous one *started* is kept where the file has
    it — the words stay in the order the transcript shows them — and reported, because
    its time will look wrong in quotes and the file may have been joined or edited.
    """
    timed = [piece for piece in pieces if piece.start is not None]
    backwards = [(before, after) for before, after in zip(timed, timed[1:])
                 if after.start < before.start]  # type: ignore[operator]
    if not backwards:
        return []
    before, after = backwards[0]
    return [f"{len(backwards)} cue(s) start earlier than the cue above them, the first at "
            f"{place} {after.line} ({format_time(after.start or 0)}, after "
            f"{format_time(before.start or 0)} at {place} {before.line}); they are kept in "
            "the file's order. If the times look wrong, export the transcript again."]


def merge_utterances(utterances: list[Utterance]) -> tuple[Turn, ...]:
    """Consecutive pieces by one speaker become one turn spanning their times.

    Without speaker labels every cue stays a turn of its own: merging them would make
    the whole meeting one turn. Each turn's text is joined once (a lecture of 10,000
    cues by one speaker must not be copied 10,000 times)."""
    turns: list[Turn] = []
    for _, group in groupby(utterances, key=_merge_key):
        pieces = list(group)
        end = next((piece.end for piece in reversed(pieces) if piece.end is not None), None)
        turns.append(Turn(index=len(turns), speaker=pieces[0].speaker,
                          text=" ".join(piece.text for piece in pieces if piece.text),
                          start=pieces[0].start, end=end, line=pieces[0].line))
    return tuple(turns)


def _merge_key(piece: Utterance) -> object:
    return piece.speaker if piece.speaker != UNKNOWN_SPEAKER else id(piece)


def join_lines(lines: list[str]) -> str:
    """Wrapped lines as one text with single spaces."""
    return " ".join(" ".join(lines).split())


def clean_speaker(name: str) -> str:
    return " ".join(name.split())
