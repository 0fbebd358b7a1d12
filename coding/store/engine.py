"""One store, two engines: open a project's database, and the few things that differ.

A project is a SQLite file (the default, nothing to set up) or a project on a
PostgreSQL team server (:mod:`coding.store.address`). Both give the store a connection
with sqlite3's API in autocommit mode: ``execute``/``executemany`` with ``?`` or
``:name`` parameters, rows indexed by position and by name, ``BEGIN IMMEDIATE`` for a
write transaction (:mod:`coding.store.postgres` bridges psycopg). What cannot be
written once in SQL is here, by name: the catalogue of tables, and the counters of
identity columns (which a lossless copy must carry).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from coding.store import postgres
from coding.store.address import Address

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

#: Any database error of either engine (for ``except``).
DatabaseError = (sqlite3.DatabaseError, postgres.DatabaseError)
Error = (sqlite3.Error, postgres.Error)
OperationalError = (sqlite3.OperationalError, postgres.OperationalError)

Connection = Any  # sqlite3.Connection or postgres.Connection: the same calls


def connect(address: Address) -> Connection:
    """An open connection in autocommit mode (the store's transactions are explicit)."""
    if address.on_server:
        return postgres.connect(address.server, address.project)  # type: ignore[arg-type]
    db = sqlite3.connect(address.path, isolation_level=None,  # type: ignore[arg-type]
                         timeout=30)
    db.row_factory = sqlite3.Row
    return db


def project_exists(address: Address) -> bool:
    """Whether a project is there (the file; or the project's schema on the server).
    Opening a project that is not there makes a new one; this asks without making it."""
    if not address.on_server:
        return address.path.exists()  # type: ignore[union-attr]
    return postgres.schema_exists(address.server, address.project)  # type: ignore[arg-type]


def dialect(db: Connection | Any) -> str:
    """:data:`SQLITE` or :data:`POSTGRESQL`, for a connection or one of its cursors."""
    return getattr(db, "dialect", SQLITE)


def table_names(db: Connection) -> list[str]:
    """The tables and views of the project (the engine's own left out), by name."""
    if dialect(db) == POSTGRESQL:
        query = ("SELECT table_name FROM information_schema.tables "
                 "WHERE table_schema = current_schema() ORDER BY table_name")
    else:
        query = ("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                 "AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [row[0] for row in db.execute(query).fetchall()]


def view_names(db: Connection) -> set[str]:
    if dialect(db) == POSTGRESQL:
        query = ("SELECT table_name FROM information_schema.views "
                 "WHERE table_schema = current_schema()")
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'view'"
    return {row[0] for row in db.execute(query).fetchall()}


def identity_marks(db: Connection) -> dict[str, int]:
    """table → the highest id its identity column ever gave (deleted rows included):
    a copy must go on from there, or a deleted code's id would be given again."""
    if dialect(db) == SQLITE:
        if "sqlite_sequence" not in {r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table'").fetchall()}:
            return {}
        return {row[0]: row[1] for row in db.execute(
            "SELECT name, seq FROM sqlite_sequence").fetchall()}
    marks = {}
    for table in _identity_tables(db):
        row = db.execute(f"SELECT last_value, is_called FROM {_sequence_of(db, table)}"
                         ).fetchone()
        if row[1]:
            marks[table] = row[0]
    return marks


def set_identity_marks(db: Connection, marks: dict[str, int]) -> None:
    """Carry :func:`identity_marks` of another project into this one (after a copy)."""
    if dialect(db) == SQLITE:
        db.execute("DELETE FROM sqlite_sequence")
        db.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                       sorted(marks.items()))
        return
    for table in _identity_tables(db):
        mark = marks.get(table, 0)  # 0: no id given yet (SQLite can record that)
        db.execute("SELECT setval(?::regclass, ?, ?)",
                   (_sequence_of(db, table), max(mark, 1), mark >= 1))


def _identity_tables(db: Connection) -> list[str]:
    return [row[0] for row in db.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND is_identity = 'YES' AND column_name = 'id' ORDER BY 1")]


def _sequence_of(db: Connection, table: str) -> str:
    return db.execute("SELECT pg_get_serial_sequence(?, 'id')", (table,)).fetchone()[0]
