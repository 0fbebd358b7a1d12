"""What single screens keep between reruns: the Review filter, pinned list and page; the
Codebook's chosen theme and the version its edit began from; the upload batches of the
Project and Coder packages screens; the Themes screen's action waiting for confirmation."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages.state.keys import (
    EDIT_STARTED_FOR, EDIT_STARTED_FROM, FILTER_ORDER, FILTER_SPEAKER, FILTER_STATUS, FILTER_THEME,
    FILTER_TRANSCRIPT, NEXT_THEME_CHOICE, PAGE, PAGE_SIZE, PROJECT, REVIEW_LIST,
    REVIEW_SKIPPED, THEME_ACTION, THEME_CHOICE, UPLOAD_BATCH,
)
from coding.model import Code
from coding.review.cards import ReviewFilter
from coding.review.paging import Paging

_REVIEW_WIDGETS = (FILTER_TRANSCRIPT, FILTER_STATUS, FILTER_THEME, FILTER_SPEAKER,
                   FILTER_ORDER, PAGE_SIZE, PAGE)
_FIRST_PAGE_SIZE = 10


def _open_project() -> str:
    """Which project a pinned list belongs to (its name, as the session keeps it)."""
    return st.session_state.get(PROJECT) or ""


# --- Review: the filter, the pinned list, the page ---

def keep_review_filter() -> None:
    """Keep the Review filter and page while the researcher visits other screens:
    Streamlit forgets a widget's value on a run that does not draw it, unless set."""
    for key in _REVIEW_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def pinned_segments(chosen: ReviewFilter) -> list[str] | None:
    """The segment ids pinned for this project and filter, or None if the list must be
    found again (another project or filter, or nothing pinned yet)."""
    pinned = st.session_state.get(REVIEW_LIST)
    if pinned is None or pinned[0] != (_open_project(), chosen):
        return None
    return pinned[1]


def pin_segments(chosen: ReviewFilter, ids: list[str]) -> None:
    """Pin ``ids`` as the list for this filter, so decided segments stay on screen until
    a refresh, and go back to the first page."""
    st.session_state[REVIEW_LIST] = ((_open_project(), chosen), ids)
    st.session_state[PAGE] = 1


def review_paging(count: int) -> Paging:
    """The page to show of a list of ``count`` segments, kept within the list."""
    paging = Paging.of(count, st.session_state.setdefault(PAGE_SIZE, _FIRST_PAGE_SIZE),
                       st.session_state.setdefault(PAGE, 1))
    st.session_state[PAGE] = paging.page
    return paging


def skipped_pairs() -> frozenset[tuple[str, str]]:
    """The (segment, theme) pairs the keyboard's Next passed over in this session."""
    return frozenset(st.session_state.get(REVIEW_SKIPPED, ()))


def skip_pair(segment_id: str, code: str) -> None:
    """Move the keyboard focus past this pair (it stays pending)."""
    st.session_state[REVIEW_SKIPPED] = skipped_pairs() | {(segment_id, code)}


# --- Codebook: the chosen theme and the version its edit started from ---

def settle_theme_choice(names: Sequence[str]) -> None:
    """Before the Codebook list is drawn: select the theme a save or delete chose, or
    keep the current one if it still exists, else the first."""
    if NEXT_THEME_CHOICE in st.session_state:
        st.session_state[THEME_CHOICE] = st.session_state.pop(NEXT_THEME_CHOICE)
    if st.session_state.get(THEME_CHOICE) not in names:
        st.session_state[THEME_CHOICE] = names[0]


def edit_started_from(choice: str, current: Code | None) -> Code | None:
    """The chosen theme as it was when its edit began (``current`` on the first run of
    the edit): a save is refused if someone changed the theme meanwhile."""
    if st.session_state.get(EDIT_STARTED_FOR) != choice:
        st.session_state[EDIT_STARTED_FOR] = choice
        st.session_state[EDIT_STARTED_FROM] = current
    return st.session_state[EDIT_STARTED_FROM]


def restart_theme_edit(select: str | None = None) -> None:
    """Begin the edit again from the stored theme on the next run; with ``select``,
    choose that theme in the list. (A deleted theme is no longer in the list, so the
    first one is chosen.)"""
    st.session_state.pop(EDIT_STARTED_FOR, None)
    if select is not None:
        st.session_state[NEXT_THEME_CHOICE] = select


# --- Project and Coder packages: the uploaders' batch ---

def upload_batch(counter: str = UPLOAD_BATCH) -> int:
    """The current batch number, part of the uploaders' keys; ``counter`` names the
    screen's own count (the Project screen's by default)."""
    return st.session_state.setdefault(counter, 0)


def next_upload_batch(counter: str = UPLOAD_BATCH) -> None:
    """New, empty uploaders on the next run, so nothing is imported twice by habit."""
    st.session_state[counter] = upload_batch(counter) + 1


# --- Themes: a discard or merge asks once before it is done ---

PendingAction = tuple[str, str, int, tuple[int, ...]]  # run, "discard"/"merge", theme, others


def ask_theme_action(action: PendingAction) -> None:
    """Hold ``action`` until the researcher confirms or cancels it."""
    st.session_state[THEME_ACTION] = action


def theme_action() -> PendingAction | None:
    """The action waiting for confirmation, if any."""
    return st.session_state.get(THEME_ACTION)


def drop_theme_action() -> None:
    st.session_state.pop(THEME_ACTION, None)
