"""The cards of the Review screen: one segment each, with its themes and buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from app_pages import state
from coding.errors import CodingError
from coding.markup import escape, highlighted
from coding.model import Action, Status
from coding.pipeline import refresh_suggestions
from coding.report.exemplars import use_as_exemplar
from coding.review.cards import (
    LearningState,
    SegmentCard,
    ThemeOnSegment,
    add_memo,
    code_episode,
    decide,
    learning_state,
    review_counts,
    segment_cards,
)
from coding.store import Project

_BADGE = {Status.PENDING: ":gray-badge[suggested]", Status.CONFIRMED: ":green-badge[confirmed]",
          Status.REJECTED: ":red-badge[rejected]"}


@st.fragment
def show_cards(path: Path, ids: Sequence[str], coder: str, transcript: str,
               themes: Sequence[str]) -> None:
    with Project(path) as project:
        counts = review_counts(project, transcript, viewer=coder)
        cards = segment_cards(project, ids, viewer=coder)
        learning = learning_state(project)
    _counter(counts)
    _learning(learning, path)
    state.show_announcements()  # a click reruns only these cards, not the page above
    shown_episode = None
    for card in cards:
        if card.episode and (card.meeting, card.episode) != shown_episode:
            heading, whole = st.columns([3, 2], vertical_alignment="bottom")
            heading.markdown(f"##### {escape(card.meeting)} · episode {escape(card.episode)}")
            key = f"episode|{card.id}"
            whole.selectbox("Code the whole episode", themes, index=None, key=key,
                            placeholder="Code the whole episode as…",
                            label_visibility="collapsed", on_change=_code_episode,
                            args=(path, card.id, coder, key))
            shown_episode = (card.meeting, card.episode)
        _card(card, path, coder, themes)


def _counter(counts: dict[Status, int]) -> None:
    total = sum(counts.values())
    done = total - counts[Status.PENDING]
    st.progress(done / total if total else 1.0,
                text=f"**{counts[Status.PENDING]:,} suggestions left to review** · "
                     f"{counts[Status.CONFIRMED]:,} confirmed · "
                     f"{counts[Status.REJECTED]:,} rejected")


def _learning(learning: LearningState, path: Path) -> None:
    said, button = st.columns([4, 1], vertical_alignment="center")
    said.caption(learning.sentence)
    if not learning.blind:
        button.button("Update suggestions", icon=":material/model_training:",
                      disabled=not learning.new, key=state.LEARN_BUTTON,
                      on_click=refresh_suggestions, args=(path,),
                      help="Learn from your confirmations and rejections and score the other "
                           "segments again. Decisions are never changed.")


def _card(card: SegmentCard, path: Path, coder: str, themes: Sequence[str]) -> None:
    with st.container(border=True):
        text_side, theme_side = st.columns([1, 1], gap="medium")
        text_side.markdown(f"**{escape(card.where)}**")
        text_side.markdown(highlighted(card.text, card.highlighted_words))
        for memo in card.memos:
            text_side.caption(f":material/sticky_note_2: {escape(memo)}")
        with theme_side:
            for theme in card.themes:
                _theme(card.id, theme, path, coder, themes)
            present = {t.code for t in card.themes if t.status != Status.REJECTED}
            key = f"add|{card.id}"
            st.selectbox("Add a theme", [t for t in themes if t not in present], index=None,
                         key=key, placeholder="Add a theme the machine missed…",
                         label_visibility="collapsed", on_change=_add_theme,
                         args=(path, card.id, coder, key))
            key = f"memo|{card.id}"
            st.text_input("Memo", key=key, placeholder="Write a memo and press Enter",
                          label_visibility="collapsed", on_change=_memo,
                          args=(path, card.id, coder, key))


def _theme(segment_id: str, theme: ThemeOnSegment, path: Path, coder: str,
           themes: Sequence[str]) -> None:
    by = f" by {escape(theme.decided_by)}" if theme.decided_by else ""
    st.markdown(f"**{escape(theme.code)}** {_BADGE[theme.status]}{by}")
    if theme.evidence:
        st.caption(theme.evidence)
    confirm, reject, relabel = st.columns([1, 1, 1.4], vertical_alignment="center")
    args = (path, segment_id, theme.code, coder)
    confirm.button("Confirm", icon=":material/check:", key=f"yes|{segment_id}|{theme.code}",
                   disabled=theme.status == Status.CONFIRMED, width="stretch",
                   on_click=_decide, args=(*args, Action.CONFIRM))
    reject.button("Reject", icon=":material/close:", key=f"no|{segment_id}|{theme.code}",
                  disabled=theme.status == Status.REJECTED, width="stretch",
                  on_click=_decide, args=(*args, Action.REJECT))
    key = f"relabel|{segment_id}|{theme.code}"
    relabel.selectbox("Relabel", [t for t in themes if t != theme.code], index=None, key=key,
                      placeholder="Relabel as…", label_visibility="collapsed",
                      on_change=_relabel, args=(*args, key))
    if theme.status == Status.CONFIRMED:  # issue 18: the researcher's exemplar quotes
        st.button("Use as exemplar", icon=":material/format_quote:", type="tertiary",
                  key=f"exemplar|{segment_id}|{theme.code}", on_click=_write,
                  args=(path, use_as_exemplar, segment_id, theme.code, coder))


def _decide(path: Path, segment_id: str, code: str, coder: str, action: Action,
            new_code: str = "") -> None:
    _write(path, decide, segment_id, code, action, coder, new_code=new_code)


def _relabel(path: Path, segment_id: str, code: str, coder: str, key: str) -> None:
    if new_code := state.take_widget_value(key):
        _decide(path, segment_id, code, coder, Action.RELABEL, new_code)


def _add_theme(path: Path, segment_id: str, coder: str, key: str) -> None:
    if code := state.take_widget_value(key):
        _decide(path, segment_id, code, coder, Action.CONFIRM)


def _code_episode(path: Path, segment_id: str, coder: str, key: str) -> None:
    if code := state.take_widget_value(key):
        _write(path, code_episode, segment_id, code, coder)


def _memo(path: Path, segment_id: str, coder: str, key: str) -> None:
    _write(path, add_memo, segment_id, coder, state.take_widget_value(key, empty=""))


def _write(path: Path, act: Callable[..., object], *args: object, **kwargs: object) -> None:
    """One library write; a refusal is said above the cards instead of an exception."""
    try:
        with Project(path) as project:
            act(project, *args, **kwargs)
    except CodingError as error:
        state.announce("error", error)
