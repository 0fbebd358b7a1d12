"""What the coders' decisions teach the suggester."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coding.model import Action, Decision, Feedback
from coding.store import Project
from coding.store.status import current_status, reviewed_without_theme

#: Meta key: what the last update of the suggestions changed, in words.
SUGGESTION_UPDATE = "suggestion_update"


def feedback(project: Project, coder: str = "") -> Feedback:
    """What the coders' current decisions (``coder``'s only, when named) teach the
    suggester; see :func:`feedback_from`."""
    return feedback_from(project.decisions(), coder)


def feedback_from(decisions: Iterable[Decision], coder: str = "") -> Feedback:
    """Confirmed and rejected themes per segment (the latest decision on each pair, as
    in :func:`current_status`). A segment marked "no theme here" (not undone) with
    nothing confirmed since is a segment judged to carry no theme: negative evidence
    for every theme, as one whose suggestions were all rejected."""
    decisions = [d for d in decisions if not coder or d.coder == coder]
    confirmed: dict[str, set[str]] = {}
    rejected: dict[str, set[str]] = {}
    for (segment_id, code), decision in current_status(decisions).items():
        kept = confirmed if decision.action == Action.CONFIRM else rejected
        kept.setdefault(segment_id, set()).add(code)
    for segment_id in reviewed_without_theme(decisions):
        if segment_id not in confirmed:
            rejected.setdefault(segment_id, set())
    return Feedback(confirmed={s: frozenset(c) for s, c in confirmed.items()},
                    rejected={s: frozenset(c) for s, c in rejected.items()})


@dataclass(frozen=True)
class LearningState:
    """How current the suggestions are with respect to the coders' decisions."""

    learned_from: int  # decisions recorded when the suggestions were learned
    new: int  # decisions recorded since the suggestions were last updated
    blind: bool = False  # blind coding: suggestions do not learn until reconciliation
    last_update: str = ""  # what the last update changed, and which themes it learned

    @property
    def sentence(self) -> str:
        if self.blind:
            return ("Blind coding: suggestions come from the codebook alone and learn from "
                    "decisions only once the lead opens reconciliation.")
        since = f" · {self.new:,} new since" if self.new else ""
        said = f"Suggestions updated from {self.learned_from:,} of your decisions{since}."
        return f"{said} Last update: {self.last_update}" if self.last_update else said


def learning_state(project: Project) -> LearningState:
    latest = project.newest_run_counts()
    new = project.status_decisions_after(latest.get("last_decision", 0))
    return LearningState(learned_from=latest.get("learned_from", 0), new=new,
                         blind=project.blind(),
                         last_update=project.meta(SUGGESTION_UPDATE) or "")
