"""The researcher's choice of exemplar quotes: "use as exemplar" on a confirmed card, and
the choice per theme on the Export screen. The theme table puts chosen quotes first."""

from __future__ import annotations

from collections.abc import Sequence

from coding.errors import DecisionError
from coding.model import Status
from coding.report.tables import included, quote, segment_codes
from coding.store import Project


def use_as_exemplar(project: Project, segment_id: str, theme: str, coder: str) -> None:
    """Mark a confirmed (segment, theme) as one of the theme's exemplars."""
    pair = (segment_id, theme)
    if Status.CONFIRMED not in (project.pair_statuses(only=coder).get(pair),
                                project.pair_statuses().get(pair)):
        raise DecisionError(f"only a confirmed quote can stand for {theme!r}.",
                            fix="confirm the theme on this segment first.")
    project.choose_exemplar(segment_id, theme, coder)


def exemplar_options(project: Project, theme: str) -> dict[str, str]:
    """Segment id → its quote, for every confirmed segment of ``theme`` (meeting order)."""
    rows = included(segment_codes(project), include_suggested=False)
    rows = rows[rows["theme"] == theme].drop_duplicates("segment_id")
    return {row["segment_id"]: quote(row) for _, row in rows.iterrows()}


def set_exemplars(project: Project, theme: str, chosen: Sequence[str], coder: str) -> None:
    """Make ``chosen`` (in this order) the theme's exemplars; others are unmarked."""
    before = project.chosen_exemplars().get(theme, [])
    for segment_id in before:
        if segment_id not in chosen:
            project.choose_exemplar(segment_id, theme, coder, chosen=False)
    for segment_id in chosen:
        if segment_id not in before:
            project.choose_exemplar(segment_id, theme, coder)
