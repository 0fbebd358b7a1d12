"""Bring a project file up to the newest step, one transaction per step.

The runner talks to a DB-API connection through cursors only, on either engine
(:mod:`coding.store.engine`: the PostgreSQL connection takes the same ``?``
parameters and ``BEGIN IMMEDIATE``); the catalogue of tables is read through
:func:`coding.store.engine.table_names`, and the backup copy is a function the caller
passes in.

The connection must be in autocommit mode (sqlite3: ``isolation_level=None``), so that
the runner's explicit ``BEGIN … COMMIT`` is the only transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from coding.errors import ProjectError
from coding.store.engine import table_names

#: The key of ``meta`` that older code reads to refuse files it cannot handle.
SCHEMA_KEY = "schema"
#: A file made before migrations existed carries this in ``meta.schema`` and is at step 1.
LEGACY_VERSION = "1"
ADOPTED_NOTE = "found: made before migrations were recorded"
NEWER_FIX = "update focus-coding to the newest version, then open the file again."


class Cursor(Protocol):
    """The part of a DB-API cursor the runner and the steps use."""

    def execute(self, operation: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """The part of a DB-API connection the runner uses (``Error`` is PEP 249's optional
    connection attribute, which sqlite3 and psycopg both provide)."""

    Error: type[Exception]

    def cursor(self) -> Any: ...


@dataclass(frozen=True)
class Step:
    """One change of the schema. ``apply`` runs inside the step's transaction and must
    not commit; a step is never edited once released (add a new one instead)."""

    number: int
    description: str
    apply: Callable[[Cursor], None]


@dataclass(frozen=True)
class Upgrade:
    """What opening the file did: the steps applied, and the copy made first (if any)."""

    applied: tuple[int, ...] = ()
    backup: Path | None = None


def upgrade(connection: Connection, steps: Sequence[Step], path: Path,
            backup: Callable[[int], Path | None], begin: str = "BEGIN IMMEDIATE") -> Upgrade:
    """Apply every pending step in order, all in one transaction.

    A file that is already at some step (it has data) is first copied by
    ``backup(version)``, inside that transaction, so the copy is exactly the file as it
    was. ``begin`` must take the write lock at once (SQLite: ``BEGIN IMMEDIATE``), so two
    programs opening the same old file cannot both upgrade it: the second waits, then
    finds nothing left to do. One transaction, not one per step: between two steps'
    transactions a second program could take the lock, upgrade the rest and back up a
    half-upgraded file (seen under load); and a failing step leaves the file as it was.
    """
    if not _pending(connection.cursor(), steps, path):  # the usual case: no lock needed
        return Upgrade()
    applied: list[int] = []
    copy: Path | None = None
    cursor = connection.cursor()
    cursor.execute(begin)
    try:
        while True:
            step, done, legacy = _next(cursor, steps, path)
            if step is not None and done and not applied and copy is None:
                copy = backup(max(done))
            if legacy:
                _record(cursor, steps[0], adopted=True)
            if step is None:
                break
            _apply(connection, cursor, step, path)
            applied.append(step.number)
    except BaseException:
        cursor.execute("ROLLBACK")
        raise
    cursor.execute("COMMIT")
    return Upgrade(tuple(applied), copy)


def _pending(cursor: Cursor, steps: Sequence[Step], path: Path) -> bool:
    step, _, legacy = _next(cursor, steps, path)
    return step is not None or legacy


def _next(cursor: Cursor, steps: Sequence[Step],
          path: Path) -> tuple[Step | None, set[int], bool]:
    """The first step not yet applied (None when up to date), the steps applied, and
    whether the file predates migrations (step 1 applied but not yet recorded)."""
    done, legacy = _applied(cursor, path)
    unknown = done - {step.number for step in steps}
    if unknown:
        raise ProjectError(f"made by a newer version of focus-coding (it has migration "
                           f"step {max(unknown)}; this version knows steps up to "
                           f"{steps[-1].number}).", path=path, fix=NEWER_FIX)
    waiting = [step for step in steps if step.number not in done]
    return (waiting[0] if waiting else None), done, legacy


def _applied(cursor: Cursor, path: Path) -> tuple[set[int], bool]:
    tables = set(table_names(cursor))
    if "migrations" in tables:
        return {row[0] for row in cursor.execute("SELECT number FROM migrations")}, False
    if not tables:
        return set(), False
    version = None
    if "meta" in tables:
        row = cursor.execute("SELECT value FROM meta WHERE key=?", (SCHEMA_KEY,)).fetchone()
        version = row[0] if row else LEGACY_VERSION  # tables made, version not yet written
    if version is None:
        raise ProjectError(f"not a project file (it holds other tables: "
                           f"{', '.join(sorted(tables)[:5])}).", path=path,
                           fix="open a .sqlite file made by this tool, or a new name.")
    if version != LEGACY_VERSION:
        raise ProjectError(f"made by a newer version of focus-coding (schema {version}).",
                           path=path, fix=NEWER_FIX)
    return {1}, True


def _apply(connection: Connection, cursor: Cursor, step: Step, path: Path) -> None:
    try:
        step.apply(cursor)
        _record(cursor, step)
        _stamp(cursor, step.number)
    except connection.Error as error:
        raise ProjectError(
            f"could not upgrade the file to step {step.number} ({step.description}): "
            f"{error}.", path=path,
            fix="nothing was changed; open it with the version of focus-coding that made "
                "it, and report this error.") from error


def _record(cursor: Cursor, step: Step, adopted: bool = False) -> None:
    """Note the step in ``migrations``. ``adopted``: the file was made by code before
    migrations, which had made this step's tables itself; its ``note`` says so."""
    cursor.execute("CREATE TABLE IF NOT EXISTS migrations (number INTEGER PRIMARY KEY, "
                   "description TEXT NOT NULL, applied_at TEXT NOT NULL, "
                   "note TEXT NOT NULL DEFAULT '')")
    cursor.execute("INSERT INTO migrations VALUES (?, ?, ?, ?)", (
        step.number, step.description, datetime.now(UTC).isoformat(timespec="seconds"),
        ADOPTED_NOTE if adopted else ""))


def _stamp(cursor: Cursor, number: int) -> None:
    """Keep ``meta.schema`` at the newest step: the code before migrations checks it and
    refuses a file whose schema is not "1" instead of misreading it."""
    cursor.execute("UPDATE meta SET value=? WHERE key=?", (str(number), SCHEMA_KEY))
    if cursor.execute("SELECT 1 FROM meta WHERE key=?", (SCHEMA_KEY,)).fetchone() is None:
        cursor.execute("INSERT INTO meta VALUES (?, ?)", (SCHEMA_KEY, str(number)))
