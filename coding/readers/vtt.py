"""WebVTT as Zoom ('Name: text' in each cue, or no label) and Teams ('<v Name>text</v>')
write it.

Hand-written rather than webvtt-py because every error must name the line it found,
and webvtt-py reports malformed files without a line number. SubRip (.srt) shares the
cue parser (see coding.readers.srt).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import UNKNOWN_SPEAKER, Source, Utterance, clean_speaker, parse_time

_TIMING = re.compile(r"^(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>(.*)$", re.DOTALL)
_LABEL = re.compile(r"^([^:<>\n]{1,60}?):\s+(.*)$", re.DOTALL)
#: HTML-like tags (<i>, <c.yellow>, </v>) and SubRip's {\an8} positioning codes.
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")
_EXPECTED_TIMING = "expected a cue timing like 00:01:02.000 --> 00:01:05.000"
Block = list[tuple[int, str]]


def read_vtt(source: Source) -> list[Utterance]:
    lines = source.text.split("\n")
    if not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptFormatError(
            "expected the first line to be 'WEBVTT'.", path=source.path, line=1,
            fix="check this is a WebVTT file; a plain transcript should end in .txt.")
    return read_cues(source.path, cue_blocks(lines, first=2), _EXPECTED_TIMING)


def read_cues(path: Path, blocks: list[Block], expected: str) -> list[Utterance]:
    return [cue for block in blocks if (cue := _cue(path, block, expected)) is not None]


def cue_blocks(lines: list[str], first: int) -> list[Block]:
    """Groups of (line number, line) separated by blank lines, from line ``first`` on."""
    blocks: list[Block] = []
    current: Block = []
    for number, line in enumerate(lines[first - 1:], start=first):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue(path: Path, block: Block, expected: str) -> Utterance | None:
    first = block[0][1].strip()
    if first.startswith(("NOTE", "STYLE", "REGION")):
        return None
    timing_at = 0 if "-->" in first else 1
    if timing_at >= len(block) or "-->" not in block[timing_at][1]:
        number = block[min(timing_at, len(block) - 1)][0]
        raise TranscriptFormatError(f"{expected}.", path=path, line=number,
                                    fix="repair or delete this cue.")
    number, timing = block[timing_at]
    start, end = _timing(path, number, timing.strip(), expected)
    payload = " ".join(line.strip() for _, line in block[timing_at + 1:])
    speaker, words = _speaker_and_text(payload)
    if not words:
        return None
    return Utterance(speaker=speaker, text=words, start=start, end=end, line=number)


def _timing(path: Path, number: int, timing: str, expected: str) -> tuple[float, float]:
    match = _TIMING.match(timing)
    start = parse_time(match.group(1)) if match else None
    end = parse_time(match.group(2)) if match else None
    if start is None or end is None:
        raise TranscriptFormatError(f"{expected}, found {timing!r}.", path=path,
                                    line=number, fix="correct the timing line.")
    if end < start:
        raise TranscriptFormatError(f"the cue ends ({timing.split()[2]}) before it starts.",
                                    path=path, line=number, fix="correct the timing line.")
    return start, end


def _speaker_and_text(payload: str) -> tuple[str, str]:
    voice = _VOICE.match(payload)
    if voice:
        return clean_speaker(voice.group(1)), _plain(voice.group(2))
    label = _LABEL.match(payload)
    if label and _looks_like_name(label.group(1)):
        return clean_speaker(label.group(1)), _plain(label.group(2))
    return UNKNOWN_SPEAKER, _plain(payload)


def _looks_like_name(label: str) -> bool:
    words = label.split()
    return 0 < len(words) <= 6 and not label.strip().endswith((".", "?", "!"))


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())
