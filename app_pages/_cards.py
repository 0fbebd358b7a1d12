"""The cards of the Review screen: what is left, Undo, and one card per segment with its
themes, its buttons and the talk around it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from app_pages import _card_actions as actions
from app_pages import state
from app_pages._review_bar import keyboard, learning_line
from coding.labels import count_of
from coding.markup import escape, highlighted
from coding.model import Action, Status
from coding.report.exemplars import use_as_exemplar
from coding.review.page import review_page
from coding.review.cards import (
    SegmentCard,
    ThemeOnSegment,
    in_focus,
    mark_no_theme,
)
from coding.review.context import ContextTurn
from coding.store import Project

_BADGE = {Status.PENDING: ":gray-badge[suggested]", Status.CONFIRMED: ":green-badge[confirmed]",
          Status.REJECTED: ":red-badge[rejected]"}


@st.fragment
def show_cards(path: Path, ids: Sequence[str], coder: str, transcript: str,
               themes: Sequence[str]) -> None:
    with Project(path) as project:
        page = review_page(project, ids, coder, transcript)
    st.progress(page.progress.fraction, text=page.progress.sentence)
    focus = in_focus(page.cards, state.skipped_pairs())
    keyboard(focus, page.undo, path, coder)
    learning_line(page.learning, path)
    state.show_announcements()  # a click reruns only these cards, not the page above
    for card in page.cards:
        if card.id in page.episode_sizes:
            _episode(card, page.episode_sizes[card.id], path, coder, themes)
        _card(card, page.context.get(card.id, []), path, coder, themes, page.definitions,
              focus[1] if focus and focus[0] is card else "")


def _episode(card: SegmentCard, size: int, path: Path, coder: str,
             themes: Sequence[str]) -> None:
    heading, whole = st.columns([3, 2], vertical_alignment="bottom")
    heading.markdown(f"##### {escape(card.meeting)} · episode {escape(card.episode)}")
    key = f"episode|{card.id}"
    whole.selectbox("Code the whole episode", themes, index=None, key=key,
                    placeholder=f"Code the whole episode ({count_of(size, 'segment')}) as…",
                    label_visibility="collapsed")
    chosen = state.widget_value(key)
    if chosen:
        ask, yes, no = st.columns([3, 1, 1], vertical_alignment="center")
        ask.warning(f"Confirm **{escape(str(chosen))}** on all {count_of(size, 'segment')} "
                    f"of this episode?", icon=":material/help:")
        yes.button(f"Confirm on {size:,}", key=f"yes|{key}", type="primary",
                   on_click=actions.code_whole_episode,
                   args=(path, card.id, coder, key, card.episode))
        no.button("Cancel", key=f"no|{key}", on_click=state.take_widget_value, args=(key,))


def _card(card: SegmentCard, context: Sequence[ContextTurn], path: Path, coder: str,
          themes: Sequence[str], definitions: Mapping[str, str], focus: str) -> None:
    with st.container(border=True):
        text_side, theme_side = st.columns([1, 1], gap="medium")
        with text_side:
            st.markdown(f"**{escape(card.where)}**")
            st.markdown(highlighted(card.text, card.highlighted_words))
            for memo in card.memos:
                st.caption(f":material/sticky_note_2: {escape(memo)}")
            _context(context)
        with theme_side:
            for theme in card.themes:
                _theme(card.id, theme, path, coder, themes, definitions.get(theme.code, ""),
                       theme.code == focus)
            _no_theme(card, path, coder)
            present = {t.code for t in card.themes if t.status != Status.REJECTED}
            key = f"add|{card.id}"
            st.selectbox("Add a theme", [t for t in themes if t not in present], index=None,
                         key=key, placeholder="Add a theme the machine missed…",
                         label_visibility="collapsed", on_change=actions.add_theme,
                         args=(path, card.id, coder, key))
            key = f"memo|{card.id}"
            st.text_input("Memo", key=key, placeholder="Write a memo and press Enter",
                          label_visibility="collapsed", on_change=actions.memo,
                          args=(path, card.id, coder, key))


def _context(turns: Sequence[ContextTurn]) -> None:
    """The turns before and after, folded: one click away, out of the way."""
    if len(turns) < 2:
        return
    with st.expander("Before and after", icon=":material/forum:"):
        for turn in turns:
            said = f"**{escape(turn.speaker)}** {escape(turn.time)}  \n{escape(turn.text)}"
            if turn.own:
                st.markdown(f":blue-background[{said}]")
            else:
                st.markdown(said)


def _no_theme(card: SegmentCard, path: Path, coder: str) -> None:
    if card.no_theme:
        st.markdown(":gray-badge[reviewed: no theme here]")
        return
    if any(theme.status == Status.CONFIRMED for theme in card.themes):
        return
    st.button("No theme here", icon=":material/block:", key=f"none|{card.id}",
              on_click=actions.write, args=(path, mark_no_theme, card.id, coder),
              help="You read it and it carries no theme: its suggestions are rejected and "
                   "it leaves the 'without a theme' list. Undo brings them back.")


def _theme(segment_id: str, theme: ThemeOnSegment, path: Path, coder: str,
           themes: Sequence[str], definition: str, focused: bool) -> None:
    by = f" by {escape(theme.decided_by)}" if theme.decided_by else ""
    keys = " :violet-badge[:material/keyboard: Y / N / J]" if focused else ""
    st.markdown(f"**{escape(theme.code)}** {_BADGE[theme.status]}{by}{keys}",
                help=definition or None)
    if theme.evidence:
        st.caption(theme.evidence)
    # Relabel gets a row of its own: in a third of the column, theme names were cut short.
    confirm, reject = st.columns(2, vertical_alignment="center")
    args = (path, segment_id, theme.code, coder)
    confirm.button("Confirm", icon=":material/check:", key=f"yes|{segment_id}|{theme.code}",
                   disabled=theme.status == Status.CONFIRMED, width="stretch",
                   on_click=actions.decide_pair, args=(*args, Action.CONFIRM))
    reject.button("Reject", icon=":material/close:", key=f"no|{segment_id}|{theme.code}",
                  disabled=theme.status == Status.REJECTED, width="stretch",
                  on_click=actions.decide_pair, args=(*args, Action.REJECT))
    key = f"relabel|{segment_id}|{theme.code}"
    st.selectbox("Relabel", [t for t in themes if t != theme.code], index=None, key=key,
                 placeholder="Relabel as another theme…", label_visibility="collapsed",
                 on_change=actions.relabel, args=(*args, key))
    if theme.status == Status.CONFIRMED:  # issue 18: the researcher's exemplar quotes
        st.button("Use as exemplar", icon=":material/format_quote:", type="tertiary",
                  key=f"exemplar|{segment_id}|{theme.code}", on_click=actions.write,
                  args=(path, use_as_exemplar, segment_id, theme.code, coder))
