"""Reconciliation: where coders disagree, side by side, and the team's agreed code.

A disagreement is a (segment, theme) on which, among the coders who judged the
segment, one applied the theme and another did not (judgements as in
:mod:`coding.review.agreement`). The agreed code is recorded as an ordinary decision by the
coder "consensus", kept beside the individual ones and left out of agreement figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coding.errors import AgreementError
from coding.labels import clock, meeting_label
from coding.model import Action, Decision
from coding.review.agreement import CONSENSUS, MISSING, judgements, project_coders
from coding.store import Project
from coding.store.status import current_status

APPLIED, NOT_APPLIED, NOT_JUDGED = "applied", "not applied", "—"


@dataclass(frozen=True)
class Reconciliation:
    """What the Reconcile screen shows: nothing while blind coding is on."""

    blind: bool
    coders: tuple[str, ...]
    rows: pd.DataFrame


def reconciliation(project: Project, unresolved_only: bool = False) -> Reconciliation:
    """The disagreements between every human coder, unless blind coding is on (the
    project lead opens reconciliation by turning it off)."""
    coders = tuple(c for c in project_coders(project) if c != CONSENSUS)
    if project.blind() or len(coders) < 2:
        return Reconciliation(project.blind(), coders, pd.DataFrame())
    return Reconciliation(False, coders, disagreements(project, list(coders), unresolved_only))


def disagreements(project: Project, coders: list[str] | None = None,
                  unresolved_only: bool = False) -> pd.DataFrame:
    """One row per disagreement in meeting order: where, the words, the theme, the
    coders' judgements (column ``verdicts``: a dict coder -> verdict, so no coder name
    can clash with a column) and the consensus so far ('' if none)."""
    chosen = coders or [c for c in project_coders(project) if c != CONSENSUS]
    if len(chosen) < 2:
        raise AgreementError(f"reconciliation needs two coders; this project has "
                             f"{', '.join(chosen) or 'none'}.", path=project.path,
                             fix="ask a second coder to review the same meetings.")
    segments = _segment_rows(project)
    themes = project.code_names()
    decisions = project.decisions()
    values = judgements(decisions, list(segments["segment_id"]), themes, chosen).values
    applied, judged = (values == 1).any(axis=0), (values == 0).any(axis=0)
    where_segment, where_theme = np.nonzero(applied & judged)
    agreed = current_status(decisions, coder=CONSENSUS)
    rows = segments.iloc[where_segment].reset_index(drop=True)
    rows.insert(4, "theme", [themes[t] for t in where_theme])
    rows["verdicts"] = [{coder: _verdict(values[number, s, t])
                         for number, coder in enumerate(chosen)}
                        for s, t in zip(where_segment, where_theme)]
    rows["consensus"] = [_agreed(agreed.get(key)) for key in zip(rows["segment_id"],
                                                                  rows["theme"])]
    if unresolved_only:
        rows = rows[rows["consensus"] == ""].reset_index(drop=True)
    return rows


def _segment_rows(project: Project) -> pd.DataFrame:
    rows = project.segments_in_meeting_order()
    return pd.DataFrame({
        "segment_id": [r.segment_id for r in rows],
        "meeting": [meeting_label(r.meeting, r.transcript) for r in rows],
        "speaker": [r.speaker for r in rows],
        "time": [clock(r.start) for r in rows],
        "text": [r.text for r in rows]})


def _verdict(value: int) -> str:
    return NOT_JUDGED if value == MISSING else APPLIED if value == 1 else NOT_APPLIED


def _agreed(decision: Decision | None) -> str:
    if decision is None:
        return ""
    return APPLIED if decision.action == Action.CONFIRM else NOT_APPLIED


def record_consensus(project: Project, segment_id: str, theme: str, applied: bool,
                     memo: str = "") -> Decision:
    """The team's agreed code for one (segment, theme), appended as a decision by
    "consensus"; the coders' own decisions stay as they were."""
    decision = Decision(segment_id=segment_id, code=theme,
                        action=Action.CONFIRM if applied else Action.REJECT,
                        coder=CONSENSUS, memo=memo)
    project.record_decisions([decision])
    return decision
