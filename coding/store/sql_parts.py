"""SQL pieces the store's read modules share: meeting order, topical episode, bare rows.

They live here, inside the store, because SQL lives only in ``coding/store/`` (DESIGN.md);
the rest of the library calls named methods of :class:`coding.store.Project` instead.
Who spoke is resolved by :func:`coding.store.participants.participant_of`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coding.labels import UNDATED
from coding.model import Run

if TYPE_CHECKING:
    import pandas as pd

#: The meeting order over a transcripts row ``t``: the SQL form of
#: :func:`coding.labels.meeting_order` (by date, then number, then file name).
MEETING_ORDER_SQL = f"COALESCE(t.date, '{UNDATED}'), COALESCE(t.meeting, 1e9), t.name"

#: The topical episode of segment ``s``, as "2. budget · batteries", for SELECTs.
EPISODE = ("(SELECT e.number || '. ' || e.label FROM episodes e WHERE e.transcript_id = "
           "s.transcript_id AND s.turn_index BETWEEN e.start_turn AND e.end_turn) AS episode")


def tuples(db: Any, query: str,
           params: Sequence[object] | Mapping[str, object] = ()) -> list[tuple]:
    """Bare tuples instead of :class:`sqlite3.Row`: about three times faster for the
    large reads of agreement and the tables (``db`` is either engine's connection)."""
    cursor = db.cursor()
    cursor.row_factory = None
    return cursor.execute(query, params).fetchall()


def question_marks(count: int) -> str:
    """``?,?,?`` for an ``IN (…)`` over ``count`` values."""
    return ",".join("?" * count)


#: The meta key naming the run recorded last (by insertion, not by time: a quick
#: refresh can finish in the same second, and neither engine keeps insertion order).
NEWEST_RUN = "newest_run"


def upsert_run(db: Any, run: Run) -> None:
    """Record a pipeline run or theme fit (again, if re-recorded), as the newest run."""
    db.execute("INSERT INTO runs VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
               "started_at=excluded.started_at, finished_at=excluded.finished_at, "
               "settings=excluded.settings, versions=excluded.versions, "
               "timings=excluded.timings, counts=excluded.counts", (
                   run.id, run.started_at, run.finished_at, json.dumps(run.settings),
                   json.dumps(run.versions), json.dumps(run.timings), json.dumps(run.counts)))
    db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
               "value=excluded.value", (NEWEST_RUN, run.id))


def frame(records: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    """A table of ``records`` (dicts by column name, or tuples in ``columns``' order)."""
    # Imported here: pandas costs about a second, and only the reads behind reports and
    # tables need it, not a run or a review click.
    import pandas as pd

    return pd.DataFrame(records, columns=list(columns))
