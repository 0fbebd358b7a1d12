"""One page of the Review screen, read in one go: what is left, the cards, what learning
has seen, what Undo would take back, the talk around each card, the themes'
definitions and the size of each episode that starts on the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coding.review.cards import (
    ReviewProgress,
    SegmentCard,
    episode_size,
    review_progress,
    segment_cards,
)
from coding.review.learning import LearningState, learning_state
from coding.review.context import ContextTurn, segment_context
from coding.review.undo import UndoOffer, last_act
from coding.store import Project


@dataclass(frozen=True)
class ReviewPage:
    progress: ReviewProgress
    cards: list[SegmentCard]
    learning: LearningState
    undo: UndoOffer | None
    context: Mapping[str, Sequence[ContextTurn]]
    definitions: Mapping[str, str]
    episode_sizes: Mapping[str, int]  # first card of an episode on the page → its size


def review_page(project: Project, ids: Sequence[str], coder: str,
                transcript: str) -> ReviewPage:
    """Everything the Review screen shows for the segments ``ids``, as ``coder`` sees it
    (``transcript``: the meeting chosen, '' for all)."""
    cards = segment_cards(project, ids, viewer=coder)
    return ReviewPage(
        progress=review_progress(project, transcript, viewer=coder), cards=cards,
        learning=learning_state(project), undo=last_act(project, coder),
        context=segment_context(project, [card.id for card in cards]),
        definitions={code.name: code.definition for code in project.codebook().codes},
        episode_sizes={card.id: episode_size(project, card.id)
                       for card in episode_firsts(cards)})


def episode_firsts(cards: Sequence[SegmentCard]) -> list[SegmentCard]:
    """The first card of each episode on the page: where its heading goes."""
    firsts, shown = [], None
    for card in cards:
        if card.episode and (card.meeting, card.episode) != shown:
            firsts.append(card)
            shown = (card.meeting, card.episode)
    return firsts
