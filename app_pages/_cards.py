"""The cards of the Review screen: what is left, Undo, and one card per segment with its
themes, its buttons and the talk around it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import streamlit as st

from app_pages import state
from coding.errors import CodingError
from coding.labels import count_of
from coding.markup import escape, highlighted
from coding.model import Action, Status
from coding.pipeline import refresh_suggestions
from coding.report.exemplars import use_as_exemplar
from coding.review.cards import (
    LearningState,
    ReviewProgress,
    SegmentCard,
    ThemeOnSegment,
    add_memo,
    code_episode,
    decide,
    episode_size,
    in_focus,
    learning_state,
    mark_no_theme,
    review_progress,
    segment_cards,
)
from coding.review.context import ContextTurn, segment_context
from coding.review.undo import UndoOffer, last_act, undo_last_act
from coding.store import Project

_BADGE = {Status.PENDING: ":gray-badge[suggested]", Status.CONFIRMED: ":green-badge[confirmed]",
          Status.REJECTED: ":red-badge[rejected]"}


@st.fragment
def show_cards(path: Path, ids: Sequence[str], coder: str, transcript: str,
               themes: Sequence[str]) -> None:
    with Project(path) as project:
        progress = review_progress(project, transcript, viewer=coder)
        cards = segment_cards(project, ids, viewer=coder)
        learning = learning_state(project)
        offer = last_act(project, coder)
        context = segment_context(project, [card.id for card in cards])
        definitions = {code.name: code.definition for code in project.codebook().codes}
        sizes = {card.id: episode_size(project, card.id) for card in _episode_firsts(cards)}
    _counter(progress)
    focus = in_focus(cards, state.skipped_pairs())
    _keyboard(focus, offer, path, coder)
    _learning(learning, path)
    state.show_announcements()  # a click reruns only these cards, not the page above
    for card in cards:
        if card.id in sizes:
            _episode(card, sizes[card.id], path, coder, themes)
        _card(card, context.get(card.id, []), path, coder, themes, definitions,
              focus[1] if focus and focus[0] is card else "")


def _episode_firsts(cards: Sequence[SegmentCard]) -> list[SegmentCard]:
    """The first card of each episode on the page: where its heading goes."""
    firsts, shown = [], None
    for card in cards:
        if card.episode and (card.meeting, card.episode) != shown:
            firsts.append(card)
            shown = (card.meeting, card.episode)
    return firsts


def _counter(progress: ReviewProgress) -> None:
    st.progress(progress.fraction, text=progress.sentence)


def _keyboard(focus: tuple[SegmentCard, str] | None, offer: UndoOffer | None, path: Path,
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
                    on_click=_decide, args=(*args, Action.CONFIRM))
        keys.button("Reject", icon=":material/close:", key=state.KEY_REJECT, shortcut="N",
                    on_click=_decide, args=(*args, Action.REJECT))
        keys.button("Next", icon=":material/skip_next:", key=state.KEY_NEXT, shortcut="J",
                    on_click=state.skip_pair, args=(card.id, code),
                    help="Leave this theme pending for now and move to the next one.")
    if offer is None:
        st.caption("Nothing of yours to undo yet.")
        return
    st.button(f"Undo: {offer.description}", icon=":material/undo:", key=state.UNDO_BUTTON,
              on_click=_undo_last, args=(path, coder), shortcut="U",
              help="Takes back your latest decision (or the one click that made several). "
                   "Nothing is erased: the undo is recorded too.")


def _learning(learning: LearningState, path: Path) -> None:
    said, button = st.columns([4, 1], vertical_alignment="center")
    said.caption(learning.sentence)
    if not learning.blind:
        button.button("Update suggestions", icon=":material/model_training:",
                      disabled=not learning.new, key=state.LEARN_BUTTON,
                      on_click=refresh_suggestions, args=(path,),
                      help="Learn from your confirmations and rejections and score the other "
                           "segments again. Decisions are never changed.")


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
                   on_click=_code_episode, args=(path, card.id, coder, key, card.episode))
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
                         label_visibility="collapsed", on_change=_add_theme,
                         args=(path, card.id, coder, key))
            key = f"memo|{card.id}"
            st.text_input("Memo", key=key, placeholder="Write a memo and press Enter",
                          label_visibility="collapsed", on_change=_memo,
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
              on_click=_write, args=(path, mark_no_theme, card.id, coder),
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
                   on_click=_decide, args=(*args, Action.CONFIRM))
    reject.button("Reject", icon=":material/close:", key=f"no|{segment_id}|{theme.code}",
                  disabled=theme.status == Status.REJECTED, width="stretch",
                  on_click=_decide, args=(*args, Action.REJECT))
    key = f"relabel|{segment_id}|{theme.code}"
    st.selectbox("Relabel", [t for t in themes if t != theme.code], index=None, key=key,
                 placeholder="Relabel as another theme…", label_visibility="collapsed",
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


def _code_episode(path: Path, segment_id: str, coder: str, key: str, episode: str) -> None:
    if (code := state.take_widget_value(key)) and (
            count := _write(path, code_episode, segment_id, code, coder)):
        state.announce("success", f"Confirmed “{code}” on {count_of(count, 'segment')} of "
                                  f"episode {episode}. Undo takes all of them back.")


def _undo_last(path: Path, coder: str) -> None:
    if offer := _write(path, undo_last_act, coder):
        state.announce("info", f"Undone: {offer.description}.")


def _memo(path: Path, segment_id: str, coder: str, key: str) -> None:
    _write(path, add_memo, segment_id, coder, state.take_widget_value(key, empty=""))


def _write(path: Path, act: Callable[..., object], *args: object, **kwargs: object) -> object:
    """One library write and its result; a refusal is said above the cards instead of an
    exception (and the result is None)."""
    try:
        with Project(path) as project:
            return act(project, *args, **kwargs)
    except CodingError as error:
        state.announce("error", error)
        return None
