"""Review: confirm, reject or relabel suggested themes, segment by segment.

The segments of a page are pinned when the filter is chosen, and the cards are one
fragment: a click writes one decision and redraws only the cards, so nothing jumps
and the filter and scroll position stay as they were.
"""

from __future__ import annotations

import streamlit as st

from app_pages._cards import show_cards
from app_pages._common import need_coder, open_project, project_path
from coding.review.cards import STATUS_CHOICES, ReviewFilter, find_segments, review_options

FILTER_KEYS = ("f_transcript", "f_status", "f_theme", "f_speaker", "page_size", "page")
for key in FILTER_KEYS:  # keep the filter while the researcher visits other screens
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]

st.title("Review")
coder = need_coder()
with open_project() as project:
    options = review_options(project)
if not options.transcripts:
    st.info("No transcripts yet: add some on the **Project** screen.")
    st.stop()

meetings = dict((("", "All meetings"),) + options.transcripts)
columns = st.columns([3, 2, 3, 2])
transcript = columns[0].selectbox("Meeting", list(meetings), format_func=meetings.get,
                                  key="f_transcript")
status = columns[1].selectbox("Status", STATUS_CHOICES, key="f_status")
theme = columns[2].selectbox("Theme", ["", *options.themes], key="f_theme",
                             format_func=lambda t: t or "Any theme")
speaker = columns[3].selectbox("Speaker", ["", *options.speakers], key="f_speaker",
                               format_func=lambda s: s or "Anyone")
chosen = ReviewFilter(transcript=transcript, status=status, theme=theme, speaker=speaker)

pinned = st.session_state.get("review_list")
refresh = st.button("Refresh the list", icon=":material/refresh:",
                    help="Decided segments stay on screen until you refresh.")
if refresh or pinned is None or pinned[0] != (str(project_path()), chosen):
    with open_project() as project:
        ids = find_segments(project, chosen, coder)
    st.session_state["review_list"] = pinned = ((str(project_path()), chosen), ids)
    st.session_state["page"] = 1
ids = pinned[1]

st.session_state.setdefault("page_size", 10)
st.session_state.setdefault("page", 1)
size = st.session_state["page_size"]
pages = max(1, -(-len(ids) // size))
if st.session_state.get("page", 1) > pages:
    st.session_state["page"] = pages
st.caption(f"{len(ids):,} segment(s) match. Page {st.session_state.get('page', 1)} of "
           f"{pages}.")
show_cards(project_path(), ids[(st.session_state.get("page", 1) - 1) * size:][:size], coder,
           transcript, options.themes)

left, right = st.columns(2)
left.number_input("Page", min_value=1, max_value=pages, key="page")
right.selectbox("Segments per page", (10, 20, 50), key="page_size")
