"""Step 7: each suggestion's calibrated confidence, and the first suggestion of every
(segment, code) pair made before anyone decided it.

- ``suggestion_rows.confidence`` (NULL until the researcher's decisions can calibrate
  it): the share of suggestions like it that were confirmed; the ``suggestions`` view
  shows it.
- ``segment_relevance``: the machine's chance that a segment carries any theme at all,
  per segment, from the same run as the suggestions: what orders the Review queue and
  the "likely missed" list (turns with no suggestion that may carry a theme).
- ``first_suggestions`` keeps, per pair, the first suggestion the machine made while
  the pair was undecided, with its time and model, and is never updated. "The machine as
  a coder" in agreement is judged on these: a suggestion made after the pair was decided
  may have learned from that very decision. ``code_id`` has no foreign key: deleting a
  theme must not be refused because the machine once suggested it (reads join
  ``codes``, so a deleted theme's rows drop out).

Portable SQL (SQLite and PostgreSQL): ALTER TABLE … ADD COLUMN, DROP VIEW, CREATE.
"""

from __future__ import annotations

from coding.store.migrations.runner import Cursor, Step
from coding.store.migrations.step_001_first_tables import statements

SQL = """
ALTER TABLE suggestion_rows ADD COLUMN confidence REAL;
DROP VIEW suggestions;
CREATE VIEW suggestions AS
  SELECT s.segment_id, c.name AS code, s.score, s.source, s.matched_words,
         s.nearest_example, s.example_similarity, s.run_id, s.confidence
  FROM suggestion_rows s JOIN codes c ON c.id = s.code_id;
CREATE TABLE segment_relevance (
  segment_id TEXT PRIMARY KEY REFERENCES segments(id), relevance REAL NOT NULL,
  run_id TEXT NOT NULL);
CREATE TABLE first_suggestions (
  segment_id TEXT NOT NULL REFERENCES segments(id),
  code_id INTEGER NOT NULL, score REAL NOT NULL, confidence REAL, source TEXT NOT NULL,
  model TEXT NOT NULL, run_id TEXT NOT NULL,
  suggested_at TEXT NOT NULL, PRIMARY KEY (segment_id, code_id));
"""


def apply(cursor: Cursor) -> None:
    for statement in statements(SQL):
        cursor.execute(statement)


STEP = Step(7, "suggestions carry a calibrated confidence; each segment the chance it "
               "carries a theme; the first suggestion of each pair before it was decided "
               "is kept (time, model) for agreement", apply)
