"""What every screen shares: the sidebar, the open project, the coder, progress, and
what an import says it did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages import state
from coding.pipeline import RunReport
from coding.store import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TRANSCRIPTS = REPO / "transcripts"
SAMPLE_CODEBOOK = REPO / "codebooks" / "friendtor.yaml"
_STAGES = {"import": "Reading transcripts", "model": "Loading the language model",
           "embed": "Reading segments for meaning", "episodes": "Finding topical episodes",
           "suggest": "Suggesting themes", "reduce": "Finding themes: reducing dimensions",
           "cluster": "Finding themes: grouping segments", "label": "Finding themes: labels",
           "compare": "Finding themes: comparing with the codebook"}


def sidebar() -> None:
    with st.sidebar:
        path = state.project_path()
        st.markdown(f"**Project:** {path.stem if path else 'none open'}")
        st.text_input("Your name (recorded with each decision)", key=state.CODER_INPUT,
                      value=state.coder(), on_change=state.take_coder_input,
                      placeholder="e.g. Ana")
        st.caption("Everything stays on this computer.")


def open_project() -> Project:
    """The open project, or a pointer to the Project screen and a stop."""
    path = state.project_path()
    if path is None:
        st.info("Open or create a project on the **Project** screen first.")
        st.page_link("app_pages/project.py", label="Go to Project", icon=":material/folder_open:")
        st.stop()
    return Project(path)


def need_coder(doing: str = "decision") -> str:
    """The coder's name, or a request for it and a stop."""
    name = state.coder()
    if not name:
        st.warning(f"Enter your name in the sidebar: every {doing} is recorded with it.")
        st.stop()
    return name


def progress_bar() -> Callable[[str, int, int], None]:
    bar = st.progress(0.0, text="Starting…")

    def report(stage: str, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        bar.progress(min(1.0, fraction), text=f"{_STAGES.get(stage, stage)} ({done}/{total})")

    return report


def announce_run(report: RunReport) -> None:
    """Say after the rerun what an import did: the counts, each skipped file's reason,
    and what to check in the files that were read."""
    state.announce("success", f"Imported {len(report.imported)} transcript(s), "
                              f"{len(report.unchanged)} already in the project, "
                              f"{len(report.skipped)} skipped; {report.suggestions:,} "
                              f"suggestions on {report.segments:,} segments.")
    for reason in report.skipped.values():
        state.announce("error", reason)
    for name, notes in report.warnings.items():
        for note in notes:
            state.announce("warning", f"{name}: {note}")
