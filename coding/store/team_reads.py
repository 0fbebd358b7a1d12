"""What agreement and reconciliation read: every coder's decisions, whole-project.

These reads are large (every decision, every segment), so most return bare tuples or a
DataFrame rather than :class:`sqlite3.Row` objects.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.store.participants import PARTICIPANT_OF
from coding.store.sql_parts import MEETING_ORDER_SQL, frame, tuples
from coding.store.status import STANDING_SQL

if TYPE_CHECKING:
    import pandas as pd

#: The columns of :meth:`TeamReads.decision_frame`.
DECISION_FRAME_COLUMNS = ["segment_id", "code", "action", "new_code", "coder"]


@dataclass(frozen=True)
class SegmentPlace:
    """Where a segment was said, and its words: what a reconciliation row shows."""

    segment_id: str
    transcript: str  # file name
    meeting: int | None
    speaker: str  # the participant
    start: float | None
    text: str


class TeamReads:
    """Mixin of :class:`coding.store.Project`: reads for agreement and reconciliation."""

    db: sqlite3.Connection

    def status_coders(self) -> list[str]:
        """Everyone who set a theme's status on some segment (memos do not), by name."""
        rows = self.db.execute("SELECT DISTINCT coder FROM decisions WHERE action != 'memo' "
                               f"AND {STANDING_SQL} ORDER BY coder")
        return [row[0] for row in rows]

    def segment_ids(self) -> list[str]:
        """Every segment id, sorted."""
        return [row[0] for row in tuples(self.db, "SELECT id FROM segments ORDER BY id")]

    def suggested_pairs(self) -> list[tuple[str, str]]:
        """(segment id, code) of every stored suggestion."""
        return tuples(self.db, "SELECT segment_id, code FROM suggestions")

    def first_suggested_pairs(self) -> list[tuple[str, str]]:
        """(segment id, code) of every pair the machine suggested before anyone decided
        it (its first suggestion, kept by ``replace_suggestions``)."""
        return tuples(self.db, "SELECT f.segment_id, c.name FROM first_suggestions f "
                               "JOIN codes c ON c.id = f.code_id")

    def decision_frame(self) -> pd.DataFrame:
        """Every standing decision (not undone, no undo) in the order made, one row
        each, with the columns :data:`DECISION_FRAME_COLUMNS` (memos included)."""
        rows = tuples(self.db, f"SELECT {', '.join(DECISION_FRAME_COLUMNS)} FROM decisions "
                               f"WHERE {STANDING_SQL} ORDER BY id")
        return frame(rows, DECISION_FRAME_COLUMNS)

    def segments_in_meeting_order(self) -> list[SegmentPlace]:
        """Every segment in meeting and speaking order, with where it was said."""
        rows = self.db.execute(
            f"SELECT s.id AS segment_id, t.name, t.meeting, {PARTICIPANT_OF} AS speaker, "
            "s.start, s.text FROM segments s JOIN transcripts t ON t.id = s.transcript_id "
            f"ORDER BY {MEETING_ORDER_SQL}, s.turn_index, s.start_char")
        return [SegmentPlace(r["segment_id"], r["name"], r["meeting"], r["speaker"], r["start"],
                             r["text"]) for r in rows]
