"""The talk around a card: the turns before and after a segment's own turn.

The pending list skips turns, so a card would be read without the question before it
or the reply after it; the Review screen folds these turns under each card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coding.labels import clock
from coding.store import Project

#: How many turns before and after a segment's turn its context shows.
REACH = 2


@dataclass(frozen=True)
class ContextTurn:
    offset: int  # -2, -1: before the segment's turn; 0: its own turn; 1, 2: after
    speaker: str  # the participant
    time: str
    text: str

    @property
    def own(self) -> bool:
        return self.offset == 0


def segment_context(project: Project, ids: Sequence[str],
                    reach: int = REACH) -> dict[str, list[ContextTurn]]:
    """segment id -> the turns within ``reach`` of its turn (its own included), in order."""
    found: dict[str, list[ContextTurn]] = {}
    if ids:
        for segment_id, offset, speaker, start, text in project.turns_around(ids, reach):
            found.setdefault(segment_id, []).append(
                ContextTurn(offset=offset, speaker=speaker, time=clock(start), text=text))
    return found
