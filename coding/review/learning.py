"""What the coders' decisions teach the suggester."""

from __future__ import annotations

from collections.abc import Iterable

from coding.model import Action, Decision, Feedback
from coding.store import Project
from coding.store.status import current_status


def feedback(project: Project, coder: str = "") -> Feedback:
    """What the coders' current decisions (``coder``'s only, when named) teach the
    suggester; see :func:`feedback_from`."""
    return feedback_from(project.decisions(), coder)


def feedback_from(decisions: Iterable[Decision], coder: str = "") -> Feedback:
    """Confirmed and rejected themes per segment (the latest decision on each pair, as
    in :func:`current_status`). A segment marked "no theme here" (``Action.NO_THEME``)
    with nothing confirmed since is a segment judged to carry no theme: negative
    evidence for every theme, as one whose suggestions were all rejected."""
    decisions = [d for d in decisions if not coder or d.coder == coder]
    confirmed: dict[str, set[str]] = {}
    rejected: dict[str, set[str]] = {}
    for (segment_id, code), decision in current_status(decisions).items():
        kept = confirmed if decision.action == Action.CONFIRM else rejected
        kept.setdefault(segment_id, set()).add(code)
    for decision in decisions:
        if decision.action == Action.NO_THEME and decision.segment_id not in confirmed:
            rejected.setdefault(decision.segment_id, set())
    return Feedback(confirmed={s: frozenset(c) for s, c in confirmed.items()},
                    rejected={s: frozenset(c) for s, c in rejected.items()})
