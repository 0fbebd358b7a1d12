"""Everything the app keeps between reruns, in one place: the session and address-bar
keys, small accessors for them, and the one channel for saying something after a rerun.

Pages never index ``st.session_state`` or ``st.query_params`` themselves (a test holds
that): they use the names and functions here. The open project and the coder live in
the session *and* in the address bar, so a refresh or a bookmark brings the researcher
back to the same place. Only a project *name* goes in the address; it is looked up in
the projects folder, never used as a path.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.state.keys import (  # noqa: F401 (the names pages use as state.NAME)
    PROJECT, CODER, CODER_INPUT, FILTER_TRANSCRIPT, FILTER_STATUS, FILTER_THEME, FILTER_SPEAKER,
    FILTER_ORDER,
    PAGE_SIZE, PAGE, LEARN_BUTTON, UNDO_BUTTON, THEME_CHOICE, BLIND_TOGGLE, SPEAKERS_TABLE,
    MEETINGS_TABLE, ROLES_TABLE, MEMO_TEXT, JOURNAL_TEXT, KEY_CONFIRM, KEY_REJECT, KEY_NEXT,
    REVIEW_SKIPPED,
    REVIEW_LIST, NEXT_THEME_CHOICE, EDIT_STARTED_FOR, EDIT_STARTED_FROM, UPLOAD_BATCH,
    PACKAGE_BATCH, ANNOUNCEMENTS, SIGN_IN_NAME, SIGN_IN_PASSWORD, THEME_ACTION,
)
from app_pages.state.accounts import account, forget_account, sign_in  # noqa: F401
from app_pages.state.screens import (  # noqa: F401
    ask_theme_action, drop_theme_action, theme_action,
    edit_started_from, keep_review_filter, next_upload_batch, pin_segments, pinned_segments,
    restart_theme_edit, review_paging, settle_theme_choice, skip_pair, skipped_pairs,
    upload_batch,
)
from coding.errors import CodingError
from coding.paths import SUFFIX, projects_folder, team_server
from coding.store import Address

_IN_ADDRESS = (PROJECT, CODER)


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


def project_path() -> Path | Address | None:
    """The open project: its file, or (server mode) its address on the team server with
    the signed-in account; None when none is open or the file no longer exists."""
    name = st.session_state.get(PROJECT)
    if not name:
        return None
    server = team_server()
    if server is not None:
        return Address(server=server, project=name, account=account()) if account() else None
    path = projects_folder() / f"{Path(name).name}{SUFFIX}"
    return path if path.exists() else None


def choose_project(path: Path | Address) -> None:
    """Open the project at ``path`` (a file in the projects folder, or on the server)."""
    st.session_state[PROJECT] = (path.name if isinstance(path, Address)
                                 else path.name.removesuffix(SUFFIX))


def forget_project() -> None:
    """No project is open (e.g. the one named in the address cannot be opened)."""
    st.session_state.pop(PROJECT, None)
    if PROJECT in st.query_params:
        del st.query_params[PROJECT]


def coder() -> str:
    """The coder's name, '' until one is entered; in server mode, the signed-in account."""
    if team_server() is not None:
        return account() or ""
    return (st.session_state.get(CODER) or "").strip()


def sign_out() -> None:
    forget_account()
    forget_project()


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
