"""What the tables and exports read: segments with where they were said, suggestions,
counts, transcripts, and whole tables for checking a file before and after a change.

Whole-project reads, returned as DataFrames or plain records; the tables built from
them (in :mod:`coding.report.tables`, :mod:`coding.refi.export`) never see SQL.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coding.errors import ProjectError
from coding.store.engine import table_names
from coding.store.participants import PARTICIPANT_OF, ROLE_OF
from coding.store.sql_parts import EPISODE, MEETING_ORDER_SQL, frame

if TYPE_CHECKING:
    import pandas as pd

#: The tables :meth:`ReportReads.record_counts` counts, in this order.
COUNTED_TABLES = ("transcripts", "segments", "suggestions", "decisions")


@dataclass(frozen=True)
class SegmentSpan:
    """Where a segment's words lie in its transcript's turns (for REFI-QDA selections)."""

    id: str
    turn_index: int
    start_char: int
    end_char: int
    text: str


class ReportReads:
    """Mixin of :class:`coding.store.Project`: the reads behind tables and exports."""

    db: sqlite3.Connection

    def segment_details(self) -> pd.DataFrame:
        """Every segment with its participant (``speaker``), transcript, meeting, date
        and episode: columns segment_id, turn_index, start_char, speaker, role, text,
        start, end, transcript, meeting, date, title, episode."""
        rows = self.db.execute(
            "SELECT s.id AS segment_id, s.turn_index, s.start_char, "
            f"{PARTICIPANT_OF} AS speaker, {ROLE_OF} AS role, s.text, "
            "s.start, s.\"end\", t.name AS transcript, t.meeting, t.date, t.title, "
            f"{EPISODE} FROM segments s JOIN transcripts t ON t.id = s.transcript_id")
        return frame([dict(row) for row in rows], [
            "segment_id", "turn_index", "start_char", "speaker", "role", "text", "start", "end",
            "transcript", "meeting", "date", "title", "episode"])

    def suggestion_frame(self) -> pd.DataFrame:
        """Every stored suggestion: columns segment_id, code, score, source,
        matched_words (a list of words) and nearest_example."""
        rows = self.db.execute("SELECT segment_id, code, score, source, matched_words, "
                               "nearest_example FROM suggestions")
        found = frame([dict(row) for row in rows], ["segment_id", "code", "score", "source",
                                                    "matched_words", "nearest_example"])
        found["matched_words"] = [json.loads(words) for words in found["matched_words"]]
        return found

    def record_counts(self) -> dict[str, int]:
        """How many transcripts, segments, suggestions and decisions the project holds."""
        return {table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in COUNTED_TABLES}

    def transcript_overview(self) -> pd.DataFrame:
        """The transcripts in meeting order with their size: columns file, meeting, date,
        title, format, words, segments, imported_at."""
        rows = self.db.execute(
            "SELECT t.name AS file, t.meeting, t.date, t.title, t.format, t.words, "
            "(SELECT COUNT(*) FROM segments s WHERE s.transcript_id = t.id) AS segments, "
            f"t.imported_at FROM transcripts t ORDER BY {MEETING_ORDER_SQL}")
        return frame([dict(row) for row in rows], ["file", "meeting", "date", "title",
                                                   "format", "words", "segments", "imported_at"])

    def segment_spans(self, transcript_id: str) -> list[SegmentSpan]:
        """The segments of one transcript in speaking order, with their character spans."""
        rows = self.db.execute("SELECT id, turn_index, start_char, end_char, text FROM segments "
                               "WHERE transcript_id=? ORDER BY turn_index, start_char",
                               (transcript_id,))
        return [SegmentSpan(*row) for row in rows]

    # -- whole tables, e.g. to check that a refused change left the file as it was ----------

    def table_names(self) -> list[str]:
        """The project's tables, and the views that keep the columns of tables a
        migration replaced (``decisions``, ``suggestions``, ``themes``), by name; SQLite's
        own left out."""
        return table_names(self.db)

    def table_rows(self, table: str) -> list[sqlite3.Row]:
        """Every row of one table, read-only, in storage order; each row indexes by
        position and by column name. Refuses a name that is not one of
        :meth:`table_names`, so no SQL can be passed in."""
        if table not in self.table_names():
            raise ProjectError(f"the project has no table named {table!r}.",
                               fix=f"use one of: {', '.join(self.table_names())}.")
        return self.db.execute(f'SELECT * FROM "{table}"').fetchall()

