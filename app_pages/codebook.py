"""Codebook: view and edit themes, turn confirmed quotes into examples, re-suggest."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._code_form import code_form
from app_pages._common import need_coder, open_project, progress_bar
from coding.codebooks import codebook_yaml
from coding.errors import CodingError
from coding.markup import escape
from coding.model import Code
from coding.pipeline import refresh_suggestions
from coding.report.tables import codebook_history
from coding.review.cards import ReviewFilter, add_example, find_segments, segment_cards

NEW = "New theme…"

coder = need_coder()
with open_project() as project:
    book = project.codebook()
    history = codebook_history(project)

names = [*book.names, NEW]
state.settle_theme_choice(names)
listing, editor = st.columns([1, 2], gap="large")
choice = listing.radio("Themes", names, key=state.THEME_CHOICE,
                       captions=[book.code(n).parent for n in book.names] + ["add one"])
started_from = state.edit_started_from(choice, None if choice == NEW else book.code(choice))

with editor:
    code = code_form(f"theme|{choice}", started_from or Code(name=""), "Save theme")
if code is not None:
    try:
        with open_project() as project:
            project.save_code(code, coder=coder, original=started_from)
        state.restart_theme_edit(select=code.name)
        state.announce("toast", f"Saved “{code.name}”. Re-run suggestions to use it.")
        st.rerun()
    except CodingError as error:
        state.say("error", error)

if started_from is not None:
    with st.expander("Delete this theme"):
        st.write("Only a theme nobody has decided on can be deleted; the deletion is "
                 "recorded in the history.")
        if st.button("Delete", type="secondary"):
            try:
                with open_project() as project:
                    project.delete_code(started_from, coder=coder)
                state.restart_theme_edit()
                st.rerun()
            except CodingError as error:
                state.say("error", error)

    st.subheader("Confirmed segments")
    with open_project() as project:
        confirmed = segment_cards(project, find_segments(
            project, ReviewFilter(status="confirmed", theme=started_from.name))[:30])
    if not confirmed:
        st.caption("None yet. Confirm segments on the Review screen.")
    for card in confirmed:
        text, action = st.columns([5, 1], vertical_alignment="center")
        text.markdown(f"“{escape(card.text)}” — *{escape(card.speaker)} · "
                      f"{escape(card.meeting)}*")
        is_example = card.text.strip() in started_from.examples
        if action.button("Example" if is_example else "Use as example", key=f"ex|{card.id}",
                         disabled=is_example, icon=":material/format_quote:"):
            with open_project() as project:
                add_example(project, started_from.name, card.id, coder)
            state.restart_theme_edit()
            st.rerun()

st.divider()
if st.button("Re-run suggestions with this codebook", icon=":material/autorenew:"):
    with st.status("Suggesting themes again…", expanded=True) as status:
        report = refresh_suggestions(state.project_path(), progress=progress_bar())
        status.update(label=f"{report.suggestions:,} suggestions on {report.segments:,} "
                            "segments; decisions are kept.", state="complete")
st.download_button("Download the codebook (YAML)", codebook_yaml(book).encode("utf-8"),
                   file_name=f"{book.name or 'codebook'}.yaml", mime="application/yaml")
with st.expander(f"History of edits ({len(history)})"):
    st.dataframe(history, hide_index=True, width="stretch")
