"""Project: open or create a project, upload transcripts and a codebook, run."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages._project_choice import choose_or_create
from app_pages._common import (
    HOW_IT_WORKS,
    SAMPLE_CODEBOOK,
    announce_run,
    load_sample_study,
    open_project,
    progress_bar,
)
from coding.codebooks import codebook_from_upload, load_codebook
from coding.errors import CodingError
from coding.markup import escape
from coding.paths import default_key_path, projects_folder, team_server
from coding.uploads import import_uploads
from coding.readers import SUPPORTED_SUFFIXES
from coding.readers.manifest import meeting_info_from_name, meeting_infos
from coding.report.tables import project_summary, transcript_table
from coding.uploads import sort_uploads

SERVER = team_server()
st.caption("Projects are on the team server; you see the ones you are a member of." if SERVER
           else f"Projects are kept in `{projects_folder()}`: one file per project, which you "
                "can copy to back it up.")
path = state.project_path()
with st.expander("How this works", expanded=path is None, icon=":material/help:"):
    st.markdown(HOW_IT_WORKS)
    # The sample goes to a file; on a server, load it on a laptop and `coding copy` it.
    if st.button("Try the sample study", type="primary", icon=":material/play_arrow:",
                 disabled=bool(SERVER),
                 help="Six invented meetings of a palliative-care peer-support group and a "
                      "codebook of eight themes, ready to review."):
        load_sample_study()
        st.rerun()

choose_or_create(SERVER)

path = state.project_path()
if path is None:
    st.stop()

with open_project() as project:
    summary = project_summary(project)
    transcripts = transcript_table(project)
    has_codebook = bool(project.code_names())
st.header(path.stem)
for column, label in zip(st.columns(4), ("transcripts", "segments", "suggestions",
                                         "decisions")):
    column.metric(label.capitalize(), f"{summary[label]:,}")
if summary["suggestions"]:
    st.page_link("app_pages/review.py", label="Next: review the suggested themes",
                 icon=":material/arrow_forward:")

st.subheader("Add transcripts")
# A new key after each import empties the uploaders, so nothing is imported twice by habit.
batch = state.upload_batch()
uploads = st.file_uploader("Transcripts (several at once; add manifest.csv and the "
                           "participants' CSV if you have them)", accept_multiple_files=True,
                           type=[s.lstrip(".") for s in SUPPORTED_SUFFIXES],
                           key=f"transcripts{batch}")
sources = ["Keep the project's codebook" if has_codebook else "No codebook yet "
           "(write themes on the Codebook screen)", "Upload a codebook", "Sample codebook"]
source = st.radio("Codebook", sources, horizontal=True)
codebook_file = (st.file_uploader("Codebook (.yaml or .csv)", type=["yaml", "yml", "csv"],
                                  key=f"codebook{batch}") if source == sources[1] else None)
try:
    arrived = sort_uploads([(f.name, f.getvalue()) for f in uploads or []])
except CodingError as error:
    state.say("error", error)
    st.stop()
meetings = pd.DataFrame([{"file": name, "meeting": info.meeting, "date": info.date,
                          "title": info.title} for name, _ in arrived.transcripts
                         for info in [arrived.meetings.get(name) or meeting_info_from_name(name)]],
                        columns=["file", "meeting", "date", "title"])
pseudonymise = st.toggle(
    "Pseudonymise: participants become P1, P2 … and names in the text are masked",
    value=summary["pseudonymised"], disabled=bool(summary["transcripts"]),
    help="Decided at the first import and kept for the project: the project file then "
         "holds no real name. The key (real name → pseudonym) is written apart, in "
         f"{default_key_path(project.path)}.")
mask_file = (st.file_uploader("Other names and places to mask (.txt, one per line, "
                              "optionally 'Name = [PLACE]')", type=["txt"],
                              key=f"masks{batch}") if pseudonymise else None)
if arrived.participants:
    st.caption(f"Participants' attributes from **{escape(arrived.participants[0])}** will be "
               "imported with the transcripts.")
if arrived.transcripts:
    st.caption(f"Meeting number, date and title of each file (from **{escape(arrived.manifest)}**; "
               "edit here)." if arrived.manifest else "Meeting number, date and title of each "
               "file (guessed from its name; edit here, or upload the manifest.csv too).")
    meetings = st.data_editor(
        meetings, hide_index=True, disabled=["file"], key=state.MEETINGS_TABLE,
        column_config={"meeting": st.column_config.NumberColumn(min_value=1, step=1),
                       "date": st.column_config.DateColumn(format="YYYY-MM-DD"),
                       "title": st.column_config.TextColumn(width="large")})

if st.button("Import and suggest themes", type="primary",
             disabled=not uploads and source == sources[0]):
    try:
        book = (codebook_from_upload(codebook_file.name, codebook_file.getvalue())
                if codebook_file else load_codebook(SAMPLE_CODEBOOK)
                if source == sources[2] else None)
    except CodingError as error:
        state.say("error", error)
        st.stop()
    if source == sources[1] and codebook_file is None:
        state.say("error", "Choose the codebook file to upload, or another codebook option.")
        st.stop()
    info = meeting_infos(meetings.to_dict("records"))
    with st.status("Importing and suggesting themes…", expanded=True) as status:
        report = import_uploads(arrived.transcripts, book, path,
                                progress=progress_bar(), meetings=info,
                                participants=arrived.participants,
                                pseudonymise=pseudonymise, mask_list=(
                                    (mask_file.name, mask_file.getvalue())
                                    if mask_file else None))
        status.update(label="Done", state="complete")
    announce_run(report)
    state.next_upload_batch()
    st.rerun()

st.subheader("Transcripts in this project")
st.dataframe(transcripts, hide_index=True, width="stretch")
