"""Plain-text transcripts, in the layouts researchers bring:

- 'Name: text' lines, optionally after '[00:01:02]' stamps ('李明：…' too);
- headed turns as Otter and Teams write them ('Name  00:12:03', then the words);
- Rev ('Speaker 1 (00:05):' and the words on the lines below);
- Google Meet (a title, an 'Attendees' block, 'Transcript', then '00:01:02' lines alone
  and 'Name: text' lines);
- no labels at all: each paragraph is a turn of 'Unknown speaker', with a warning.

The same line parsers read the paragraphs of Word transcripts (coding.readers.word).
"""

from __future__ import annotations

import re
from pathlib import Path

from coding.errors import TranscriptFormatError
from coding.readers._common import (
    UNKNOWN_SPEAKER,
    Source,
    Utterance,
    clean_speaker,
    join_lines,
    parse_time,
)
from coding.readers.speakers import leading_stamp, split_label, strip_bidi

Lines = list[tuple[int, str]]  # (line or paragraph number, text)

#: Otter and Teams: the speaker, two or more spaces, a time; the words follow below.
HEADING = re.compile(r"^(?P<name>\S.{0,59}?)\s{2,}(?P<time>(?:\d+:)?\d{1,2}:\d{2})\s*$")
#: Lines the exporting app adds that nobody said.
_SYSTEM = re.compile(r"^(Transcribed by https://otter\.ai|.{1,80} (started|stopped) "
                     r"transcription|This editable transcript was computer generated.*)\s*$",
                     re.IGNORECASE)
#: Google Meet's headings above the transcript proper.
_MEET_HEADINGS = ("attendees", "transcript")
_PREAMBLE_REACH = 30
_NO_LABELS = ("no speaker labels ('Name: text') were found, so each {place} became a turn "
              "of 'Unknown speaker'; add the names to the file and import it again if "
              "speakers matter.")


def read_text_transcript(source: Source) -> list[Utterance]:
    numbered = list(enumerate(source.text.split("\n"), start=1))
    return read_lines(source.path, numbered, "line", preamble=None, warnings=source.warnings)


def read_lines(path: Path, numbered: Lines, place: str, preamble: list[str] | None,
               warnings: list[str]) -> list[Utterance]:
    """Turns from numbered lines. Text before the first speaker is refused, unless
    ``preamble`` is a list (a Word file's title and date) or the layout is Google
    Meet's: then it is left out, and a warning saying so is added to ``warnings``."""
    numbered = [(number, strip_bidi(line)) for number, line in numbered
                if not _SYSTEM.match(line.strip())]
    if preamble is None and _meet_layout(numbered):
        preamble = warnings
    if any(HEADING.match(line) for _, line in numbered[:100]):
        return _read_headed(path, numbered, place, preamble)
    if not any(split_label(line) for _, line in numbered):
        warnings.append(_NO_LABELS.format(place=place))
        return _read_unlabelled(numbered, place)
    return _read_labelled(path, numbered, place, preamble)


def _meet_layout(numbered: Lines) -> bool:
    return any(line.strip().rstrip(":").lower() in _MEET_HEADINGS
               for _, line in numbered[:_PREAMBLE_REACH])


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
    stamp: float | None = None  # a time on a line of its own, for the label below it
    for number, line in numbered:
        label = split_label(line)
        alone = _stamp_alone(line)
        if label is not None:
            start = label.start if label.start is not None else stamp
            if pieces and pieces[-1].end is None and start is not None:
                pieces[-1].end = start
            pieces.append(Utterance(label.speaker, "", start, None, number))
            bodies.append([label.text])
            stamp = None
        elif alone is not None:
            stamp = alone  # Google Meet: '00:05:00' alone starts the next section
        elif line.strip():
            if not pieces:
                _before_first_speaker(path, number, line, preamble, skipped,
                                      "'Name: text' (a speaker, a colon, then the words)")
                continue
            bodies[-1].append(line)  # a wrapped line continues the turn above it
    _report_preamble(skipped, place, preamble)
    return _with_bodies(pieces, bodies)


def _read_unlabelled(numbered: Lines, place: str) -> list[Utterance]:
    """One 'Unknown speaker' turn per paragraph: lines between blank lines or time
    stamps, or each line when the file has neither (Notepad wraps long lines for display
    only). A Word paragraph is one turn, its manual line breaks included."""
    filled = [index for index, (_, line) in enumerate(numbered) if line.strip()]
    inner = numbered[filled[0]:filled[-1] + 1] if filled else []
    by_blank_lines = place == "line" and any(not line.strip() or _stamp_alone(line) is not None
                                             for _, line in inner)
    pieces: list[Utterance] = []
    bodies: list[list[str]] = []
    previous: int | None = None
    stamp: float | None = None  # a time on a line of its own starts the next paragraph
    for number, line in numbered:
        alone = _stamp_alone(line)
        if alone is not None or not line.strip():
            stamp, previous = (alone if alone is not None else stamp), None
            continue
        start, rest = leading_stamp(line.strip())
        same_paragraph = previous is not None and (by_blank_lines or number == previous)
        if not same_paragraph:
            pieces.append(Utterance(UNKNOWN_SPEAKER, "", start if start is not None else stamp,
                                    None, number))
            bodies.append([])
            stamp = None
        bodies[-1].append(rest)
        previous = number
    return _with_bodies(pieces, bodies)


def _stamp_alone(line: str) -> float | None:
    """The time of a line that holds only a time ('00:05:00', '[0:05]'), else None.
    Such a line is a time stamp for what follows (Google Meet, YouTube transcripts),
    not words anyone said."""
    start, rest = leading_stamp(line.strip())
    return start if start is not None and not rest.strip() else None


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
        shown = "; ".join(repr(line.strip()[:30]) for _, line in skipped[:3])
        count = len({number for number, _ in skipped})  # a paragraph may hold several lines
        preamble.append(f"left out {count} {place}(s) before the first speaker "
                        f"({place} {skipped[0][0]}–{skipped[-1][0]}: {shown}…), taken to be "
                        "the title and date.")

