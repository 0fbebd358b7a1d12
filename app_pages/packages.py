"""Coder packages: coding as a team without a server. Each coder codes in a copy of the
master project and sends the lead one file of their decisions and memos; the lead
imports the files here, into the master (coding.review.packages)."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._common import open_project
from coding.errors import PackageError
from coding.review.packages import export_package, import_packages, package_name

path = state.project_path()
coder = state.coder()
package, refusal = None, None
with open_project() as project:
    coders = project.decision_coders()
    if coder:
        try:
            package = export_package(project, coder, project_name=path.stem)
        except PackageError as error:
            refusal = error

st.subheader("Send my decisions to the lead")
st.caption("Code in your own copy of the project (the lead gives you a copy of the master "
           "project file), then download your decisions and memos as one file and send it "
           "to the lead. Only your own decisions are in it, with their times.")
if not coder:
    st.warning("Enter your name in the sidebar: the file holds the decisions made under it.")
elif refusal is not None:
    st.info(str(refusal))
else:
    st.download_button(f"Download my decisions and memos ({coder})", package,
                       file_name=package_name(path.stem, coder), mime="application/json",
                       icon=":material/download:", on_click="ignore")

st.subheader("Import coders' packages into this project")
st.caption("For the lead, in the master project. Each package is matched to this "
           "project's transcripts by their content, never by file name: a package from "
           "a copy whose transcript text differs is refused, and so is one naming a theme "
           "this codebook lacks. Importing a package again adds nothing.")
batch = state.upload_batch(state.PACKAGE_BATCH)
files = st.file_uploader("Coder packages (several at once)", type=["json"],
                         accept_multiple_files=True, key=f"packages{batch}")
if st.button("Import packages", type="primary", disabled=not files):
    with open_project() as project:
        reports = import_packages(project, [(file.name, file.getvalue()) for file in files])
    for report in reports:
        state.announce("error" if report.error else "success", report.summary)
    state.next_upload_batch(state.PACKAGE_BATCH)
    st.rerun()
st.caption(f"Decisions and memos in this project by: {', '.join(coders) or 'nobody yet'}. "
           "Compare them on **Agreement**; settle differences on **Reconcile**.")
