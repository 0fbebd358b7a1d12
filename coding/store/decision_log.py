"""The decision log: every coder act, appended after checks, never changed.

A mixin of :class:`coding.store.Project`. Every way a decision comes in (a click, a
decisions file, a coder package) passes the same checks here, inside the write
transaction, so no theme can be renamed or deleted between the check and the write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from coding.errors import DecisionError
from coding.model import Action, Decision
from coding.store.codebook import now
from coding.store.engine import Connection
from coding.store.review_reads import decision_of
from coding.store.roles import Role, check_decider


class DecisionLog:
    """Mixin of :class:`coding.store.Project`: record and read decisions."""

    db: Connection
    account: str | None
    role: Role | None

    # Provided by Project.
    def transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    @staticmethod
    def _code_ids(db: Connection) -> dict[str, int]:
        """Theme name → id, read inside the writer's transaction so no rename slips in."""
        return {row[0]: row[1] for row in db.execute("SELECT name, id FROM codes")}

    def record_decisions(self, decisions: Sequence[Decision]) -> int:
        """Append decisions after checking every one; any bad one means none is written.
        The check runs inside the write transaction, so no theme can be renamed or
        deleted between the check and the write. The batch shares one time, which is how
        :mod:`coding.review.undo` knows it was one act."""
        # To the microsecond: two clicks never share a time, one batch always does.
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        with self.transaction() as db:
            ids = self._code_ids(db)
            self._check_decisions(decisions, ids)
            self._insert_decisions(db, ids, decisions, stamp)
        return len(decisions)

    def _check_decisions(self, decisions: Sequence[Decision], codes: Mapping[str, int]) -> None:
        """Every check a decision passes before it is written, whichever way it comes in
        (recorded here, or imported from a coder package): one home for them."""
        undone: set[int] = set()
        for number, decision in enumerate(decisions, start=1):
            self._check_decision(number, decision, codes)
            if self.account is not None:
                check_decider(self.account, self.role, decision.coder)
            if decision.action == Action.UNDO and decision.undoes in undone:
                raise DecisionError(f"decision {number}: decision {decision.undoes} is undone "
                                    "twice in one batch.", row=number,
                                    fix="undo each decision once.")
            undone.add(decision.undoes or 0)

    @staticmethod
    def _insert_decisions(db: Connection, codes: Mapping[str, int],
                          decisions: Sequence[Decision], stamp: str = "") -> None:
        """Append checked decisions, in order (the status rule takes the latest by id);
        ``stamp`` is the time of those that have none (default: now)."""
        stamp = stamp or now()
        db.executemany(
            "INSERT INTO decision_log (segment_id, code_id, action, new_code_id, coder, "
            "memo, decided_at, undoes) VALUES (?,?,?,?,?,?,?,?)",
            [(d.segment_id, codes.get(d.code), Action(d.action).value, codes.get(d.new_code),
              d.coder.strip(), d.memo, d.decided_at or stamp, d.undoes) for d in decisions])

    def _check_decision(self, number: int, decision: Decision,
                        codes: Mapping[str, int]) -> None:
        def refuse(problem: str, fix: str) -> None:
            raise DecisionError(f"decision {number}: {problem}", row=number, fix=fix)

        if not decision.coder.strip():
            refuse("no coder name is given.", "say who made the decision.")
        if decision.action not in set(Action):
            refuse(f"unknown action {decision.action!r}.",
                   f"use one of: {', '.join(a.value for a in Action)}.")
        exists = "SELECT 1 FROM segments WHERE id=?"
        if self.db.execute(exists, (decision.segment_id,)).fetchone() is None:
            refuse(f"no segment has the id {decision.segment_id!r}.",
                   "copy segment ids from the exported segment table.")
        if decision.action == Action.UNDO:
            problem = self._undo_problem(decision)
            if problem:
                refuse(problem, "undo only your own decisions, newest first, once each.")
            return
        if decision.undoes is not None:
            refuse(f"only an undo withdraws a decision, not a {decision.action}.",
                   "leave 'undoes' empty.")
        if decision.action == Action.NO_THEME and (decision.code or decision.new_code):
            refuse("'no theme here' is said of a whole segment, not of a code.",
                   "leave the code empty.")
        on_segment = decision.action == Action.NO_THEME or (
            decision.action == Action.MEMO and not decision.code)
        if decision.code not in codes and not on_segment:
            refuse(f"no code is named {decision.code!r}.", "add it to the codebook first.")
        if decision.action == Action.RELABEL and decision.new_code not in codes:
            refuse(f"relabel needs a new code from the codebook, not {decision.new_code!r}.",
                   "name the code the segment should move to.")
        if decision.action == Action.RELABEL and decision.new_code == decision.code:
            refuse(f"relabel from {decision.code!r} to the same code changes nothing.",
                   "name a different code to move the segment to, or confirm it instead.")
        if decision.new_code and decision.new_code not in codes:
            refuse(f"no code is named {decision.new_code!r} (given as the new code).",
                   "leave the new code empty unless relabelling.")

    def _undo_problem(self, undo: Decision) -> str:
        """Why ``undo`` cannot withdraw the decision it names ('' when it can): it must
        name a standing decision of the same coder on the same segment, not an undo."""
        row = self.db.execute("SELECT segment_id, coder, action FROM decisions WHERE id=?",
                              (undo.undoes,)).fetchone()
        if row is None:
            return f"undo names no recorded decision ({undo.undoes!r})."
        if row["action"] == Action.UNDO:
            return f"decision {undo.undoes} is itself an undo."
        if row["coder"] != undo.coder.strip():
            return f"decision {undo.undoes} was made by {row['coder']}, not {undo.coder}."
        if row["segment_id"] != undo.segment_id:
            return f"decision {undo.undoes} is on another segment."
        if self.db.execute("SELECT 1 FROM decision_log WHERE action='undo' AND undoes=?",
                           (undo.undoes,)).fetchone():
            return f"decision {undo.undoes} is already undone."
        return ""

    def decisions(self) -> list[Decision]:
        """Every decision in the order made, undos and what they withdrew included."""
        rows = self.db.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        return [decision_of(row) for row in rows]

