"""A copy of a project file made before it is upgraded, so an upgrade can be undone by
hand and nothing a researcher did depends on the migration being right."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path


def backup_name(path: Path, version: int) -> Path:
    """``<name>.bak``; if that is taken (an older upgrade's copy), ``<name>.v1.bak`` for a
    file at step 1, then ``<name>.v1.2.bak`` …: an earlier copy is never overwritten."""
    candidates = itertools.chain(
        [path.with_name(f"{path.name}.bak"), path.with_name(f"{path.name}.v{version}.bak")],
        (path.with_name(f"{path.name}.v{version}.{n}.bak") for n in itertools.count(2)))
    return next(name for name in candidates if not name.exists())


def back_up(path: Path, version: int) -> Path:
    """Copy the project file at ``path`` (at migration step ``version``) and return where.

    Call it while holding the file's write lock, so nothing changes during the copy.
    When every committed page is in the main file (no ``-wal`` content), the copy is the
    file byte for byte; otherwise SQLite's backup API copies the database including what
    is still in the write-ahead log (same content; three header counters differ).
    """
    target = backup_name(path, version)
    partial = target.with_name(f"{target.name}.partial")
    partial.unlink(missing_ok=True)
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        shutil.copyfile(path, partial)
    else:
        _sqlite_backup(path, partial)
    partial.rename(target)
    return target


def _sqlite_backup(path: Path, target: Path) -> None:
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
