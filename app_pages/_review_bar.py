"""The Review screen's bar above the cards: the keys and what they act on, Undo, and what
learning has seen."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import _card_actions as actions
from app_pages import state
from coding.markup import escape
from coding.model import Action
from coding.pipeline import refresh_suggestions
from coding.review.cards import SegmentCard
from coding.review.learning import LearningState
from coding.review.undo import UndoOffer


def keyboard(focus: tuple[SegmentCard, str] | None, offer: UndoOffer | None, path: Path,
              coder: str) -> None:
    """The keys, said on screen, and what they act on: the first pending theme on this
    page (marked on its card). Y confirms, N rejects, J moves on, U undoes."""
    keys = st.container(horizontal=True, vertical_alignment="center")
    if focus is None:
        keys.caption("Keyboard: nothing pending on this page.")
    else:
        card, code = focus
        args = (path, card.id, code, coder)
        keys.caption(f"Keys act on **{escape(code)}** · {escape(card.where)}")
        keys.button("Confirm", icon=":material/check:", key=state.KEY_CONFIRM, shortcut="Y",
                    on_click=actions.decide_pair, args=(*args, Action.CONFIRM))
        keys.button("Reject", icon=":material/close:", key=state.KEY_REJECT, shortcut="N",
                    on_click=actions.decide_pair, args=(*args, Action.REJECT))
        keys.button("Next", icon=":material/skip_next:", key=state.KEY_NEXT, shortcut="J",
                    on_click=state.skip_pair, args=(card.id, code),
                    help="Leave this theme pending for now and move to the next one.")
    if offer is None:
        st.caption("Nothing of yours to undo yet.")
        return
    st.button(f"Undo: {offer.description}", icon=":material/undo:", key=state.UNDO_BUTTON,
              on_click=actions.undo_last, args=(path, coder), shortcut="U",
              help="Takes back your latest decision (or the one click that made several). "
                   "Nothing is erased: the undo is recorded too.")


def learning_line(learning: LearningState, path: Path) -> None:
    said, button = st.columns([4, 1], vertical_alignment="center")
    said.caption(learning.sentence)
    if not learning.blind:
        button.button("Update suggestions", icon=":material/model_training:",
                      disabled=not learning.new, key=state.LEARN_BUTTON,
                      on_click=refresh_suggestions, args=(path,),
                      help="Learn from your confirmations and rejections and score the other "
                           "segments again. Decisions are never changed.")
