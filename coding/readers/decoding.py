"""The one place a transcript file's bytes are checked and turned into text.

Researchers' files come from Windows Word (UTF-16 with a byte-order mark, or
Windows-1252), Macs and web apps (UTF-8, with or without a BOM), with Windows (CRLF) or
old-Mac (CR) line endings. Everything becomes plain UTF-8 text with ``\\n`` line ends;
every guess is reported as a warning the user sees, never made silently.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from coding.config import MAX_TRANSCRIPT_MB, MAX_UNPACKED_MB
from coding.errors import TranscriptFormatError

_MB = 1024 * 1024
#: C0 and C1 control characters other than tab and line ends: invisible, never speech.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Above this share (and count) of control characters a file is binary, whatever its
#: name says; a few stray ones (a terminal bell pasted into a chat) are only removed.
_BINARY_SHARE = 0.01
_BINARY_COUNT = 32


def read_bytes(path: Path) -> bytes:
    """The file's bytes; refused by size before it is read, and refused when empty."""
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_MB * _MB:
        raise TranscriptFormatError(
            f"the file is {size // _MB} MB; transcripts above {MAX_TRANSCRIPT_MB} MB are "
            "refused without being read.", path=path,
            fix="check this is the transcript and not the recording; split a very long "
                "transcript into several files.")
    data = path.read_bytes()
    if not data.strip():
        raise TranscriptFormatError("the file is empty.", path=path,
                                    fix="export the transcript again; the copy may have failed.")
    return data


def decode_text(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Text with ``\\n`` line ends, and warnings about what was guessed or removed."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", path)
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8):], "utf-8", path)
    elif b"\x00" in data[:8192]:
        raise _binary(path)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = _decode(data, "cp1252", path)
            line = data[: error.start].count(b"\n") + 1
            warnings.append(
                f"read as Windows-1252, not UTF-8 (the first non-UTF-8 character is on line "
                f"{line}): check that accented letters and quotes look right, or save the "
                "file as UTF-8 and import it again.")
    # Windows and old-Mac line endings, and Word's manual line and page breaks.
    text = text.replace("\r\n", "\n").translate({ord("\r"): "\n", ord("\v"): "\n",
                                                 ord("\f"): "\n"})
    text = _strip_controls(text, path, warnings)
    if not text.strip():
        raise TranscriptFormatError("the file is empty.", path=path,
                                    fix="export the transcript again; the copy may have failed.")
    return text, warnings


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        shown = "UTF-8 or Windows-1252" if encoding == "cp1252" else encoding.upper()
        raise TranscriptFormatError(
            f"byte {error.start} is not valid {shown} text.", path=path, line=line,
            fix="save the file as UTF-8 (in Word: Save As > Plain Text > Unicode (UTF-8)).",
        ) from error


def _strip_controls(text: str, path: Path, warnings: list[str]) -> str:
    """Control characters are removed (and reported); a file full of them is refused."""
    found = _CONTROL.search(text)
    if found is None:
        return text
    count = len(_CONTROL.findall(text))
    if count > max(_BINARY_COUNT, _BINARY_SHARE * len(text)):
        raise _binary(path)
    line = text.count("\n", 0, found.start()) + 1
    warnings.append(f"removed {count} invisible control character(s), the first on line "
                    f"{line}; they are not part of what was said.")
    return _CONTROL.sub("", text)


def _binary(path: Path) -> TranscriptFormatError:
    return TranscriptFormatError(
        "the file is binary, not a text transcript.", path=path,
        fix="export the transcript from Zoom, Teams or Otter as .vtt, .srt, .txt or .docx "
            "(a recording or a PDF cannot be imported).")


def open_zip(data: bytes, path: Path, kind: str) -> zipfile.ZipFile:
    """The archive inside a .docx or .xlsx, after checking what it would unpack to.

    The sizes come from the zip's own directory, before anything is unpacked; zipfile
    never returns more bytes than a member declares, so a lying directory cannot get
    past this limit either.
    """
    fix = f"open it in {kind} and save it again as {path.suffix.lower()}."
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TranscriptFormatError(
            f"this is not a {path.suffix.lower()} file from {kind} (those are zip archives; "
            "this one is not — perhaps an older .doc or .xls renamed).",
            path=path, fix=fix)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TranscriptFormatError(f"the file is damaged ({error}).", path=path,
                                    fix=fix) from error
    if unpacked > MAX_UNPACKED_MB * _MB:
        archive.close()
        raise TranscriptFormatError(
            f"the file would unpack to {unpacked // _MB:,} MB (the limit is "
            f"{MAX_UNPACKED_MB} MB); it is refused unopened, as a decompression bomb "
            "would be.", path=path,
            fix=f"{fix[0].upper()}{fix[1:]} If it really is this large, split the transcript.")
    return archive
