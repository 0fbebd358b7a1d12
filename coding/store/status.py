"""The status rule, in one home: its Python form and its SQL form side by side.

A (segment, code) pair is *pending* while the machine suggests it and nobody has decided
on it. Otherwise its status is set by the **latest** status-setting decision on it:
confirm → confirmed, reject → rejected, and a relabel from A to B is two acts at once,
"reject A" then "confirm B" (so B wins if A and B were ever the same code). Memos never
change a status. With blind coding, only one coder's decisions count.

An *undo* withdraws one earlier decision of the same coder: a withdrawn decision (and
the undo itself) sets nothing, so the pair returns to what the coder's other decisions
make it — the state before, when the last decision is undone. The log stays
append-only. A *no theme here* act sets no pair's status; a segment with one (standing,
seen by the viewer) is reviewed and leaves the "without a theme" list.

Both forms order acts by (decision id, part): part 0 is a confirm, a reject or a
relabel's rejection; part 1 is a relabel's confirmation. ``tests/test_status_rule.py``
checks on random decision sequences that the two forms and the agreement code agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from coding.model import Action, Decision, Status

#: The coder name under which reconciled decisions are kept, beside the coders' own.
CONSENSUS = "consensus"
STATUS_OF = {Action.CONFIRM: Status.CONFIRMED, Action.REJECT: Status.REJECTED}


def _as(decision: Decision, action: Action, code: str) -> Decision:
    return Decision(segment_id=decision.segment_id, code=code, action=action,
                    coder=decision.coder, memo=decision.memo, decided_at=decision.decided_at)


def standing(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions that count: every one but the undos and those they withdraw."""
    decisions = list(decisions)
    withdrawn = {d.undoes for d in decisions if d.action == Action.UNDO}
    return [d for d in decisions
            if d.action != Action.UNDO and (d.id is None or d.id not in withdrawn)]


def status_acts(decision: Decision) -> list[Decision]:
    """The status-setting acts of one decision, in order: none for a memo, two for a
    relabel (reject the old code, then confirm the new one)."""
    if decision.action == Action.RELABEL:
        return [_as(decision, Action.REJECT, decision.code),
                _as(decision, Action.CONFIRM, decision.new_code)]
    if decision.action in STATUS_OF:
        return [decision]
    return []


def current_status(decisions: Iterable[Decision],
                   coder: str = "") -> dict[tuple[str, str], Decision]:
    """(segment, code) -> the latest act that set its status, as a confirm or reject
    :class:`Decision`. ``decisions`` in the order they were made; ``coder``: count only
    that coder's decisions (blind coding), '' counts everyone's."""
    latest: dict[tuple[str, str], Decision] = {}
    for decision in standing(decisions):
        if coder and decision.coder != coder:
            continue
        for act in status_acts(decision):
            latest[(act.segment_id, act.code)] = act
    return latest


def reviewed_without_theme(decisions: Iterable[Decision], coder: str = "") -> set[str]:
    """Segments someone (``coder`` only, if named) marked "no theme here", not undone."""
    return {d.segment_id for d in standing(decisions)
            if d.action == Action.NO_THEME and (not coder or d.coder == coder)}


def status_of(act: Decision | None) -> Status:
    """The status a pair has after its latest act (pending when there is none)."""
    return Status.PENDING if act is None else STATUS_OF[act.action]


#: :func:`standing` in SQL: a condition on a row of the ``decisions`` view.
STANDING_SQL = ("action != 'undo' AND id NOT IN "
                "(SELECT undoes FROM decision_log WHERE action = 'undo')")

#: The same rule in SQL: CTEs ``pairs(segment_id, code, status)`` over every suggested or
#: decided pair, and ``no_theme(segment_id)`` (:func:`reviewed_without_theme`). ``:only``
#: names the one coder whose decisions count, '' for everyone.
PAIRS_SQL = f"""
WITH seen AS (SELECT * FROM decisions WHERE (:only = '' OR coder = :only)
                AND {STANDING_SQL}
), no_theme AS (SELECT DISTINCT segment_id FROM seen WHERE action = 'no_theme'
), acts AS (
  SELECT id, 0 AS part, segment_id, code, action FROM seen
    WHERE action IN ('confirm', 'reject')
  UNION ALL SELECT id, 0, segment_id, code, 'reject' FROM seen WHERE action = 'relabel'
  UNION ALL SELECT id, 1, segment_id, new_code, 'confirm' FROM seen WHERE action = 'relabel'
), ranked AS (
  SELECT segment_id, code, action,
         ROW_NUMBER() OVER (PARTITION BY segment_id, code ORDER BY id DESC, part DESC) AS n
  FROM acts
), latest AS (SELECT segment_id, code, action FROM ranked WHERE n = 1
), pairs AS (
  SELECT s.segment_id, s.code,
         CASE l.action WHEN 'confirm' THEN 'confirmed' WHEN 'reject' THEN 'rejected'
                       ELSE 'pending' END AS status
  FROM suggestions s LEFT JOIN latest l ON l.segment_id = s.segment_id AND l.code = s.code
  UNION ALL
  SELECT l.segment_id, l.code, CASE l.action WHEN 'confirm' THEN 'confirmed'
                                             ELSE 'rejected' END
  FROM latest l WHERE NOT EXISTS (
    SELECT 1 FROM suggestions s WHERE s.segment_id = l.segment_id AND s.code = l.code)
)
"""
