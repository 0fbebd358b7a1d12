"""The project file's schema, as an ordered list of recorded steps.

Every change to the tables is a new step here: a number, a one-line description and a
function of a DB-API cursor that runs plain SQL. Opening a project applies the steps it
has not had yet, each in one transaction, and notes each in the ``migrations`` table
(number, description, applied_at, note). A released step is never edited, and the
schema is never changed anywhere else.

A file made before steps were recorded has ``meta.schema = '1'`` and no ``migrations``
table: it is at step 1 (step 1 is that version's schema, verbatim), which is recorded
without being run again. A file with a step this code does not know was made by a newer
version and is refused. Before an existing file is upgraded it is copied to
``<name>.bak`` (:mod:`coding.store.backup`).

Why not Alembic: Alembic works through SQLAlchemy, and the store uses the standard
``sqlite3`` driver directly; bringing SQLAlchemy into the store is the call of the
issue that adds PostgreSQL, not of this one. The runner (:mod:`.runner`) is about a
hundred lines, talks only to DB-API cursors, and its steps are portable SQL (where a
step needs SQLite's own catalogue or table rebuild, it says so), so it would drive a
psycopg connection the same way.
"""

from __future__ import annotations

from coding.store.migrations import (
    step_001_first_tables,
    step_002_code_ids,
    step_003_roles_memos_journal,
    step_004_undo,
    step_006_members,
    step_007_confidence_first_suggestions,
    step_008_keyword_hits,
)
from coding.store.migrations.runner import Step, Upgrade, upgrade

#: Every step, in order. Append; never edit or reorder a released one.
STEPS: tuple[Step, ...] = (
    step_001_first_tables.STEP,
    step_002_code_ids.STEP,
    step_003_roles_memos_journal.STEP,
    step_004_undo.STEP,
    step_006_members.STEP,
    step_007_confidence_first_suggestions.STEP,
    step_008_keyword_hits.STEP,
)

__all__ = ["STEPS", "Step", "Upgrade", "upgrade"]
