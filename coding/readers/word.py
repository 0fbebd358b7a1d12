"""Word transcripts (.docx): Microsoft Teams and Otter.ai downloads, and typed ones.

- Teams: a title, the date and length, '… started transcription', then per turn
  'Name   0:03' and the words (in one paragraph with a line break, or two paragraphs).
  Older Teams (Stream) files give '0:0:0.0 --> 0:0:5.43', the name, then the words.
- Otter: a title, date, keywords and speakers, then 'Name  0:03' and the words, ending
  with 'Transcribed by https://otter.ai'.
- Typed: 'Name: text' paragraphs.

Positions in messages are paragraph numbers (Word has no line numbers). What comes
before the first speaker is taken to be the title and left out, with a warning.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from coding.errors import TranscriptFormatError
from coding.readers._common import Source, Utterance, clean_speaker, join_lines, parse_time
from coding.readers.decoding import open_zip
from coding.readers.text import Lines, read_lines

PLACE = "paragraph"
_ARROW = re.compile(r"^(?P<start>\d+:\d+:\d+(?:\.\d+)?)\s*-->\s*(?P<end>\d+:\d+:\d+(?:\.\d+)?)$")


def read_docx(source: Source) -> list[Utterance]:
    numbered = paragraph_lines(source.data, source.path)
    if any(_ARROW.match(line.strip()) for _, line in numbered[:100]):
        return _read_arrowed(source.path, numbered)
    return read_lines(source.path, numbered, PLACE, preamble=source.warnings)


def paragraph_lines(data: bytes, path: Path) -> Lines:
    """(paragraph number, line) for each line of each body paragraph; a manual line
    break inside a paragraph gives two lines with the same number."""
    open_zip(data, path, "Word").close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError,
            zipfile.BadZipFile) as error:
        raise TranscriptFormatError(
            f"this is not a readable Word document ({error}).", path=path,
            fix="open it in Word and save it again as .docx.") from error
    return [(number, line) for number, paragraph in enumerate(document.paragraphs, start=1)
            for line in paragraph.text.split("\n")]


def _read_arrowed(path: Path, numbered: Lines) -> list[Utterance]:
    """Old Teams layout: timing line, speaker line, then the words."""
    pieces: list[Utterance] = []
    bodies: list[list[str]] = []  # each piece's lines, joined once at the end
    waiting_for_name = False
    for number, line in numbered:
        text = line.strip()
        timing = _ARROW.match(text)
        if timing:
            start, end = (parse_time(timing.group(key), loose=True) for key in ("start", "end"))
            if start is None or end is None:
                raise TranscriptFormatError(
                    f"{PLACE} {number}: expected a timing like 0:0:1.5 --> 0:0:4.2, found "
                    f"{text!r}.", path=path, fix="correct that paragraph in Word.")
            pieces.append(Utterance("", "", start, end, number))
            bodies.append([])
            waiting_for_name = True
        elif text and pieces and waiting_for_name:
            pieces[-1].speaker, waiting_for_name = clean_speaker(text), False
        elif text and pieces:
            bodies[-1].append(text)
    for piece, body in zip(pieces, bodies):
        piece.text = join_lines(body)
    return [piece for piece in pieces if piece.text]
