"""What researchers write beside the coding: a memo on each code, the dated project
journal, and the quotes chosen to stand for a code (exemplars).

Portable SQL only (SQLite and PostgreSQL): upserts by ``ON CONFLICT``, text ids.
"""

from __future__ import annotations

import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coding.store.engine import Connection
from coding.errors import CodebookError, DecisionError
from coding.store.codebook import now


@dataclass(frozen=True)
class JournalEntry:
    """One dated entry of the project journal."""

    id: str
    entry_date: str  # ISO date the entry is about
    text: str
    coder: str
    written_at: str


@dataclass(frozen=True)
class CodeMemo:
    code: str
    text: str
    coder: str
    written_at: str


class NotesStore:
    """Mixin of :class:`coding.store.Project`: memos on codes, journal, exemplars."""

    db: Connection
    path: Path

    def transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _code_id(self, name: str) -> int:
        row = self.db.execute("SELECT id FROM codes WHERE name=?", (name,)).fetchone()
        if row is None:
            raise CodebookError(f"no theme is named {name!r}.", path=self.path,
                                fix="pick a theme of the codebook.")
        return row[0]

    # -- memos on codes -------------------------------------------------------------------

    def set_code_memo(self, code: str, text: str, coder: str) -> None:
        """Write (or replace) the memo on a theme; an empty text removes it."""
        _need_coder(coder)
        code_id = self._code_id(code)
        with self.transaction() as db:
            if not text.strip():
                db.execute("DELETE FROM code_memos WHERE code_id=?", (code_id,))
                return
            db.execute("INSERT INTO code_memos VALUES (?,?,?,?) ON CONFLICT(code_id) DO "
                       "UPDATE SET text=excluded.text, coder=excluded.coder, "
                       "written_at=excluded.written_at",
                       (code_id, text.strip(), coder.strip(), now()))

    def code_memos(self) -> dict[str, CodeMemo]:
        """Theme name → its memo, for the themes that have one."""
        rows = self.db.execute("SELECT c.name, m.text, m.coder, m.written_at FROM code_memos m "
                               "JOIN codes c ON c.id = m.code_id ORDER BY c.position")
        return {r[0]: CodeMemo(r[0], r[1], r[2], r[3]) for r in rows}

    # -- the project journal --------------------------------------------------------------

    def add_journal_entry(self, text: str, coder: str, entry_date: date | None = None) -> str:
        """Add a dated entry (today when no date is given); returns its id."""
        _need_coder(coder)
        if not text.strip():
            raise DecisionError("the journal entry is empty.", fix="write something first.")
        entry_id = uuid.uuid4().hex
        with self.transaction() as db:
            db.execute("INSERT INTO journal VALUES (?,?,?,?,?)", (
                entry_id, (entry_date or date.today()).isoformat(), text.strip(),
                coder.strip(), now()))
        return entry_id

    def delete_journal_entry(self, entry_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM journal WHERE id=?", (entry_id,))

    def journal(self) -> list[JournalEntry]:
        """Every entry, oldest first."""
        rows = self.db.execute("SELECT id, entry_date, text, coder, written_at FROM journal "
                               "ORDER BY entry_date, written_at, id")
        return [JournalEntry(*row) for row in rows]

    # -- exemplars ------------------------------------------------------------------------

    def choose_exemplar(self, segment_id: str, code: str, coder: str,
                        chosen: bool = True) -> None:
        """Mark (or unmark) a segment's quote as an exemplar of a theme."""
        _need_coder(coder)
        code_id = self._code_id(code)
        with self.transaction() as db:
            if not chosen:
                db.execute("DELETE FROM exemplars WHERE segment_id=? AND code_id=?",
                           (segment_id, code_id))
                return
            if db.execute("SELECT 1 FROM segments WHERE id=?", (segment_id,)).fetchone() is None:
                raise DecisionError(f"no segment has the id {segment_id!r}.",
                                    fix="copy segment ids from the exported segment table.")
            db.execute("INSERT INTO exemplars VALUES (?,?,?,?) ON CONFLICT(segment_id, "
                       "code_id) DO NOTHING", (segment_id, code_id, coder.strip(), now()))

    def chosen_exemplars(self) -> dict[str, list[str]]:
        """Theme name → the segment ids chosen as its exemplars, in the order chosen."""
        found: dict[str, list[str]] = {}
        for name, segment_id in self.db.execute(
                "SELECT c.name, e.segment_id FROM exemplars e JOIN codes c ON c.id = e.code_id "
                "ORDER BY c.position, e.chosen_at, e.segment_id"):
            found.setdefault(name, []).append(segment_id)
        return found


def _need_coder(coder: str) -> None:
    if not coder.strip():
        raise DecisionError("no name is given for who wrote this.",
                            fix="say who you are (the coder name).")
