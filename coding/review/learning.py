"""What the coders' decisions teach the suggester."""

from __future__ import annotations

from coding.model import Action, Feedback
from coding.store import Project
from coding.store.status import current_status, reviewed_without_theme


def feedback(project: Project) -> Feedback:
    """What the coders' current decisions teach the suggester: confirmed and rejected
    themes per segment (the latest decision on each pair, as in :func:`current_status`).
    A segment marked "no theme here" counts as one with rejections and no confirmation."""
    decisions = project.decisions()
    confirmed: dict[str, set[str]] = {}
    rejected: dict[str, set[str]] = {s: set() for s in reviewed_without_theme(decisions)}
    for (segment_id, code), decision in current_status(decisions).items():
        kept = confirmed if decision.action == Action.CONFIRM else rejected
        kept.setdefault(segment_id, set()).add(code)
    return Feedback(confirmed={s: frozenset(c) for s, c in confirmed.items()},
                    rejected={s: frozenset(c) for s, c in rejected.items()})
