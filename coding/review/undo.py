"""Undo: withdraw a coder's latest decisions by appending new ``undo`` rows.

Nothing is deleted or rewritten: each undo names the decision it withdraws
(:attr:`Decision.undoes`), and the status rule (:mod:`coding.store.status`) then counts
neither, so the pair returns to what the coder's other decisions make it. A coder undoes
only their own decisions, newest first; one click that wrote several decisions (a whole
episode, "no theme here" with its rejections) is undone as one act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coding.labels import clock, meeting_with_date
from coding.model import Action, Decision
from coding.store import Project

_DONE = {Action.CONFIRM: "confirmed “{code}”", Action.REJECT: "rejected “{code}”",
         Action.RELABEL: "relabelled “{code}” as “{new_code}”", Action.MEMO: "a memo",
         Action.NO_THEME: "“no theme here”"}


@dataclass(frozen=True)
class UndoOffer:
    """What one click of Undo would withdraw, and how to say it."""

    decisions: tuple[Decision, ...]  # newest first
    description: str  # "confirmed “Burnout” on 10 segments"

    @property
    def count(self) -> int:
        return len(self.decisions)


def last_act(project: Project, coder: str) -> UndoOffer | None:
    """The coder's latest act still standing (None when there is nothing to undo)."""
    decisions = project.last_act_of(coder)
    return UndoOffer(tuple(decisions), describe(project, decisions)) if decisions else None


def undo_last_act(project: Project, coder: str) -> UndoOffer | None:
    """Withdraw the coder's latest act (all its decisions, in one batch); returns what
    was undone, or None when nothing was left to undo."""
    offer = last_act(project, coder)
    if offer is not None:
        _withdraw(project, offer.decisions, coder)
    return offer


def undo_last(project: Project, coder: str, count: int = 1) -> list[Decision]:
    """Withdraw the coder's ``count`` latest standing decisions, newest first."""
    decisions = project.latest_decisions_of(coder, count)
    _withdraw(project, decisions, coder)
    return decisions


def _withdraw(project: Project, decisions: Sequence[Decision], coder: str) -> None:
    project.record_decisions([
        Decision(segment_id=d.segment_id, code=d.code, action=Action.UNDO, coder=coder,
                 new_code=d.new_code, undoes=d.id) for d in decisions])


def describe(project: Project, decisions: Sequence[Decision]) -> str:
    """'confirmed “Burnout” on Ana · Meeting 2 · 00:03:10', 'confirmed “Burnout” on 10
    segments', or '3 decisions on 2 segments'."""
    done = list(dict.fromkeys(_DONE[Action(d.action)].format(code=d.code, new_code=d.new_code)
                              for d in decisions))
    segments = list(dict.fromkeys(d.segment_id for d in decisions))
    if len(segments) == 1:
        return f"{' and '.join(done)} on {_where(project, segments[0])}"
    if len(done) == 1:
        return f"{done[0]} on {len(segments):,} segments"
    return f"{len(decisions):,} decisions on {len(segments):,} segments"


def _where(project: Project, segment_id: str) -> str:
    row = project.card_segments([segment_id]).get(segment_id)
    if row is None:
        return "a segment no longer in the project"
    place = (row.speaker, meeting_with_date(row.meeting, row.date, row.transcript,
                                       row.title),
             clock(row.start))
    return " · ".join(part for part in place if part)
