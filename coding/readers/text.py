"""Plain-text transcripts: 'Name: text' lines (optionally after '[00:01:02]' stamps), or
headed turns as Otter and Teams write them ('Name  00:12:03', then the words).

The same line parsers read the paragraphs of Word transcripts (coding.readers.docx).
"""

from __future__ import annotations

import re
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import Source, Utterance, clean_speaker, join_lines, parse_time

Lines = list[tuple[int, str]]  # (line or paragraph number, text)

#: Otter and Teams: the speaker, two or more spaces, a time; the words follow below.
HEADING = re.compile(r"^(?P<name>\S.{0,59}?)\s{2,}(?P<time>(?:\d+:)?\d{1,2}:\d{2})\s*$")
#: Plain: 'Name: text', optionally after a '[00:01:02]' stamp.
_LABELLED = re.compile(
    r"^(?:\[(?P<time>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]\s*)?"
    r"(?P<name>[^\W\d_][^:\[\]]{0,59}?):\s*(?P<text>.*)$")
#: Lines the exporting app adds that nobody said.
_SYSTEM = re.compile(r"^(Transcribed by https://otter\.ai|.{1,80} (started|stopped) "
                     r"transcription)\s*$", re.IGNORECASE)


def read_text_transcript(source: Source) -> list[Utterance]:
    numbered = list(enumerate(source.text.split("\n"), start=1))
    return read_lines(source.path, numbered, "line", preamble=None)


def read_lines(path: Path, numbered: Lines, place: str,
               preamble: list[str] | None) -> list[Utterance]:
    """Turns from numbered lines. Text before the first speaker is refused, unless
    ``preamble`` is a list: then it is left out (a Word file's title and date) and a
    warning saying so is added to the list."""
    numbered = [(number, line) for number, line in numbered if not _SYSTEM.match(line.strip())]
    if any(HEADING.match(line) for _, line in numbered[:100]):
        return _read_headed(path, numbered, place, preamble)
    return _read_labelled(path, numbered, place, preamble)


def _read_headed(path: Path, numbered: Lines, place: str,
                 preamble: list[str] | None) -> list[Utterance]:
    pieces: list[Utterance] = []
    bodies: list[list[str]] = []  # each piece's lines, joined once at the end
    skipped: Lines = []
    for number, line in numbered:
        heading = HEADING.match(line)
        if heading:
            start = parse_time(heading.group("time"))
            if pieces and pieces[-1].end is None:
                pieces[-1].end = start
            pieces.append(Utterance(clean_speaker(heading.group("name")), "", start, None,
                                    number))
            bodies.append([])
        elif line.strip():
            if not pieces:
                _before_first_speaker(path, number, line, preamble, skipped,
                                      "a speaker line like 'Jane Smith  00:12:03'")
                continue
            bodies[-1].append(line)
    _report_preamble(skipped, place, preamble)
    return _with_bodies(pieces, bodies)


def _read_labelled(path: Path, numbered: Lines, place: str,
                   preamble: list[str] | None) -> list[Utterance]:
    pieces: list[Utterance] = []
    bodies: list[list[str]] = []
    skipped: Lines = []
    for number, line in numbered:
        labelled = _LABELLED.match(line.strip())
        if labelled and _looks_like_name(labelled.group("name")):
            time = labelled.group("time")
            start = parse_time(time) if time else None
            if pieces and pieces[-1].end is None and start is not None:
                pieces[-1].end = start
            pieces.append(Utterance(clean_speaker(labelled.group("name")), "", start, None,
                                    number))
            bodies.append([labelled.group("text")])
        elif line.strip():
            if not pieces:
                _before_first_speaker(path, number, line, preamble, skipped,
                                      "'Name: text' (a speaker, a colon, then the words)")
                continue
            bodies[-1].append(line)  # a wrapped line continues the turn above it
    _report_preamble(skipped, place, preamble)
    return _with_bodies(pieces, bodies)


def _with_bodies(pieces: list[Utterance], bodies: list[list[str]]) -> list[Utterance]:
    for piece, body in zip(pieces, bodies):
        piece.text = join_lines(body)
    return [piece for piece in pieces if piece.text]


def _before_first_speaker(path: Path, number: int, line: str,
                          preamble: list[str] | None, skipped: Lines, expected: str) -> None:
    if preamble is None:
        raise TranscriptFormatError(
            f"expected {expected}, found {line.strip()[:40]!r}.", path=path, line=number,
            fix="start each turn with the speaker's name, or remove this text.")
    skipped.append((number, line))


def _report_preamble(skipped: Lines, place: str, preamble: list[str] | None) -> None:
    if skipped and preamble is not None:
        shown = "; ".join(line.strip()[:30] for _, line in skipped[:3])
        count = len({number for number, _ in skipped})  # a paragraph may hold several lines
        preamble.append(f"left out {count} {place}(s) before the first speaker "
                        f"({place} {skipped[0][0]}–{skipped[-1][0]}: {shown}…), taken to be "
                        "the title and date.")


def _looks_like_name(name: str) -> bool:
    """Up to five words starting with a capital (or a letter of a script without case:
    李), not ending like a sentence — so a wrapped 'so: phone off' stays in its turn."""
    words = name.split()
    return (0 < len(words) <= 5 and not name[0].islower()
            and not name.rstrip().endswith((".", "?", "!", ",")))
