"""Emergent themes inside a project: each fit's themes and which segment went where.

A fit is a run (``runs``); its themes and assignments are kept per run, so refitting
adds a new set and never touches codes or decisions. Themes are written to
``theme_rows`` and read through the ``themes`` view (migration step 2), which names the
code a theme was promoted to by its id. Promoting a theme adds a code
through the codebook's own editing (recorded in the edit history) in the same
transaction that marks the theme promoted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import numpy as np

from coding.errors import CodebookError, ThemeError
from coding.model import Code, EmergentTheme, EmergentThemeStatus, Run
from coding.store.codebook import check_code
from coding.store.participants import PARTICIPANT_OF
from coding.store.sql_parts import MEETING_ORDER_SQL, frame, upsert_run

if TYPE_CHECKING:
    import pandas as pd

_THEME_SEGMENTS = f"""
SELECT a.segment_id, a.number, a.x, a.y, {PARTICIPANT_OF} AS speaker, s.text, s.start,
       t.name AS transcript, t.meeting, t.date
FROM theme_segments a JOIN segments s ON s.id = a.segment_id
JOIN transcripts t ON t.id = s.transcript_id WHERE a.run_id = ?
ORDER BY {MEETING_ORDER_SQL}, s.turn_index
"""


class ThemeStore:
    """Mixin of :class:`coding.store.Project` (after CodebookEditing, whose ``_add`` and
    ``code_names`` it uses): storing and changing emergent themes."""

    db: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def save_theme_fit(self, run: Run, themes: Sequence[EmergentTheme], segment_ids: Sequence[str],
                       numbers: np.ndarray, coordinates: np.ndarray) -> None:
        """One fit, all or nothing: its run record, its themes, every assignment."""
        with self.transaction() as db:
            upsert_run(db, run)
            db.executemany(
                "INSERT INTO theme_rows (run_id, number, label, name, terms, quotes, size, "
                "covered_by, similarity, nearest, status, promoted_to, promoted_code_id, "
                "merged_into) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,"
                "(SELECT id FROM codes WHERE name=?),?)", [
                    (t.run_id, t.number, t.label, t.name, json.dumps(list(t.terms)),
                     json.dumps(list(t.quotes)), t.size, t.covered_by, t.similarity,
                     t.nearest, t.status.value, t.promoted_to, t.promoted_to, t.merged_into)
                    for t in themes])
            db.executemany("INSERT INTO theme_segments VALUES (?,?,?,?,?)", [
                (run.id, segment_id, int(number), float(x), float(y))
                for segment_id, number, (x, y) in zip(segment_ids, numbers, coordinates)])
            db.execute("INSERT INTO meta VALUES ('themes_run', ?) ON CONFLICT(key) DO UPDATE "
                       "SET value=excluded.value", (run.id,))

    def latest_theme_run(self) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='themes_run'").fetchone()
        return row[0] if row else None

    def themes(self, run_id: str | None = None) -> list[EmergentTheme]:
        """The themes of a fit (the latest by default), largest first."""
        run_id = run_id or self.latest_theme_run()
        rows = self.db.execute("SELECT * FROM themes WHERE run_id=? ORDER BY size DESC, number",
                               (run_id,)).fetchall()
        return [_theme(row) for row in rows]

    def theme(self, run_id: str, number: int) -> EmergentTheme:
        row = self.db.execute("SELECT * FROM themes WHERE run_id=? AND number=?",
                              (run_id, number)).fetchone()
        if row is None:
            raise ThemeError(f"fit {run_id} has no theme {number}.",
                             fix="fit the themes again, or choose a listed theme.")
        return _theme(row)

    def rename_theme(self, run_id: str, number: int, name: str) -> None:
        self._open_theme(run_id, number)
        with self.transaction() as db:
            db.execute("UPDATE theme_rows SET name=? WHERE run_id=? AND number=?",
                       (name.strip(), run_id, number))

    def discard_theme(self, run_id: str, number: int) -> None:
        self._open_theme(run_id, number)
        with self.transaction() as db:
            db.execute("UPDATE theme_rows SET status=? WHERE run_id=? AND number=?",
                       (EmergentThemeStatus.DISCARDED.value, run_id, number))

    def merge_themes(self, run_id: str, keep: int, others: Sequence[int]) -> None:
        """Move the segments of ``others`` into ``keep``; the others are marked merged."""
        others = [number for number in others if number != keep]
        for number in (keep, *others):
            self._open_theme(run_id, number)
        with self.transaction() as db:
            for number in others:
                db.execute("UPDATE theme_segments SET number=? WHERE run_id=? AND number=?",
                           (keep, run_id, number))
                db.execute("UPDATE theme_rows SET status=?, merged_into=?, size=0 "
                           "WHERE run_id=? AND number=?",
                           (EmergentThemeStatus.MERGED.value, keep, run_id, number))
            size = db.execute("SELECT COUNT(*) FROM theme_segments WHERE run_id=? AND number=?",
                              (run_id, keep)).fetchone()[0]
            db.execute("UPDATE theme_rows SET size=? WHERE run_id=? AND number=?",
                       (size, run_id, keep))

    def promote_theme(self, run_id: str, number: int, code: Code, coder: str) -> None:
        """Add ``code`` to the codebook (recorded as the coder's edit) and mark the theme
        promoted, in one transaction. The theme keeps the code's id, so it follows a
        rename, and the name it was promoted under, shown if the code is deleted."""
        self._open_theme(run_id, number)
        if not coder.strip():
            raise CodebookError("no coder name is given.", fix="say who edits the codebook.")
        check_code(code)
        with self.transaction() as db:
            self._add(db, code, set(self.code_names()), coder)
            # The theme takes the code's name: its word label no longer stands for it.
            db.execute("UPDATE theme_rows SET status=?, promoted_to=?, name=?, promoted_code_id=("
                       "SELECT id FROM codes WHERE name=?) WHERE run_id=? AND number=?",
                       (EmergentThemeStatus.PROMOTED.value, code.name, code.name, code.name,
                        run_id, number))

    def theme_assignments(self, run_id: str | None = None) -> list[sqlite3.Row]:
        """(segment_id, number, x, y) of every segment in a fit."""
        return self.db.execute("SELECT segment_id, number, x, y FROM theme_segments WHERE "
                               "run_id=? ORDER BY segment_id",
                               (run_id or self.latest_theme_run(),)).fetchall()

    def theme_segment_details(self, run_id: str | None) -> pd.DataFrame:
        """Every segment of a fit in meeting order, with its theme number and map position:
        columns segment_id, number, x, y, speaker (the participant, as every table names
        them), text, start, transcript, meeting, date."""
        rows = self.db.execute(_THEME_SEGMENTS, (run_id,))
        return frame([dict(r) for r in rows],
                     ["segment_id", "number", "x", "y", "speaker", "text", "start",
                      "transcript", "meeting", "date"])

    def _open_theme(self, run_id: str, number: int) -> EmergentTheme:
        theme = self.theme(run_id, number)
        if theme.status != EmergentThemeStatus.OPEN:
            raise ThemeError(f"the theme {theme.title!r} is already {theme.status.value}.",
                             fix="choose an open theme.")
        return theme


def _theme(row: sqlite3.Row) -> EmergentTheme:
    return EmergentTheme(run_id=row["run_id"], number=row["number"], label=row["label"],
                 name=row["name"], terms=tuple(json.loads(row["terms"])),
                 quotes=tuple(json.loads(row["quotes"])), size=row["size"],
                 covered_by=row["covered_by"], similarity=row["similarity"],
                 nearest=row["nearest"], status=EmergentThemeStatus(row["status"]),
                 promoted_to=row["promoted_to"], merged_into=row["merged_into"])
