"""SQL pieces the store's read modules share: meeting order, topical episode, bare rows.

They live here, inside the store, because SQL lives only in ``coding/store/`` (DESIGN.md);
the rest of the library calls named methods of :class:`coding.store.Project` instead.
Who spoke is resolved by :func:`coding.store.participants.participant_of`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from coding.labels import UNDATED

#: The meeting order over a transcripts row ``t``: the SQL form of
#: :func:`coding.labels.meeting_order` (by date, then number, then file name).
MEETING_ORDER_SQL = f"COALESCE(t.date, '{UNDATED}'), COALESCE(t.meeting, 1e9), t.name"

#: The topical episode of segment ``s``, as "2. budget · batteries", for SELECTs.
EPISODE = ("(SELECT e.number || '. ' || e.label FROM episodes e WHERE e.transcript_id = "
           "s.transcript_id AND s.turn_index BETWEEN e.start_turn AND e.end_turn) AS episode")


def tuples(db: sqlite3.Connection, query: str,
           params: Sequence[object] | Mapping[str, object] = ()) -> list[tuple]:
    """Bare tuples instead of :class:`sqlite3.Row`: about three times faster for the
    large reads of agreement and the tables."""
    cursor = db.cursor()
    cursor.row_factory = None
    return cursor.execute(query, params).fetchall()


def question_marks(count: int) -> str:
    """``?,?,?`` for an ``IN (…)`` over ``count`` values."""
    return ",".join("?" * count)
