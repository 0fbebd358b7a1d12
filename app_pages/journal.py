"""Memos and journal: a memo on each theme, and the dated project journal. Both go into
the codebook report on the Export screen."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._common import need_coder, open_project
from coding.errors import CodingError

with open_project() as project:
    themes = project.code_names()
    memos = project.code_memos()
    entries = project.journal()

st.subheader("Memo on a theme")
theme = st.selectbox("Theme", themes)
if theme:
    memo = memos.get(theme)
    if memo:
        st.caption(f"Last written by {memo.coder} at {memo.written_at}.")
    text = st.text_area("Memo", value=memo.text if memo else "", key=f"{state.MEMO_TEXT}|{theme}",
                        placeholder="What this theme means to the team, doubts, decisions …")
    if st.button("Save memo"):
        try:
            with open_project() as project:
                project.set_code_memo(theme, text, need_coder("memo"))
            state.announce("success", f"Saved the memo on {theme}.")
            st.rerun()
        except CodingError as error:
            state.say("error", error)

st.subheader("Project journal")
day = st.date_input("Date", value="today")
entry = st.text_area("New entry", key=state.JOURNAL_TEXT,
                     placeholder="What happened in the analysis today, and why.")
if st.button("Add to the journal"):
    try:
        with open_project() as project:
            project.add_journal_entry(entry, need_coder("journal entry"), day)
        state.announce("success", "Added to the journal.")
        st.rerun()
    except CodingError as error:
        state.say("error", error)
for item in reversed(entries):
    st.markdown(f"**{item.entry_date}** · {item.coder}")
    st.text(item.text)
