"""Errors that say what went wrong, where, and how to fix it."""

from __future__ import annotations

import os
from pathlib import Path


def shown_name(name: str | bytes | os.PathLike) -> str:
    """A file name as shown to a person: what cannot be printed is written as an escape.

    A name may hold terminal escapes (``\\x1b[2J`` clears the screen), right-to-left
    overrides that reverse what follows, or bytes that are not UTF-8 (kept by Python as
    lone surrogates, which cannot even be printed). Each becomes visible text —
    ``\\x1b``, ``\\u202e``, ``\\xff`` — and an ordinary name is left exactly as it is.
    """
    text = os.fsdecode(name) if isinstance(name, bytes) else os.fspath(name)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class CodingError(Exception):
    """Base class for every error the library raises on purpose.

    ``path`` and ``line`` (or ``row``) point at the input that caused it; ``fix`` says
    what the user can do. ``str()`` joins them into one readable message.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        fix: str = "",
    ) -> None:
        self.problem = problem
        self.path = os.fsdecode(path) if path is not None else None
        self.line = line
        self.row = row
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        shown = shown_name(self.path) if self.path else ""
        if shown and self.line is not None:
            where = f"line {self.line} of {shown}: "
        elif shown and self.row is not None:
            where = f"row {self.row} of {shown}: "
        elif shown:
            where = f"{shown}: "
        message = where + self.problem
        if self.fix:
            message += f" Fix: {self.fix}"
        return message


class TranscriptFormatError(CodingError):
    """A transcript file cannot be read as the format its name says."""


class UnsupportedFormatError(CodingError):
    """No reader exists for this kind of file."""


class CodebookError(CodingError):
    """A codebook file is missing fields or contradicts itself."""


class ModelError(CodingError):
    """The sentence-embedding model is missing, altered or unusable."""


class ProjectError(CodingError):
    """The project file cannot be opened or would be corrupted by the request."""


class DecisionError(CodingError):
    """A decision names a segment or code that does not exist, or an unknown action."""


class SettingsError(CodingError):
    """A settings file holds an unknown key or a value of the wrong kind."""


class EditConflictError(CodingError):
    """Someone else changed the same thing since this edit began."""


class AgreementError(CodingError):
    """Agreement cannot be computed for the coders asked (too few, or unknown)."""


class ExchangeError(CodingError):
    """A REFI-QDA file cannot be read, or does not follow the schema."""


class ThemeError(CodingError):
    """An emergent-theme operation names a theme that is not there or no longer open."""


class ParticipantError(CodingError):
    """A participant file or a correction names no participant of the project."""


class PackageError(CodingError):
    """A coder package cannot be read, or does not fit the project it is imported into
    (another transcript text, an unknown theme, another cut into segments)."""


class AccountError(CodingError):
    """A sign-in failed, or an account or membership cannot be made as asked."""


class RoleError(CodingError):
    """The signed-in person's role in the project does not allow this change."""
