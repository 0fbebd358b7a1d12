"""What coder packages read and write: one coder's decisions out, another copy's in.

A coder package (:mod:`coding.review.packages`) carries one coder's decisions and memos
from their copy of a project to the lead's master copy. The store's part is small: the
coder's decisions in the order made, the stored text of the transcripts they touch, the
names each code has had, and an append that adds only what the master lacks — all of it
checked and written in one transaction.

Portable SQL only (no ``INSERT OR …``, no SQLite functions): the same statements run on
PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from coding.store.decision_log import DecisionLog
from coding.model import Action, Decision
from coding.store.sql_parts import question_marks, tuples
from coding.store.status import STANDING_SQL

#: What makes two decisions the same act: a decision copied into another file keeps all
#: of these, and two different acts never share them all (unless a coder repeated the
#: very same act within one second, which is then kept as many times as it was made).
DecisionKey = tuple[str, str, str, str, str, str, str]


def decision_key(decision: Decision) -> DecisionKey:
    """The identity of a decision across copies of a project (see :data:`DecisionKey`)."""
    return (decision.segment_id, decision.code, Action(decision.action).value,
            decision.new_code, decision.coder.strip(), decision.memo, decision.decided_at)


@dataclass(frozen=True)
class StoredTranscript:
    """A transcript as the project holds it: its file name and its turns' text."""

    id: str
    name: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Appended:
    """What an append of decisions did: how many were new, how many were here already."""

    added: int
    already: int


class PackageStore(DecisionLog):
    """Mixin of :class:`coding.store.Project`: the reads and the one write of packages;
    a package's decisions pass the decision log's own checks and insert."""

    def coder_decisions(self, coder: str) -> list[Decision]:
        """Every standing decision and memo of one coder, in the order made: an undo and
        the decision it withdrew travel as neither (an undo names a decision by this
        file's own id, which means nothing in another copy)."""
        rows = self.db.execute(
            "SELECT segment_id, code, action, new_code, coder, memo, decided_at "
            f"FROM decisions WHERE coder = ? AND {STANDING_SQL} ORDER BY id",
            (coder.strip(),)).fetchall()
        return [Decision(segment_id=r[0], code=r[1], action=Action(r[2]), new_code=r[3],
                         coder=r[4], memo=r[5], decided_at=r[6]) for r in rows]

    def decision_coders(self) -> list[str]:
        """Everyone who decided or wrote a memo, by name."""
        return [row[0] for row in tuples(self.db, "SELECT DISTINCT coder FROM decisions "
                                                  "ORDER BY coder")]

    def stored_transcripts(self, ids: Sequence[str]) -> dict[str, StoredTranscript]:
        """The transcripts among ``ids`` that the project holds, by id."""
        found: dict[str, StoredTranscript] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows = tuples(self.db, "SELECT t.id, t.name, u.text FROM transcripts t "
                                   "JOIN turns u ON u.transcript_id = t.id "
                                   f"WHERE t.id IN ({question_marks(len(chunk))}) "
                                   "ORDER BY t.id, u.turn_index", chunk)
            texts: dict[str, tuple[str, list[str]]] = {}
            for transcript_id, name, text in rows:
                texts.setdefault(transcript_id, (name, []))[1].append(text)
            found.update({key: StoredTranscript(key, name, tuple(lines))
                          for key, (name, lines) in texts.items()})
        return found

    def transcript_id_named(self, name: str) -> str | None:
        """The id of the transcript stored under this file name, if any (for messages:
        packages match transcripts by content, never by name)."""
        row = self.db.execute("SELECT id FROM transcripts WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def missing_segments(self, ids: Sequence[str]) -> list[str]:
        """The ids among ``ids`` that are no segment of the project, in the order given."""
        present: set[str] = set()
        unique = sorted(set(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            present.update(row[0] for row in tuples(
                self.db, f"SELECT id FROM segments WHERE id IN ({question_marks(len(chunk))})",
                chunk))
        return [segment for segment in dict.fromkeys(ids) if segment not in present]

    def code_names_by_id(self) -> dict[int, str]:
        """Each code's id → its name today."""
        return dict(tuples(self.db, "SELECT id, name FROM codes"))

    def former_code_names(self) -> dict[tuple[int, str], str]:
        """(code id, a name the code once had) → its name today, from the edit history:
        how a decision made under an old name finds the code after a rename."""
        rows = tuples(self.db, "SELECT e.code_id, e.code, c.name FROM codebook_edits e "
                               "JOIN codes c ON c.id = e.code_id")
        return {(code_id, old): name for code_id, old, name in rows}

    def append_new_decisions(self, decisions: Sequence[Decision]) -> Appended:
        """Append the decisions this project does not hold yet, in the order given, after
        checking every one; any bad one means none is written. A decision counts as held
        when an equal one (:func:`decision_key`) is stored, as many times as it is
        stored, so appending the same list twice adds nothing the second time."""
        with self.transaction() as db:
            ids = self._code_ids(db)
            self._check_decisions(decisions, ids)  # the same checks as record_decisions
            held = self._held(sorted({d.coder.strip() for d in decisions}))
            new = []
            for decision in decisions:
                key = decision_key(decision)
                if held[key]:
                    held[key] -= 1
                else:
                    new.append(decision)
            self._insert_decisions(db, ids, new)
        return Appended(added=len(new), already=len(decisions) - len(new))

    def _held(self, coders: Sequence[str]) -> Counter[DecisionKey]:
        if not coders:
            return Counter()
        rows = tuples(self.db, "SELECT segment_id, code, action, new_code, coder, memo, "
                               "decided_at FROM decisions "
                               f"WHERE coder IN ({question_marks(len(coders))})", coders)
        return Counter(tuple(row) for row in rows)
