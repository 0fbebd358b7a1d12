"""Names of files that arrive from a browser: never a path, never hidden."""

from __future__ import annotations


def upload_name(name: str) -> str:
    """The file name alone: folders (either slash), leading dots and control characters
    go. Empty when nothing usable is left."""
    last = name.replace("\\", "/").split("/")[-1]
    return "".join(c for c in last if c.isprintable()).strip().lstrip(".")
