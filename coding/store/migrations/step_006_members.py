"""Step 6: the members of a project, each with a role (lead, coder, viewer).

On a team server a project with members opens only for them, and each may change only
what the role allows (:mod:`coding.store.roles`). A project without members — every
laptop project — is open to whoever opens it, as before. The accounts themselves
(names, password hashes) belong to the server, not to a project
(:mod:`coding.store.accounts`).

It also names the newest run in ``meta`` (``newest_run``): reads found it by SQLite's
``rowid``, which PostgreSQL does not have. A SQLite file gets the run its ``rowid`` says
was recorded last; a new project has no runs.
"""

from __future__ import annotations

from coding.store.engine import SQLITE, dialect
from coding.store.migrations.runner import Cursor, Step

MEMBERS = """
CREATE TABLE members (
  name TEXT PRIMARY KEY, role TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL)
"""


def apply(cursor: Cursor) -> None:
    cursor.execute(MEMBERS)
    if dialect(cursor) == SQLITE:
        cursor.execute("INSERT INTO meta (key, value) SELECT 'newest_run', id FROM runs "
                       "ORDER BY rowid DESC LIMIT 1")


STEP = Step(6, "project members with a role (lead, coder, viewer); the newest run named "
               "in meta", apply)
