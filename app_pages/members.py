"""Members (server mode): who may open this project, and in which role."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages._common import open_project
from coding.errors import CodingError
from coding.store.roles import Role

ROLES = {Role.LEAD: "lead — codebook, blind coding, reconcile, members, exports",
         Role.CODER: "coder — review segments, write memos",
         Role.VIEWER: "viewer — read and export"}

with open_project() as project:
    members = project.members()
    mine = project.role
st.caption(f"You are signed in as **{state.account()}**"
           f"{f', {mine} of this project' if mine else ''}. Only members see the project.")
st.dataframe(pd.DataFrame([{"member": m.name, "role": m.role.value, "added by": m.added_by,
                            "added": m.added_at} for m in members],
                          columns=["member", "role", "added by", "added"]),
             hide_index=True, width="stretch")

st.subheader("Add a member or change a role")
with st.form("member"):
    name = st.text_input("Account name", placeholder="e.g. ben")
    role = st.radio("Role", list(ROLES), format_func=ROLES.get, index=1)  # coder
    add = st.form_submit_button("Save", type="primary", disabled=mine != Role.LEAD)
    remove = st.form_submit_button("Remove from the project", disabled=mine != Role.LEAD)
if mine != Role.LEAD:
    st.info("Only a lead of the project changes its members.")
if add or remove:
    try:
        with open_project() as project:
            (project.set_member(name.strip(), role) if add
             else project.remove_member(name.strip()))
        state.announce("success", f"{name.strip()} is now a {role} of the project."
                       if add else f"{name.strip()} is no longer a member.")
        st.rerun()
    except CodingError as error:
        state.say("error", error)
