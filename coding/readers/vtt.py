"""WebVTT as Zoom ('Name: text' in each cue, or no label), Teams ('<v Name>text</v>'),
YouTube (word timings and <c> tags) and players write it.

Hand-written rather than webvtt-py because every error must name the line it found,
and webvtt-py reports malformed files without a line number. SubRip (.srt) shares the
cue parser (see coding.readers.srt).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import UNKNOWN_SPEAKER, Source, Utterance, clean_speaker, parse_time
from coding.readers.cue_text import Span, voice_spans
from coding.readers.speakers import split_label, strip_bidi

_EXPECTED_TIMING = "expected a cue timing like 00:01:02.000 --> 00:01:05.000"
#: Blocks that hold no cue: comments, style sheets and region definitions.
_NOT_CUES = ("NOTE", "STYLE", "REGION")
#: Labels on fewer than this share of the cues (in a file of more than _FEW_CUES cues)
#: are words, not speakers.
_LABELLED_SHARE = 0.2
_FEW_CUES = 5
Block = list[tuple[int, str]]


def read_vtt(source: Source) -> list[Utterance]:
    lines = source.text.split("\n")
    signature = lines[0].lstrip("\ufeff")
    if not signature.startswith("WEBVTT") or signature[6:7] not in ("", " ", "\t"):
        raise TranscriptFormatError(
            "expected the first line to be 'WEBVTT'.", path=source.path, line=1,
            fix="check this is a WebVTT file; a plain transcript should end in .txt.")
    return read_cues(source.path, cue_blocks(lines, first=_after_header(lines)),
                     _EXPECTED_TIMING, source.warnings)


def _after_header(lines: list[str]) -> int:
    """The line number after the header: 'WEBVTT' and the lines under it up to the first
    blank line ('Kind: captions', 'Language: en'), or up to a cue timing."""
    for index, line in enumerate(lines[1:], start=2):
        if not line.strip() or "-->" in line:
            return index
    return len(lines) + 1


def read_cues(path: Path, blocks: list[Block], expected: str,
              warnings: list[str]) -> list[Utterance]:
    """Utterances of every cue. 'Name: text' labels count only when a good share of
    the cues have them, as in Zoom's exports; a few among many unlabelled captions
    ('Digo: …', 'Update: …') are words someone said, and are kept as words."""
    cues = [cue for block in blocks if (cue := _cue(path, block, expected)) is not None]
    labelled = [cue for cue in cues if cue.labelled]
    if len(cues) > _FEW_CUES and len(labelled) < _LABELLED_SHARE * len(cues):
        if labelled:
            first = labelled[0].unlabelled[0]  # a label with no words after it has no piece
            warnings.append(f"{len(labelled)} of {len(cues)} cues start like 'Name: text' "
                            f"(the first at line {first.line}: {first.text[:40]!r}); so few "
                            "that they were kept as words, not taken as speakers.")
        return [piece for cue in cues for piece in
                (cue.unlabelled if cue.labelled else cue.pieces)]
    return [piece for cue in cues for piece in cue.pieces]


def cue_blocks(lines: list[str], first: int) -> list[Block]:
    """Groups of (line number, line) separated by blank lines, from line ``first`` on.

    A second timing line in a group starts a new group, as the WebVTT parser does: an
    export that leaves out a blank line (YouTube's does) still gives each cue its own
    timing instead of reading the next timing as words. A number just above that timing
    line is the next cue's identifier, not the last words of this one."""
    blocks: list[Block] = []
    current: Block = []
    for number, line in enumerate(lines[first - 1:], start=first):
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
        elif "-->" in line and any("-->" in text for _, text in current):
            identifier = current.pop() if current[-1][1].strip().isdigit() else None
            blocks.append(current)
            current = [identifier, (number, line)] if identifier else [(number, line)]
        else:
            current.append((number, line))
    if current:
        blocks.append(current)
    return blocks


@dataclass
class Cue:
    """A cue's utterances, whether a colon label gave a speaker, and the cue read as
    one unlabelled utterance."""

    pieces: list[Utterance]
    labelled: bool
    unlabelled: list[Utterance]


def _cue(path: Path, block: Block, expected: str) -> Cue | None:
    first = block[0][1].strip()
    if first.startswith(_NOT_CUES) and "-->" not in first:
        return None
    timing_at = 0 if "-->" in first else 1
    if timing_at >= len(block) or "-->" not in block[timing_at][1]:
        number = block[min(timing_at, len(block) - 1)][0]
        raise TranscriptFormatError(f"{expected}.", path=path, line=number,
                                    fix="repair or delete this cue.")
    number, timing = block[timing_at]
    start, end = _timing(path, number, timing.strip(), expected)
    payload = "\n".join(line.strip() for _, line in block[timing_at + 1:])
    spans = voice_spans(payload)
    pieces = [Utterance(speaker, words, start, end, number)
              for speaker, words in speakers_and_words(spans)]
    plain = " ".join(_words(span.text) for span in spans if span.voice is None)
    labelled = bool(plain) and split_label(_undashed(plain)) is not None
    unlabelled = [Utterance(UNKNOWN_SPEAKER, plain, start, end, number)] if labelled else []
    return Cue(pieces, labelled, unlabelled)


def _timing(path: Path, number: int, timing: str, expected: str) -> tuple[float, float]:
    before, _, after = timing.partition("-->")
    settings = after.split()
    start = parse_time(before.strip())
    end = parse_time(settings[0]) if settings else None
    if start is None or end is None:
        raise TranscriptFormatError(f"{expected}, found {timing[:60]!r}.", path=path,
                                    line=number, fix="correct the timing line.")
    if end < start:
        raise TranscriptFormatError(f"the cue ends ({settings[0]}) before it starts.",
                                    path=path, line=number, fix="correct the timing line.")
    return start, end


def speakers_and_words(spans: list[Span]) -> list[tuple[str, str]]:
    """(speaker, words) for each voice in a cue's text, split by voice_spans.

    A voice tag names its speaker. Text under no voice tag may start with a label
    ('Ann Lee: …'); when its first line does, a later line with a label of its own is
    another speaker (a two-line cue '- Ann: Hi' / '- Ben: Hello')."""
    pieces: list[tuple[str, str]] = []
    for span in spans:
        if span.voice is not None:
            pieces.append((clean_speaker(strip_bidi(span.voice)) or UNKNOWN_SPEAKER,
                           _words(span.text)))
        else:
            pieces.extend(_labelled_lines(span.text))
    return [(speaker, words) for speaker, words in pieces if words]


def _labelled_lines(text: str) -> list[tuple[str, str]]:
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return []
    first = split_label(_undashed(lines[0]))
    if first is None:
        return [(UNKNOWN_SPEAKER, _words(text))]
    pieces = [(first.speaker, [first.text])]
    for line in lines[1:]:
        label = split_label(_undashed(line))
        if label is not None:
            pieces.append((label.speaker, [label.text]))
        else:
            pieces[-1][1].append(line)
    return [(speaker, _words(" ".join(texts))) for speaker, texts in pieces]


def _undashed(line: str) -> str:
    """'- Ann: Hi' (a subtitle's dialogue dash) without its dash."""
    stripped = line.lstrip()
    return stripped[1:] if stripped[:1] in "-–" else line


def _words(text: str) -> str:
    return " ".join(text.split())
