"""The Project screen's choice: open a project, or create one (a file on this computer,
or a project on the team server that its maker leads)."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from coding.errors import CodingError
from coding.paths import list_projects, new_project_path
from coding.store import Address, Project
from coding.store.accounts import new_server_project, projects_of


def choose_or_create(SERVER: str | None) -> None:  # noqa: N803 (the screen's constant)
    open_tab, new_tab = st.tabs(["Open a project", "New project"])
    with open_tab:
        existing = ([Address(server=SERVER, project=name)
                     for name in projects_of(SERVER, state.account())] if SERVER
                    else list_projects())
        if existing:
            chosen = st.selectbox("Project", existing, format_func=lambda p: p.stem)
            if st.button("Open", type="primary"):
                state.choose_project(chosen)
                st.rerun()
        else:
            st.write("No projects yet: create one, or try the sample study above.")
    with new_tab:
        name = st.text_input("Name of the new project", placeholder="e.g. friendtor_2025"
                             if SERVER else "e.g. friendtor 2025")
        if st.button("Create project"):
            try:
                if SERVER:
                    path = new_server_project(SERVER, name.strip(), state.account())
                else:
                    path = new_project_path(name)
                    Project(path).close()
                state.choose_project(path)
                st.rerun()
            except CodingError as error:
                state.say("error", error)
