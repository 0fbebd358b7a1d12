"""Plain-text transcripts: 'Name: text' lines, or Otter's 'Name  00:12:03' headings."""

from __future__ import annotations

import re
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import Utterance, clean_speaker, parse_time

#: Otter: the speaker, two or more spaces, a time, then the words on the next lines.
_OTTER_HEADING = re.compile(r"^(?P<name>\S.{0,59}?)\s{2,}(?P<time>\d{1,2}(?::\d{2}){1,2})\s*$")
#: Plain: 'Name: text', optionally after a '[00:01:02]' stamp.
_LABELLED = re.compile(
    r"^(?:\[(?P<time>\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)\]\s*)?"
    r"(?P<name>[A-Z][^:\[\]]{0,59}?):\s*(?P<text>.*)$")


def read_text_transcript(path: Path, text: str) -> list[Utterance]:
    lines = text.split("\n")
    if any(_OTTER_HEADING.match(line) for line in lines[:50]):
        return _read_otter(path, lines)
    return _read_labelled(path, lines)


def _read_otter(path: Path, lines: list[str]) -> list[Utterance]:
    pieces: list[Utterance] = []
    for number, line in enumerate(lines, start=1):
        heading = _OTTER_HEADING.match(line)
        if heading:
            start = parse_time(heading.group("time"))
            if pieces and pieces[-1].end is None:
                pieces[-1].end = start
            pieces.append(Utterance(clean_speaker(heading.group("name")), "", start, None,
                                    number))
        elif line.strip():
            if not pieces:
                raise TranscriptFormatError(
                    "expected a speaker line like 'Jane Smith  00:12:03' before the text.",
                    path=path, line=number, fix="add the speaker line or remove this text.")
            pieces[-1].text = " ".join((pieces[-1].text + " " + line).split())
    return [piece for piece in pieces if piece.text]


def _read_labelled(path: Path, lines: list[str]) -> list[Utterance]:
    pieces: list[Utterance] = []
    for number, line in enumerate(lines, start=1):
        labelled = _LABELLED.match(line.strip())
        if labelled and _looks_like_name(labelled.group("name")):
            time = labelled.group("time")
            start = parse_time(time) if time else None
            if pieces and pieces[-1].end is None and start is not None:
                pieces[-1].end = start
            pieces.append(Utterance(clean_speaker(labelled.group("name")),
                                    " ".join(labelled.group("text").split()), start, None,
                                    number))
        elif line.strip():
            if not pieces:
                raise TranscriptFormatError(
                    f"expected 'Name: text' (a speaker, a colon, then the words), "
                    f"found {line.strip()[:40]!r}.", path=path, line=number,
                    fix="start each turn with the speaker's name and a colon.")
            # A wrapped line continues the turn above it.
            pieces[-1].text = " ".join((pieces[-1].text + " " + line).split())
    return [piece for piece in pieces if piece.text]


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= 5 and not name.rstrip().endswith((".", "?", "!", ","))
