"""The one place a transcript file's bytes are checked and turned into text.

Researchers' files come from Windows Word (UTF-16, with a byte-order mark or without),
Windows in any language (Windows-1252, GBK, Shift-JIS, Windows-1251 …), Macs and web apps
(UTF-8, with or without a BOM), with Windows (CRLF), doubled (CR CR LF) or old-Mac (CR)
line endings. Everything becomes plain text with ``\\n`` line ends; every guess is
reported as a warning the user sees, never made silently, and a file whose encoding
cannot be told is refused rather than stored as garbage (see coding.readers.encodings).
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import zipfile
from pathlib import Path

from coding.config import MAX_TRANSCRIPT_MB, MAX_UNPACKED_MB
from coding.errors import TranscriptFormatError
from coding.readers.encodings import decode_or_none, guess_legacy
from coding.readers.text_cleaning import clean_characters, normalise_line_ends

_MB = 1024 * 1024
#: Byte-order marks, longest first: a UTF-32 mark begins like a UTF-16 one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
#: C0 control bytes other than tab and line ends, and DEL: the same in every encoding
#: read here, so a file can be told binary by them before it is decoded.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
#: UTF-16 without a mark: in ASCII-heavy text every other byte is NUL.
_UTF16_NUL_SHARE = 0.1
_FIX_ENCODING = "save the file as UTF-8 (in Word or Notepad: Save As, then choose UTF-8)."


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; refused by size before it is read, and when empty.

    Only regular files are read: a named pipe would block the read forever and a device
    never ends. The file is opened without blocking and checked on the open handle, so
    it cannot be swapped for a pipe between the check and the read."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0))
    except IsADirectoryError as error:
        raise _not_regular(path, "a folder") from error
    except OSError as error:
        raise TranscriptFormatError(
            f"the file cannot be opened ({error.strerror or error}).", path=path,
            fix="check that it exists and that you may read it.") from error
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, _kind(info.st_mode))
        if info.st_size > MAX_TRANSCRIPT_MB * _MB:
            raise _too_big(path, info.st_size)
    except TranscriptFormatError:
        os.close(handle)
        raise
    try:
        with os.fdopen(handle, "rb") as file:
            data = file.read(MAX_TRANSCRIPT_MB * _MB + 1)  # it may have grown since fstat
    except OSError as error:
        raise TranscriptFormatError(
            f"the file cannot be read ({error.strerror or error}).", path=path,
            fix="copy it to this computer's own disk and import the copy.") from error
    if len(data) > MAX_TRANSCRIPT_MB * _MB:
        raise _too_big(path, len(data))
    if not data.strip():
        raise TranscriptFormatError("the file is empty.", path=path,
                                    fix="export the transcript again; the copy may have failed.")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _not_regular(path: Path, kind: str) -> TranscriptFormatError:
    return TranscriptFormatError(
        f"this is {kind}, not a file; only regular files are read.", path=path,
        fix="choose the transcript file itself.")


def _too_big(path: Path, size: int) -> TranscriptFormatError:
    return TranscriptFormatError(
        f"the file is {size // _MB} MB; transcripts above {MAX_TRANSCRIPT_MB} MB are "
        "refused without being read.", path=path,
        fix="check this is the transcript and not the recording; split a very long "
            "transcript into several files.")


def decode_text(data: bytes, path: Path) -> tuple[str, list[str]]:
    """Text with ``\\n`` line ends, and warnings about what was guessed or removed."""
    warnings: list[str] = []
    text = normalise_line_ends(_to_text(data, path, warnings))
    text = clean_characters(text, warnings, binary=lambda: _binary(path))
    if not text.strip():
        raise TranscriptFormatError("the file is empty.", path=path,
                                    fix="export the transcript again; the copy may have failed.")
    return text, warnings


def _to_text(data: bytes, path: Path, warnings: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom):], encoding, path)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        warnings.append(f"read as {utf16[1].upper()} without a byte-order mark (every other "
                        "byte is zero); check that the words look right.")
        return utf16[0]
    if _looks_binary(data):
        raise _binary(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _legacy(data, path, error.start, warnings)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) when the NUL bytes say UTF-16 (all at odd offsets: little-endian;
    all at even ones: big-endian) and the bytes decode as such."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= _UTF16_NUL_SHARE * pairs and even <= odd // 50:
        encoding = "utf-16-le"
    elif even >= _UTF16_NUL_SHARE * pairs and odd <= even // 50:
        encoding = "utf-16-be"
    else:
        return None
    text = decode_or_none(data, encoding)
    return (text, encoding[:6]) if text is not None else None


def _looks_binary(data: bytes) -> bool:
    """Many control bytes: a recording, an image or a PDF, whatever the name says. A few
    (a stray NUL, a terminal bell pasted into a chat) are only removed, with a warning."""
    count = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return count > max(32, 0.01 * len(data)) or (count >= 3 and count > 0.05 * len(data))


def _legacy(data: bytes, path: Path, first_bad: int, warnings: list[str]) -> str:
    line = data[:first_bad].count(b"\n") + 1
    reading = guess_legacy(data)
    if reading is not None:
        warnings.append(
            f"read as {reading.name}, not UTF-8 (the first non-UTF-8 character is on line "
            f"{line}): check that accented letters and quotes look right, or save the file "
            "as UTF-8 and import it again.")
        return reading.text
    try:
        garbled = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise TranscriptFormatError(
            f"byte {error.start} is not valid UTF-8 or Windows-1252 text, and the file's "
            "encoding could not be recognised.", path=path,
            line=data[:error.start].count(b"\n") + 1, fix=_FIX_ENCODING) from error
    sample = " ".join(garbled[first_bad:].split())[:24]
    raise TranscriptFormatError(
        f"the text is not UTF-8, and its encoding could not be recognised (read as "
        f"Windows-1252 it would be garbled: {sample!r}).", path=path, line=line,
        fix=_FIX_ENCODING)


def _decode(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranscriptFormatError(
            f"byte {error.start} is not valid {encoding.upper()} text.", path=path, line=line,
            fix=_FIX_ENCODING) from error


def _binary(path: Path) -> TranscriptFormatError:
    return TranscriptFormatError(
        "the file is binary, not a text transcript.", path=path,
        fix="export the transcript from Zoom, Teams or Otter as .vtt, .srt, .txt or .docx "
            "(a recording or a PDF cannot be imported).")


def open_zip(data: bytes, path: Path, kind: str) -> zipfile.ZipFile:
    """The archive inside a .docx or .xlsx, after checking what it would unpack to.

    The sizes come from the zip's own directory, before anything is unpacked; zipfile
    never returns more bytes than a member declares, so a lying directory cannot get
    past this limit either. Members that Word and Excel never write — encrypted ones,
    or packed with a method zipfile cannot unpack (Deflate64) — are refused here, not
    met half-way through reading.
    """
    fix = f"open it in {kind} and save it again as {path.suffix.lower()}."
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TranscriptFormatError(
            f"this is not a {path.suffix.lower()} file from {kind} (those are zip archives; "
            "this one is not — perhaps an older .doc or .xls renamed, or a file protected "
            "with a password).", path=path, fix=fix)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise TranscriptFormatError(f"the file is damaged ({error}).", path=path,
                                    fix=fix) from error
    try:
        _check_members(members, path, kind, fix)
    except TranscriptFormatError:
        archive.close()
        raise
    return archive


def _check_members(members: list[zipfile.ZipInfo], path: Path, kind: str, fix: str) -> None:
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_MB * _MB:
        raise TranscriptFormatError(
            f"the file would unpack to {unpacked // _MB:,} MB (the limit is "
            f"{MAX_UNPACKED_MB} MB); it is refused unopened, as a decompression bomb "
            "would be.", path=path,
            fix=f"{fix[0].upper()}{fix[1:]} If it really is this large, split the transcript.")
    for member in members:
        if member.flag_bits & 0x1:
            raise TranscriptFormatError(
                f"part {member.filename!r} is encrypted.", path=path,
                fix=f"remove the password in {kind} and save the file again.")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TranscriptFormatError(
                f"part {member.filename!r} is packed with a method {kind} does not use "
                f"(zip method {member.compress_type}, e.g. Deflate64 from a zip tool).",
                path=path, fix=fix)
