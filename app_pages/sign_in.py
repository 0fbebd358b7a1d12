"""Sign in (server mode): the team server asks who you are before any project shows."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from coding.errors import CodingError
from coding.paths import team_server
from coding.store.accounts import sign_in
from coding.store.address import hide_password

st.caption(f"Team server: `{hide_password(team_server())}`. Your lead or the lab's "
           "administrator gives you an account.")
with st.form("sign_in"):
    name = st.text_input("Account name", key=state.SIGN_IN_NAME, placeholder="e.g. ana")
    password = st.text_input("Password", type="password", key=state.SIGN_IN_PASSWORD)
    if st.form_submit_button("Sign in", type="primary"):
        try:
            state.sign_in(sign_in(team_server(), name.strip(), password))
            st.rerun()
        except CodingError as error:
            state.say("error", error)
