"""Reconcile: the segments where coders disagree, side by side; record the agreed code."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages import state
from app_pages._common import open_project
from coding.errors import CodingError
from coding.markup import escape
from coding.review.reconcile import reconciliation, record_consensus
from coding.store import Project

_PAGE = 20


def _set_blind(path: Path) -> None:
    try:
        with Project(path) as project:
            project.set_blind(bool(state.widget_value(state.BLIND_TOGGLE)))
    except CodingError as error:  # e.g. a coder's role does not allow it
        state.announce("error", error)


def _agree(path: Path, segment_id: str, theme: str, applied: bool) -> None:
    try:
        with Project(path) as project:
            record_consensus(project, segment_id, theme, applied)
    except CodingError as error:
        state.announce("error", error)


unresolved = st.toggle("Only disagreements not yet agreed", value=True)
with open_project() as project:
    view = reconciliation(project, unresolved)
state.set_widget_value(state.BLIND_TOGGLE, view.blind)  # as stored, whoever changed it
st.toggle("Blind coding (for the project lead): each coder sees only the machine's "
          "suggestions and their own decisions", key=state.BLIND_TOGGLE, on_change=_set_blind,
          args=(state.project_path(),))
if view.blind:
    st.info("Blind coding is on. Turn it off to open reconciliation: everyone then sees "
            "every coder's decisions.")
    st.stop()
if len(view.coders) < 2:
    st.info("Reconciliation needs decisions from two coders on the same segments.")
    st.stop()
if view.rows.empty:
    st.success("No disagreements left.")
    st.stop()

st.caption(f"{len(view.rows):,} disagreement(s); the first {_PAGE} are shown. The agreed "
           "code is recorded as a decision by “consensus”; the coders' own stay.")
for _, row in view.rows.head(_PAGE).iterrows():
    with st.container(border=True):
        text_side, verdict_side = st.columns([3, 2], gap="medium")
        where = " · ".join(p for p in (row["speaker"], row["meeting"], row["time"]) if p)
        text_side.markdown(f"**{escape(where)}**")
        text_side.markdown(escape(row["text"]))
        verdict_side.markdown(f"**{escape(row['theme'])}**")
        for coder, verdict in row["verdicts"].items():
            verdict_side.markdown(f"{escape(coder)}: {verdict}")
        if row["consensus"]:
            verdict_side.caption(f"Agreed: {row['consensus']}")
        yes, no = verdict_side.columns(2)
        args = (state.project_path(), row["segment_id"], row["theme"])
        yes.button("Agree: applies", key=f"c+|{row['segment_id']}|{row['theme']}",
                   on_click=_agree, args=(*args, True), width="stretch")
        no.button("Agree: does not", key=f"c-|{row['segment_id']}|{row['theme']}",
                  on_click=_agree, args=(*args, False), width="stretch")
