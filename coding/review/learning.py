"""What the coders' decisions teach the suggester."""

from __future__ import annotations

from coding.model import Action, Feedback
from coding.store import Project
from coding.store.status import current_status


def feedback(project: Project) -> Feedback:
    """What the coders' current decisions teach the suggester: confirmed and rejected
    themes per segment (the latest decision on each pair, as in :func:`current_status`)."""
    confirmed: dict[str, set[str]] = {}
    rejected: dict[str, set[str]] = {}
    for (segment_id, code), decision in current_status(project.decisions()).items():
        kept = confirmed if decision.action == Action.CONFIRM else rejected
        kept.setdefault(segment_id, set()).add(code)
    return Feedback(confirmed={s: frozenset(c) for s, c in confirmed.items()},
                    rejected={s: frozenset(c) for s, c in rejected.items()})
