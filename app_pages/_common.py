"""What every screen shares: the open project, the coder's name, progress, errors.

The project and the coder live in the session and in the address bar, so a refresh
or a bookmark brings the researcher back to the same place. Only a project *name* goes
in the address; it is looked up in the projects folder, never used as a path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from coding.errors import CodingError
from coding.paths import SUFFIX, projects_folder
from coding.store import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TRANSCRIPTS = REPO / "transcripts"
SAMPLE_CODEBOOK = REPO / "codebooks" / "friendtor.yaml"
_STAGES = {"import": "Reading transcripts", "model": "Loading the language model",
           "embed": "Reading segments for meaning", "episodes": "Finding topical episodes",
           "suggest": "Suggesting themes"}


def keep_in_url() -> None:
    """Session ⇄ address bar, for ``project`` and ``coder``."""
    for key in ("project", "coder"):
        if key not in st.session_state and st.query_params.get(key):
            st.session_state[key] = st.query_params[key]
        if st.session_state.get(key):
            st.query_params[key] = st.session_state[key]
        elif key in st.query_params:
            del st.query_params[key]


def project_path() -> Path | None:
    name = st.session_state.get("project")
    if not name:
        return None
    path = projects_folder() / f"{Path(name).name}{SUFFIX}"
    return path if path.exists() else None


def choose_project(path: Path) -> None:
    st.session_state["project"] = path.name.removesuffix(SUFFIX)


def coder() -> str:
    return (st.session_state.get("coder") or "").strip()


def sidebar() -> None:
    with st.sidebar:
        path = project_path()
        st.markdown(f"**Project:** {path.stem if path else 'none open'}")
        st.text_input("Your name (recorded with each decision)", key="coder_input",
                      value=st.session_state.get("coder", ""), on_change=_set_coder,
                      placeholder="e.g. Ana")
        st.caption("Everything stays on this computer.")


def _set_coder() -> None:
    st.session_state["coder"] = st.session_state["coder_input"].strip()


def open_project() -> Project:
    """The open project, or a pointer to the Project screen and a stop."""
    path = project_path()
    if path is None:
        st.info("Open or create a project on the **Project** screen first.")
        st.page_link("app_pages/project.py", label="Go to Project", icon=":material/folder_open:")
        st.stop()
    return Project(path)


def need_coder() -> str:
    name = coder()
    if not name:
        st.warning("Enter your name in the sidebar: every decision is recorded with it.")
        st.stop()
    return name


def progress_bar() -> Callable[[str, int, int], None]:
    bar = st.progress(0.0, text="Starting…")

    def report(stage: str, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        bar.progress(min(1.0, fraction), text=f"{_STAGES.get(stage, stage)} ({done}/{total})")

    return report


def rerun_saying(key: str, message: str) -> None:
    """Rerun the page, so every widget shows what was just written, then say what was
    done where :func:`show_said` is called with the same ``key``."""
    st.session_state[key] = message
    st.rerun()


def show_said(key: str) -> None:
    if message := st.session_state.pop(key, None):
        st.success(message)


def show_error(error: CodingError) -> None:
    st.error(str(error), icon=":material/error:")
