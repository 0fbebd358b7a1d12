"""Everything the app keeps between reruns, in one place: the session and address-bar
keys, small accessors for them, and the one channel for saying something after a rerun.

Pages never index ``st.session_state`` or ``st.query_params`` themselves (a test holds
that): they use the names and functions here. The open project and the coder live in
the session *and* in the address bar, so a refresh or a bookmark brings the researcher
back to the same place. Only a project *name* goes in the address; it is looked up in
the projects folder, never used as a path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from coding.errors import CodingError
from coding.model import Code
from coding.paths import SUFFIX, projects_folder
from coding.review.cards import ReviewFilter

# --- In the address bar as well as the session (bookmarks use these names: keep them) ---
PROJECT = "project"
"""Name of the open project (its file name without the suffix, in the projects folder)."""
CODER = "coder"
"""Name of the person coding, recorded with each decision."""
_IN_ADDRESS = (PROJECT, CODER)

# --- Widgets whose value is read or set from code ---
CODER_INPUT = "coder_input"
"""The sidebar's name field; copied into :data:`CODER` when it changes."""
FILTER_TRANSCRIPT = "f_transcript"
"""Review filter: the meeting ('' for all)."""
FILTER_STATUS = "f_status"
"""Review filter: one of STATUS_CHOICES (pending, confirmed, rejected, all, uncoded)."""
FILTER_THEME = "f_theme"
"""Review filter: the theme ('' for any)."""
FILTER_SPEAKER = "f_speaker"
"""Review filter: the speaker ('' for anyone)."""
PAGE_SIZE = "page_size"
"""Review: segments per page."""
PAGE = "page"
"""Review: the page of the segment list shown, from 1."""
LEARN_BUTTON = "learn"
"""Review: the 'Update suggestions' button."""
THEME_CHOICE = "cb_choice"
"""Codebook: the theme chosen in the list (or the 'new theme' entry)."""
BLIND_TOGGLE = "blind_toggle"
"""Reconcile: the blind-coding switch, mirroring the project's stored setting."""
SPEAKERS_TABLE = "speakers"
"""Participants: the editable speaker → participant table (its edits, as Streamlit keeps them)."""
MEETINGS_TABLE = "meetings"
"""Project: the editable meeting number and date of each uploaded file."""

# --- Kept by code only ---
REVIEW_LIST = "review_list"
"""Review: ((project, filter), segment ids) pinned when the filter was chosen."""
NEXT_THEME_CHOICE = "cb_next"
"""Codebook: the theme to select on the next run (set by a save)."""
EDIT_STARTED_FOR = "cb_original_for"
"""Codebook: the theme whose edit :data:`EDIT_STARTED_FROM` belongs to."""
EDIT_STARTED_FROM = "cb_original"
"""Codebook: the theme as it was when its edit began, so a crossing edit is refused."""
UPLOAD_BATCH = "upload_batch"
"""Project: counts imports; part of the uploaders' keys, so an import empties them."""
ANNOUNCEMENTS = "announcements"
"""Messages waiting to be shown on the next run: (kind, text), oldest first."""

_REVIEW_WIDGETS = (FILTER_TRANSCRIPT, FILTER_STATUS, FILTER_THEME, FILTER_SPEAKER,
                   PAGE_SIZE, PAGE)
_FIRST_PAGE_SIZE = 10


# --- The project and the coder ---

def keep_in_url() -> None:
    """Session ⇄ address bar, for the project and the coder: the address fills an empty
    session (a refresh, a bookmark), then shows what the session holds."""
    for key in _IN_ADDRESS:
        if key not in st.session_state and st.query_params.get(key):
            st.session_state[key] = st.query_params[key]
        if st.session_state.get(key):
            st.query_params[key] = st.session_state[key]
        elif key in st.query_params:
            del st.query_params[key]


def project_path() -> Path | None:
    """The open project's file, or None when none is open or it no longer exists."""
    name = st.session_state.get(PROJECT)
    if not name:
        return None
    path = projects_folder() / f"{Path(name).name}{SUFFIX}"
    return path if path.exists() else None


def choose_project(path: Path) -> None:
    """Open the project at ``path`` (a file in the projects folder)."""
    st.session_state[PROJECT] = path.name.removesuffix(SUFFIX)


def coder() -> str:
    """The coder's name, '' until one is entered."""
    return (st.session_state.get(CODER) or "").strip()


def take_coder_input() -> None:
    """Callback of the sidebar's name field: that name codes from now on."""
    st.session_state[CODER] = st.session_state[CODER_INPUT].strip()


# --- Widget values read or set from code ---

def widget_value(key: str) -> object:
    """The value of the widget with ``key`` (None before it is first drawn)."""
    return st.session_state.get(key)


def set_widget_value(key: str, value: object) -> None:
    """Show ``value`` in the widget with ``key`` when it is drawn next."""
    st.session_state[key] = value


def take_widget_value(key: str, empty: str | None = None) -> str | None:
    """A widget's value, which is then cleared for the next entry."""
    value = st.session_state.get(key)
    st.session_state[key] = empty
    return value


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
    if pinned is None or pinned[0] != (str(project_path()), chosen):
        return None
    return pinned[1]


def pin_segments(chosen: ReviewFilter, ids: list[str]) -> None:
    """Pin ``ids`` as the list for this filter, so decided segments stay on screen until
    a refresh, and go back to the first page."""
    st.session_state[REVIEW_LIST] = ((str(project_path()), chosen), ids)
    st.session_state[PAGE] = 1


@dataclass(frozen=True)
class Paging:
    """Which part of the Review list is on screen."""

    page: int  # from 1
    pages: int
    size: int

    def window(self, ids: Sequence[str]) -> Sequence[str]:
        return ids[(self.page - 1) * self.size:][:self.size]


def review_paging(count: int) -> Paging:
    """The page to show of a list of ``count`` segments, kept within the list."""
    size = st.session_state.setdefault(PAGE_SIZE, _FIRST_PAGE_SIZE)
    pages = max(1, -(-count // size))
    st.session_state[PAGE] = min(st.session_state.setdefault(PAGE, 1), pages)
    return Paging(st.session_state[PAGE], pages, size)


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


# --- Project: the uploaders' batch ---

def upload_batch() -> int:
    """The current batch number, part of the uploaders' keys."""
    return st.session_state.setdefault(UPLOAD_BATCH, 0)


def next_upload_batch() -> None:
    """New, empty uploaders on the next run, so nothing is imported twice by habit."""
    st.session_state[UPLOAD_BATCH] = upload_batch() + 1


# --- Saying what happened, now or after the rerun ---

# kind -> (how Streamlit shows it, its icon)
_SHOWN_BY = {"success": (st.success, None), "info": (st.info, None),
             "warning": (st.warning, ":material/warning:"),
             "error": (st.error, ":material/error:"), "toast": (st.toast, None)}
KINDS = tuple(_SHOWN_BY)
"""The kinds of message: Streamlit's alert boxes, and the toast in the corner."""


def say(kind: str, message: str | CodingError) -> None:
    """Show a message now. A :class:`CodingError` keeps its whole text: cause and fix."""
    show, icon = _SHOWN_BY[_known(kind)]
    show(str(message), icon=icon)


def announce(kind: str, message: str | CodingError) -> None:
    """Show a message at the top of the page's next run, once: after ``st.rerun()``, or
    right away when called from a widget's callback (callbacks run before the page)."""
    st.session_state.setdefault(ANNOUNCEMENTS, []).append((_known(kind), str(message)))


def show_announcements() -> None:
    """Show the waiting messages, oldest first, and forget them. Called by app.py on
    every run, and by a fragment whose callbacks announce (a fragment reruns alone)."""
    for kind, text in st.session_state.pop(ANNOUNCEMENTS, []):
        say(kind, text)


def _known(kind: str) -> str:
    if kind not in _SHOWN_BY:
        raise ValueError(f"unknown kind of message {kind!r}; use one of {KINDS}")
    return kind
