"""Word transcripts (.docx): Microsoft Teams and Otter.ai downloads, Google Meet
transcripts saved from Docs, and typed ones.

- Teams: a title, the date and length, '… started transcription', then per turn
  'Name   0:03' and the words (in one paragraph with a line break, or two paragraphs).
  Older Teams (Stream) files give '0:0:0.0 --> 0:0:5.43', the name, then the words.
- Otter: a title, date, keywords and speakers, then 'Name  0:03' and the words, ending
  with 'Transcribed by https://otter.ai'.
- Typed: 'Name: text' paragraphs — or a table with a Speaker and a Text column (and
  perhaps a Time column), one turn per row (coding.readers.word_tables).

Positions in messages are paragraph numbers (Word has no line numbers), counting every
paragraph in document order, table cells included. What comes before the first speaker
is taken to be the title and left out, with a warning.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import LxmlError

from coding.errors import TranscriptFormatError
from coding.readers._common import Source, Utterance, clean_speaker, join_lines, parse_time
from coding.readers.decoding import open_zip
from coding.readers.text import Lines, read_lines
from coding.readers.text_cleaning import clean_texts
from coding.readers.word_tables import read_tables
from coding.readers.word_xml import Body, Paragraph, Table, read_body

PLACE = "paragraph"
_ARROW = re.compile(r"^(?P<start>\d+:\d+:\d+(?:\.\d+)?)\s*-->\s*(?P<end>\d+:\d+:\d+(?:\.\d+)?)$")
#: What python-docx and the zip and XML libraries under it raise on a damaged file.
#: python-docx trusts the package's own XML: a part in the wrong namespace comes back as
#: a plain element without the attributes it expects (AttributeError), a missing one as
#: None (TypeError), a relationship to nowhere as an IndexError or KeyError.
_DAMAGED = (PackageNotFoundError, KeyError, ValueError, LxmlError, zipfile.BadZipFile,
            zlib.error, EOFError, NotImplementedError, OSError, AttributeError, TypeError,
            IndexError)


def read_docx(source: Source) -> list[Utterance]:
    body = _read_body(source.data, source.path)
    _report_left_out(body, source.warnings)
    paragraphs = [block for block in body.blocks if isinstance(block, Paragraph)]
    texts = clean_texts([p.text for p in paragraphs], source.warnings, PLACE)
    numbered = [(p.number, line) for p, text in zip(paragraphs, texts)
                for line in text.split("\n")]
    tables = [block for block in body.blocks if isinstance(block, Table)]
    _clean_cells(tables, source.warnings)
    from_tables = read_tables(source.path, tables, numbered, source.warnings)
    if from_tables is not None:
        return from_tables
    if any(_ARROW.match(line.strip()) for _, line in numbered[:100]):
        return _read_arrowed(source.path, numbered)
    return read_lines(source.path, numbered, PLACE, preamble=source.warnings,
                      warnings=source.warnings)


def _clean_cells(tables: list[Table], warnings: list[str]) -> None:
    cells = iter(clean_texts([cell for table in tables for row in table.rows for cell in row],
                             warnings, "table cell"))
    for table in tables:
        table.rows = [[next(cells) for _ in row] for row in table.rows]


def _read_body(data: bytes, path: Path) -> Body:
    open_zip(data, path, "Word").close()
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except _DAMAGED as error:
        raise _unreadable(path, f"{type(error).__name__}: {str(error)[:120]}") from error
    if body is None:
        raise _unreadable(path, "it has no body")
    return read_body(body)


def _unreadable(path: Path, why: str) -> TranscriptFormatError:
    return TranscriptFormatError(f"this is not a readable Word document ({why}).", path=path,
                                 fix="open it in Word and save it again as .docx.")


def _report_left_out(body: Body, warnings: list[str]) -> None:
    if body.left_out:
        listed = ", ".join(f"{count} {what}(s)" for what, count in sorted(body.left_out.items()))
        warnings.append(f"left out what Word does not show as text of the transcript: "
                        f"{listed}.")


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
