"""What every screen shares: the sidebar, the open project, the coder, progress, and
what an import says it did."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages import state
from coding.errors import ProjectError
from coding.labels import count_of
from coding.markup import escape
from coding.paths import projects_folder, team_server
from coding.pipeline import RunReport, run_pipeline
from coding.progress import STEP_NAMES
from coding.store import Address, Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_TRANSCRIPTS = REPO / "transcripts"
SAMPLE_CODEBOOK = REPO / "codebooks" / "friendtor.yaml"


HOW_IT_WORKS = """
**Focus coding** helps you code focus-group transcripts for themes. It reads your
transcripts, suggests where each theme of your codebook is talked about, and you confirm
or reject each suggestion; it learns from your decisions. Nothing leaves this computer.

The order of work:

1. **Project** — create one here (or try the sample study).
2. **Upload** transcripts (Zoom, Teams, Otter, Word, subtitles, tables) and a codebook.
3. **Review** each suggestion: confirm, reject, relabel, or say there is no theme.
4. **Themes** — look at themes the machine found that your codebook lacks.
5. **Export** the theme table with exemplar quotes for your paper.
"""


def sidebar() -> None:
    with st.sidebar:
        path = state.project_path()
        st.markdown(f"**Project:** {path.stem if path else 'none open'}")
        if team_server() is not None:
            _account()
            return
        st.text_input("Your name (recorded with each decision)", key=state.CODER_INPUT,
                      value=state.coder(), on_change=state.take_coder_input,
                      placeholder="e.g. Ana")
        st.caption("Everything stays on this computer.")


def _account() -> None:
    """Server mode: who is signed in (their name goes with each decision)."""
    if state.account() is None:
        st.caption("Sign in to see your projects.")
        return
    st.markdown(f"**Signed in as:** {state.account()}")
    st.button("Sign out", on_click=state.sign_out)
    st.caption("Projects are on the team server.")


def need_project() -> Path | Address:
    """The open project (its file, or its address on a team server), or a pointer to the
    Project screen and a stop."""
    path = state.project_path()
    if path is None:
        st.info("This screen works on a project: open one, create one, or try the sample "
                "study on the **Project** screen first.")
        st.page_link("app_pages/project.py", label="Go to Project", icon=":material/folder_open:")
        st.stop()
    return path


def open_project() -> Project:
    """The open project, or a pointer to the Project screen and a stop."""
    try:
        return Project(need_project())
    except ProjectError as error:  # e.g. not a member: said like a project that is not there
        state.forget_project()
        state.say("error", error)
        st.stop()


def need_coder(doing: str = "decision") -> str:
    """The coder's name (once a project is open), or a request for it and a stop."""
    need_project()
    name = state.coder()
    if not name:
        st.warning(f"Enter your name in the sidebar: every {doing} is recorded with it.")
        st.stop()
    return name


def progress_bar() -> Callable[..., None]:
    """A bar that says the step and how far within it ("file 3 of 6: meeting03.vtt")."""
    bar = st.progress(0.0, text="Starting…")

    def report(step: str, done: int, total: int, detail: str = "") -> None:
        fraction = done / total if total else 1.0
        said = escape(detail) if detail else f"{done:,} of {total:,}"
        bar.progress(min(1.0, fraction), text=f"**{STEP_NAMES.get(step, step)}** · {said}")

    return report


def run_outcome(report: RunReport) -> tuple[str, str]:
    """(kind of box, sentence) for what an import did: green only when something was
    imported and nothing refused; red when files were refused and none imported."""
    imported, skipped = len(report.imported), len(report.skipped)
    parts = [f"Imported {count_of(imported, 'transcript')}"]
    if report.unchanged:
        parts.append(f"{count_of(len(report.unchanged), 'transcript')} already in the project")
    if skipped:
        parts.append(f"{count_of(skipped, 'file')} skipped (the reasons are below)")
    said = (", ".join(parts) + f"; {count_of(report.suggestions, 'suggestion')} on "
            f"{count_of(report.segments, 'segment')}.")
    if imported and not skipped:
        return "success", said
    if skipped:
        return ("warning" if imported else "error"), said
    return "info", said.replace(f"Imported {count_of(0, 'transcript')}", "Nothing new")


def load_sample_study() -> None:
    """Import the sample study into its own project, open it, and say what was done."""
    sample = projects_folder() / "sample study.sqlite"
    with st.status("Loading the sample study…", expanded=True) as status:
        report = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, sample,
                              progress=progress_bar(),
                              participants_csv=SAMPLE_TRANSCRIPTS / "participants.csv")
        status.update(label="Sample study ready", state="complete")
    state.choose_project(sample)
    announce_run(report)


def announce_run(report: RunReport) -> None:
    """Say after the rerun what an import did: the counts, each skipped file's reason,
    and what to check in the files that were read."""
    state.announce(*run_outcome(report))
    for reason in report.skipped.values():
        state.announce("error", reason)
    for name, notes in report.warnings.items():
        for note in notes:
            state.announce("warning", f"{name}: {note}")
