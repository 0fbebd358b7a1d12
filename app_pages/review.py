"""Review: confirm, reject or relabel suggested themes, segment by segment.

The segments of a page are pinned when the filter is chosen, and the cards are one
fragment: a click writes one decision and redraws only the cards, so nothing jumps
and the filter and scroll position stay as they were.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._cards import show_cards
from app_pages._common import need_coder, open_project
from coding.labels import count_of
from coding.review.cards import (
    QUEUE_ORDERS,
    STATUS_CHOICES,
    ReviewFilter,
    review_options,
    review_queue,
)

state.keep_review_filter()
coder = need_coder()
with open_project() as project:
    options = review_options(project)
if not options.transcripts:
    st.info("No transcripts yet: add some on the **Project** screen.")
    st.stop()

meetings = dict((("", "All meetings"),) + options.transcripts)
columns = st.columns([3, 2, 3, 2])
transcript = columns[0].selectbox("Meeting", list(meetings), format_func=meetings.get,
                                  key=state.FILTER_TRANSCRIPT)
status = columns[1].selectbox("Status", STATUS_CHOICES, key=state.FILTER_STATUS)
theme = columns[2].selectbox("Theme", ["", *options.themes], key=state.FILTER_THEME,
                             format_func=lambda t: t or "Any theme")
speaker = columns[3].selectbox("Speaker", ["", *options.speakers], key=state.FILTER_SPEAKER,
                               format_func=lambda s: s or "Anyone")
# Learning order by default (what teaches the suggestions most and finds codings
# soonest), transcript order on request.
_ORDER_WORDS = {"learning": "Likeliest to carry a theme first",
                "transcript": "Transcript order"}
order = st.radio("Order", QUEUE_ORDERS, format_func=_ORDER_WORDS.get, horizontal=True,
                 key=state.FILTER_ORDER)
chosen = ReviewFilter(transcript=transcript, status=status, theme=theme, speaker=speaker,
                      order=order)

ids = state.pinned_segments(chosen)
refresh = st.button("Refresh the list", icon=":material/refresh:",
                    help="Decided segments stay on screen until you refresh.")
if refresh or ids is None:
    with open_project() as project:
        ids = review_queue(project, chosen, coder)
    state.pin_segments(chosen, ids)

paging = state.review_paging(len(ids))
st.caption(f"{count_of(len(ids), 'segment')} match. Page {paging.page} of {paging.pages}.")
show_cards(state.project_path(), paging.window(ids), coder, transcript, options.themes)

left, right = st.columns(2)
left.number_input("Page", min_value=1, max_value=paging.pages, key=state.PAGE)
right.selectbox("Segments per page", (10, 20, 50), key=state.PAGE_SIZE)
