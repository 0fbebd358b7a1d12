"""Characters every reader's text is cleaned of, whatever file it came from.

Plain-text files pass through here from coding.readers.decoding; Word paragraphs and
spreadsheet cells (which arrive already decoded) pass through :func:`clean_characters` too,
so a control character or a misplaced Windows quote is treated the same in every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Line ends other than \\n: CR (old Macs), vertical tab and form feed (Word's manual
#: line and page breaks) and the Unicode line and paragraph separators.
_LINE_BREAKS = {ord(char): "\n" for char in "\r\v\f\u2028\u2029"}
#: C0 and C1 control characters other than tab and line ends: invisible, never speech.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Windows-1252 punctuation stored under its byte value as a C1 control (a file decoded
#: as Latin-1 somewhere on its way): U+0092 is the ’ of "It’s".
_C1_AS_CP1252 = {code: char for code in range(0x80, 0xA0)
                 if (char := bytes([code]).decode("cp1252", errors="ignore"))}
_C1 = re.compile("[\x80-\x9f]")
#: Above this share (and count) of control characters text is binary, whatever its
#: name says; a few stray ones (a terminal bell pasted into a chat) are only removed.
_BINARY_SHARE = 0.01
_BINARY_COUNT = 32


def normalise_line_ends(text: str) -> str:
    """Every line end as \\n. CR CR LF — a Windows file saved again through a text-mode
    copy — is one line end, not two (which would split every cue in two)."""
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").translate(_LINE_BREAKS)


def clean_texts(texts: list[str], warnings: list[str], place: str) -> list[str]:
    """:func:`clean_characters` for the pieces of one file (Word paragraphs, cells),
    with one warning for all of them; ``place`` names what they are."""
    joined = "\n".join(normalise_line_ends(text) for text in texts)
    notes: list[str] = []
    cleaned = clean_characters(joined, notes, located=False).split("\n")
    warnings.extend(note.replace("character(s)", f"character(s) from the {place}s")
                    for note in notes)
    pieces, start = [], 0
    for text in texts:
        lines = normalise_line_ends(text).count("\n") + 1
        pieces.append("\n".join(cleaned[start:start + lines]))
        start += lines
    return pieces


def clean_characters(text: str, warnings: list[str],
                     binary: Callable[[], Exception] | None = None,
                     located: bool = True) -> str:
    """Windows punctuation stored as C1 controls restored; other control characters and
    stray byte-order marks removed; each reported (with the first line when
    ``located``). ``binary`` makes the error to raise when there are so many control
    characters that this is not text at all."""
    text = text.replace("\ufeff", "")
    if _C1.search(text):
        text = _restore_windows_punctuation(text, warnings)
    found = _CONTROL.search(text)
    if found is None:
        return text
    count = len(_CONTROL.findall(text))
    if binary is not None and count > max(_BINARY_COUNT, _BINARY_SHARE * len(text)):
        raise binary()
    where = f", the first on line {text.count(chr(10), 0, found.start()) + 1}" if located else ""
    warnings.append(f"removed {count} invisible control character(s){where}; they are not "
                    "part of what was said.")
    return _CONTROL.sub("", text)


def _restore_windows_punctuation(text: str, warnings: list[str]) -> str:
    marks = [_C1_AS_CP1252[ord(char)] for char in _C1.findall(text)
             if ord(char) in _C1_AS_CP1252]
    if not marks:
        return text
    warnings.append(f"restored {len(marks)} Windows punctuation mark(s) (such as {marks[0]}) "
                    "that were stored as invisible control codes.")
    return text.translate(_C1_AS_CP1252)
