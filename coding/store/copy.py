"""Move a project between engines (or places), losslessly: ``coding copy SRC DST``.

Every row of every table is copied as it is stored, ids included, in one transaction
on the target, and the identity counters go with them (a deleted code's id is never
given again, on either side). Both sides are first brought to the newest migration
step by opening them, so their tables are the same. The target must be new: a copy
never merges into a project that holds anything.
"""

from __future__ import annotations

from graphlib import TopologicalSorter
from pathlib import Path

from coding.errors import ProjectError
from coding.store.address import Address
from coding.store.engine import (
    POSTGRESQL,
    Connection,
    dialect,
    identity_marks,
    set_identity_marks,
    table_names,
    view_names,
)
from coding.store.project import Project

#: Tables whose rows say what the project holds; a target with any is not new.
CONTENT = ("transcripts", "codes", "decision_log", "runs")


def copy_project(source: str | Path | Address, target: str | Path | Address) -> dict[str, int]:
    """Copy the project ``source`` into the new project ``target``; rows per table."""
    with Project(source) as src, Project(target) as dst:
        if dst.address == src.address:
            raise ProjectError("the source and the target are the same project.",
                               path=str(src.address), fix="name a new target.")
        if any(dst.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
               for table in CONTENT):
            raise ProjectError("the target already holds a project; a copy never merges.",
                               path=str(dst.address),
                               fix="name a new file, or a new project on the server.")
        tables = _in_load_order(src.db)
        marks = identity_marks(src.db)
        counts: dict[str, int] = {}
        with dst.transaction() as db:
            for table in reversed(tables):
                db.execute(f"DELETE FROM {table}")
            for table in tables:
                counts[table] = _copy_table(src.db, db, table)
            set_identity_marks(db, marks)
    return counts


def _copy_table(source: Connection, target: Connection, table: str) -> int:
    cursor = source.execute(f"SELECT * FROM {table}")
    columns = [column[0] for column in cursor.description]
    rows = [tuple(row) for row in cursor.fetchall()]
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ",".join("?" * len(columns))
    target.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)


def _in_load_order(db: Connection) -> list[str]:
    """The tables (not views), each after the tables its rows refer to."""
    tables = [name for name in table_names(db) if name not in view_names(db)]
    graph: dict[str, set[str]] = {name: set() for name in tables}
    for table, referenced in _foreign_keys(db):
        if table in graph and referenced != table:
            graph[table].add(referenced)
    return list(TopologicalSorter(graph).static_order())


def _foreign_keys(db: Connection) -> list[tuple[str, str]]:
    if dialect(db) == POSTGRESQL:
        query = ("SELECT DISTINCT tc.table_name, ccu.table_name FROM "
                 "information_schema.table_constraints tc JOIN "
                 "information_schema.constraint_column_usage ccu ON ccu.constraint_name = "
                 "tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema "
                 "WHERE tc.constraint_type = 'FOREIGN KEY' "
                 "AND tc.table_schema = current_schema()")
    else:
        query = ("SELECT m.name, f.\"table\" FROM sqlite_master m, "
                 "pragma_foreign_key_list(m.name) f WHERE m.type = 'table'")
    return [(row[0], row[1]) for row in db.execute(query).fetchall()]
