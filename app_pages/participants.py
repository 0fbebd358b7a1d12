"""Participants: who each speaker label is (correctable), and their attributes."""

from __future__ import annotations

import streamlit as st

from app_pages._common import coder, open_project, rerun_saying, show_error, show_said
from coding.errors import CodingError
from coding.people.on_import import load_participant_file
from coding.people.roster import correct_from_table, participant_view

st.title("Participants")
with open_project() as project:
    view = participant_view(project)

if view.pseudonymised:
    st.info(f"This project is pseudonymised: it holds pseudonyms only. The key (real name "
            f"→ pseudonym) is kept apart, by default in `{view.key_path}`.",
            icon=":material/shield_person:")

st.subheader("Speakers")
st.caption("Each speaker as written in the transcripts, and the participant it stands for. "
           "Type another participant to correct it; tables and exports follow at once and "
           "no decision is lost. *Ambiguous*: a first name that more than one participant "
           "has.")
edited = st.data_editor(view.speakers, hide_index=True, key="speakers",
                        disabled=["label", "ambiguous", "set_by"],
                        column_config={"set_by": "Corrected by"})
if st.button("Save corrections", type="primary"):
    if not coder():
        st.warning("Enter your name in the sidebar: every correction is recorded with it.")
        st.stop()
    try:
        with open_project() as project:
            changed = correct_from_table(project, view.speakers, edited, coder())
        rerun_saying("participants_saved", f"Saved {changed} correction(s).")
    except CodingError as error:
        show_error(error)
show_said("participants_saved")

st.subheader("Attributes")
st.caption("A CSV with a *participant* column and any others (role, site, career stage …); "
           "they give the theme × attribute tables on the Export screen.")
st.dataframe(view.attributes, hide_index=True)
upload = st.file_uploader("Participant attributes (.csv)", type=["csv"])
if upload is not None and st.button("Load attributes"):
    try:
        with open_project() as project:
            names = load_participant_file(project, upload.getvalue(), upload.name)
        rerun_saying("attributes_loaded", f"Loaded {', '.join(names)}.")
    except CodingError as error:
        show_error(error)
show_said("attributes_loaded")
