"""Which decisions count in the tables: the team's consensus where it reconciled, and
elsewhere a stated rule — never "whoever clicked last".

With several coders a (segment, theme) pair can carry different verdicts. The rule, in
one place:

* Where the coder ``consensus`` decided the pair (the Reconcile screen), that counts.
* Elsewhere, each coder's verdict is as in :mod:`coding.review.agreement`: their latest
  act on the pair, and a coder who judged the segment but did not apply the theme did
  not apply it. Then :data:`ALL_CODERS` (the default: a theme counts when every coder
  who judged the segment applied it), :data:`ANY_CODER` (when any did), or a coder's
  name (only that coder's verdicts count).
* Pairs whose coders disagree and that the team has not reconciled are *open
  disagreements*: counted by the rule, and listed beside the table.

With one coder every rule gives that coder's latest decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coding.model import Action, Decision
from coding.store.status import CONSENSUS, current_status, status_acts

ALL_CODERS = "all coders"
ANY_CODER = "any coder"

Pair = tuple[str, str]


@dataclass(frozen=True)
class Counted:
    """The decision that counts per pair, and the pairs still in open disagreement."""

    decided: dict[Pair, Decision]
    open: list[Pair]
    coders: tuple[str, ...]
    reconciled: int  # pairs the team decided by consensus


def counted_decisions(decisions: Sequence[Decision], rule: str = ALL_CODERS) -> Counted:
    """Apply the counting rule to ``decisions`` (in the order they were made)."""
    consensus = current_status(decisions, CONSENSUS)
    coders = tuple(sorted({d.coder for d in decisions
                           if d.coder != CONSENSUS and status_acts(d)}))
    latest = {coder: current_status(decisions, coder) for coder in coders}
    judged = {coder: {segment for segment, _ in acts} for coder, acts in latest.items()}
    decided: dict[Pair, Decision] = dict(consensus)
    disagreeing: list[Pair] = []
    for pair in sorted(set().union(*latest.values()) - consensus.keys()):
        verdicts = {coder: _verdict(latest[coder], judged[coder], pair) for coder in coders}
        verdicts = {coder: v for coder, v in verdicts.items() if v is not None}
        if len(set(verdicts.values())) > 1:
            disagreeing.append(pair)
        counted = _by_rule(verdicts, rule)
        if counted is not None:
            decided[pair] = _as_decision(pair, counted, verdicts, latest)
    return Counted(decided, disagreeing, coders, len(consensus))


def _verdict(acts: dict[Pair, Decision], segments: set[str], pair: Pair) -> bool | None:
    act = acts.get(pair)
    if act is not None:
        return act.action == Action.CONFIRM
    return False if pair[0] in segments else None


def _by_rule(verdicts: dict[str, bool], rule: str) -> bool | None:
    if not verdicts:
        return None
    if rule == ALL_CODERS:
        return all(verdicts.values())
    if rule == ANY_CODER:
        return any(verdicts.values())
    return verdicts.get(rule)


def _as_decision(pair: Pair, applied: bool, verdicts: dict[str, bool],
                 latest: dict[str, dict[Pair, Decision]]) -> Decision:
    """One decision standing for the counted verdict: by the coders who gave it."""
    who = [coder for coder, verdict in verdicts.items() if verdict == applied]
    acts = [latest[coder][pair] for coder in who if pair in latest[coder]]
    return Decision(segment_id=pair[0], code=pair[1],
                    action=Action.CONFIRM if applied else Action.REJECT, coder=", ".join(who),
                    memo=" | ".join(a.memo for a in acts if a.memo),
                    decided_at=max((a.decided_at for a in acts), default=""))


def describe_rule(rule: str, counted: Counted) -> str:
    """The sentence a table's note carries about which decisions it counts."""
    if len(counted.coders) <= 1 and not counted.reconciled:
        coder = counted.coders[0] if counted.coders else "nobody yet"
        return f"Decisions of one coder ({coder})."
    how = {ALL_CODERS: "a theme counts where every coder who judged the segment applied it",
           ANY_CODER: "a theme counts where any coder who judged the segment applied it"}
    elsewhere = how.get(rule, f"the decisions of {rule} count")
    opened = (f"; {len(counted.open)} disagreement(s) are still open (listed separately)"
              if counted.open else "")
    return (f"Coders: {', '.join(counted.coders)}. The team's consensus counts where it "
            f"reconciled ({counted.reconciled} pair(s)); elsewhere {elsewhere}{opened}.")
