"""What the decisions say, theme by theme, and how learning is checked before it is
used: each theme's learned layer beside the codebook layer on the researcher's own
decided segments, held out, and what the check decided, in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coding.model import Feedback


@dataclass(frozen=True)
class ThemeCheck:
    """How a theme's learned layer did on the researcher's decided segments, held out."""

    code: str
    positives: int
    negatives: int
    codebook_f1: float
    learned_f1: float | None  # None: too few decisions to learn from
    bar: float | None
    applied: bool
    # Held out on the decided segments: (right, wrong, missed) of each layer.
    learned_counts: tuple[int, int, int] = (0, 0, 0)
    codebook_counts: tuple[int, int, int] = (0, 0, 0)


def learning_sentence(checks: Sequence[ThemeCheck]) -> str:
    """Which themes now learn from the decisions and which keep the codebook's evidence,
    and why, in words."""
    learned = [check.code for check in checks if check.applied]
    kept = [check.code for check in checks
            if check.learned_f1 is not None and not check.applied]
    parts = []
    if learned:
        parts.append(f"learned from your decisions for {', '.join(learned)}")
    if kept:
        parts.append(f"kept the codebook's suggestions for {', '.join(kept)} (learning "
                     "did no better on your own decisions, held out)")
    return "; ".join(parts)


def counts(truth: np.ndarray, predicted: np.ndarray) -> tuple[int, int, int]:
    """(right, wrong, missed) of ``predicted`` against ``truth``."""
    return (int((truth & predicted).sum()), int((~truth & predicted).sum()),
            int((truth & ~predicted).sum()))


def pooled_f1(counts: Sequence[tuple[int, int, int]]) -> float:
    right, wrong, missed = (sum(column) for column in zip(*counts)) if counts else (0, 0, 0)
    return 2 * right / (2 * right + wrong + missed) if right else 0.0


def f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = int((truth & predicted).sum())
    wrong = int((truth ^ predicted).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def decided_labels(feedback: Feedback, segment_ids: list[str],
            codes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(segments, codes) what the decisions say, and where they say it. A segment with a
    confirmed theme was read: the themes not confirmed on it do not apply. A segment
    with only rejections carries no theme."""
    row_of = {segment_id: row for row, segment_id in enumerate(segment_ids)}
    column_of = {code: column for column, code in enumerate(codes)}
    labels = np.zeros((len(segment_ids), len(codes)), dtype=bool)
    decided = np.zeros_like(labels)
    for segment_id in set(feedback.confirmed) | set(feedback.rejected):
        row = row_of.get(segment_id)
        if row is None:
            continue
        decided[row] = True
        for code in feedback.confirmed.get(segment_id, ()):
            if code in column_of:
                labels[row, column_of[code]] = True
    return labels, decided
