"""Step 4: a decision can withdraw an earlier one (undo), and the log stays append-only.

``decision_log`` gains ``undoes``: for an ``undo`` row, the id of the decision it
withdraws (NULL on every other row). The ``decisions`` view shows it, beside the
columns it had. The status rule (:mod:`coding.store.status`) ignores an undo and the
decision it withdraws. Portable SQL: ``ADD COLUMN`` and a view made again.
"""

from __future__ import annotations

from coding.store.migrations.runner import Cursor, Step

STATEMENTS = (
    "ALTER TABLE decision_log ADD COLUMN undoes INTEGER REFERENCES decision_log(id)",
    "DROP VIEW decisions",
    """CREATE VIEW decisions AS
  SELECT d.id, d.segment_id, COALESCE(c.name, '') AS code, d.action,
         COALESCE(n.name, '') AS new_code, d.coder, d.memo, d.decided_at, d.undoes
  FROM decision_log d LEFT JOIN codes c ON c.id = d.code_id
  LEFT JOIN codes n ON n.id = d.new_code_id""",
    "CREATE INDEX decisions_undone ON decision_log(undoes)",
)


def apply(cursor: Cursor) -> None:
    for statement in STATEMENTS:
        cursor.execute(statement)


STEP = Step(4, "undo: a decision may withdraw an earlier one (decision_log.undoes)", apply)
