"""Suggesters propose codes for segments; each suggestion carries its evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from coding.model import Codebook, Segment, Suggestion

Progress = Callable[[int, int], None]

#: Bump when what the suggesters compute changes for the same inputs: stored suggestions
#: made by an older version are then recomputed on the next run, not kept.
SCORER_VERSION = 2


class Suggester(Protocol):
    """scikit-learn manners: parameters in ``__init__``, ``fit`` learns the codebook."""

    def fit(self, codebook: Codebook) -> Suggester: ...

    def suggest(self, segments: Sequence[Segment],
                progress: Progress | None = None) -> list[Suggestion]: ...


# Light on purpose: the suggesters (spaCy, scikit-learn) are imported from their own
# modules, so that what only needs the version or the changes costs no seconds.
__all__ = ["SCORER_VERSION", "Progress", "Suggester"]
