"""Participants: who each speaker label is (correctable), and their attributes."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages._common import need_coder, open_project
from coding.errors import CodingError
from coding.people.on_import import load_participant_file
from coding.model import SpeakerRole
from coding.people.roster import correct_from_table, participant_view, set_roles_from_table


def save_table(save: Callable[..., int], before: pd.DataFrame, after: pd.DataFrame,
               doing: str) -> None:
    """Write a table's edits with one library call; say how many, or why not."""
    coder = need_coder(doing)
    try:
        with open_project() as project:
            changed = save(project, before, after, coder)
        state.announce("success", f"Saved {changed} {doing}(s).")
        st.rerun()
    except CodingError as error:
        state.say("error", error)


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
edited = st.data_editor(view.speakers, hide_index=True, key=state.SPEAKERS_TABLE,
                        disabled=["label", "ambiguous", "set_by"],
                        column_config={"set_by": "Corrected by"})
if st.button("Save corrections", type="primary"):
    save_table(correct_from_table, view.speakers, edited, "correction")

st.subheader("Speaker roles")
st.caption("A *facilitator*'s or *observer*'s turns stay visible as context, but get no "
           "suggestions and are left out of counts and heat maps. The attributes CSV may "
           "set roles too, in a *speaker role* column.")
roles = st.data_editor(view.roles, hide_index=True, key=state.ROLES_TABLE,
                       disabled=["participant"], column_config={"role": st.column_config.
                       SelectboxColumn("Role", options=[r.value for r in SpeakerRole],
                                       required=True)})
if st.button("Save roles"):
    save_table(set_roles_from_table, view.roles, roles, "role")

st.subheader("Attributes")
st.caption("A CSV with a *participant* column and any others (role, site, career stage …); "
           "they give the theme × attribute tables on the Export screen.")
st.dataframe(view.attributes, hide_index=True)
upload = st.file_uploader("Participant attributes (.csv)", type=["csv"])
if upload is not None and st.button("Load attributes"):
    try:
        with open_project() as project:
            names = load_participant_file(project, upload.getvalue(), upload.name)
        state.announce("success", f"Loaded {', '.join(names)}.")
        st.rerun()
    except CodingError as error:
        state.say("error", error)
