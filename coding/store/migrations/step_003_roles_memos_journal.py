"""Step 3: who counts, and what researchers write beside the coding.

- ``participant_roles``: a participant's speaker role (participant, facilitator,
  observer), keyed by the participant's name as the speaker map resolves it; a
  participant without a row is a participant.
- ``code_memos``: one memo per code (the researcher's notes on a theme), by code id so a
  rename keeps it. No foreign key to ``codes``: deleting a theme nobody decided on
  must not fail on its memo (reads join ``codes``, so an orphan is never shown).
- ``journal``: the project journal, dated entries; ``id`` is a text id made by the
  store (no AUTOINCREMENT, so the step runs unchanged on PostgreSQL).
- ``exemplars``: the quotes a researcher chose to stand for a code in the theme table.

Portable SQL only: plain types, no AUTOINCREMENT, times as ISO text.
"""

from __future__ import annotations

from coding.store.migrations.runner import Cursor, Step
from coding.store.migrations.step_001_first_tables import statements

SQL = """
CREATE TABLE participant_roles (
  participant TEXT PRIMARY KEY, role TEXT NOT NULL, set_by TEXT NOT NULL,
  set_at TEXT NOT NULL);
CREATE TABLE code_memos (
  code_id INTEGER PRIMARY KEY, text TEXT NOT NULL,
  coder TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE TABLE journal (
  id TEXT PRIMARY KEY, entry_date TEXT NOT NULL, text TEXT NOT NULL, coder TEXT NOT NULL,
  written_at TEXT NOT NULL);
CREATE TABLE exemplars (
  segment_id TEXT NOT NULL REFERENCES segments(id),
  code_id INTEGER NOT NULL, chosen_by TEXT NOT NULL,
  chosen_at TEXT NOT NULL, PRIMARY KEY (segment_id, code_id))
"""


def apply(cursor: Cursor) -> None:
    for statement in statements(SQL):
        cursor.execute(statement)


STEP = Step(3, "speaker roles, memos on codes, the project journal and chosen exemplars",
            apply)
