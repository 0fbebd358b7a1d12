"""Codebook: view and edit themes, turn confirmed quotes into examples, re-suggest."""

from __future__ import annotations

import streamlit as st

from app_pages._common import need_coder, open_project, progress_bar, project_path, show_error
from coding.codebooks import codebook_yaml
from coding.errors import CodingError
from coding.markup import escape
from coding.model import Code
from coding.pipeline import refresh_suggestions
from coding.report.tables import codebook_history
from coding.review.cards import ReviewFilter, add_example, find_segments, segment_cards

NEW = "New theme…"

st.title("Codebook")
coder = need_coder()
with open_project() as project:
    book = project.codebook()
    history = codebook_history(project)

names = [*book.names, NEW]
if "cb_next" in st.session_state:  # chosen by the last save or delete
    st.session_state["cb_choice"] = st.session_state.pop("cb_next")
if st.session_state.get("cb_choice") not in names:
    st.session_state["cb_choice"] = names[0]
listing, editor = st.columns([1, 2], gap="large")
choice = listing.radio("Themes", names, key="cb_choice",
                       captions=[book.code(n).parent for n in book.names] + ["add one"])
original = None if choice == NEW else book.code(choice)
# The version this edit starts from: a save is refused if someone changed it meanwhile.
if st.session_state.get("cb_original_for") != choice:
    st.session_state["cb_original_for"] = choice
    st.session_state["cb_original"] = original
started_from = st.session_state["cb_original"]
shown = started_from or Code(name="")

with editor.form(f"theme|{choice}"):
    left, right = st.columns(2)
    name = left.text_input("Name", value=shown.name)
    parent = right.text_input("Parent (a group of themes; optional)", value=shown.parent)
    definition = st.text_area("Definition", value=shown.definition)
    left, right = st.columns(2)
    inclusion = left.text_area("Include when", value=shown.inclusion, height=90)
    exclusion = right.text_area("Exclude when", value=shown.exclusion, height=90)
    keywords = left.text_area("Keywords (one per line)", value="\n".join(shown.keywords),
                              height=150)
    examples = right.text_area("Example quotes (one per line)",
                               value="\n".join(shown.examples), height=150)
    saved = st.form_submit_button("Save theme", type="primary")
if saved:
    code = Code(name=name.strip(), definition=definition.strip(), parent=parent.strip(),
                inclusion=inclusion.strip(), exclusion=exclusion.strip(),
                keywords=tuple(k.strip() for k in keywords.splitlines() if k.strip()),
                examples=tuple(e.strip() for e in examples.splitlines() if e.strip()))
    try:
        with open_project() as project:
            project.save_code(code, coder=coder, original=started_from)
        st.session_state["cb_next"] = code.name
        st.session_state.pop("cb_original_for", None)
        st.toast(f"Saved “{code.name}”. Re-run suggestions to use it.")
        st.rerun()
    except CodingError as error:
        show_error(error)

if started_from is not None:
    with st.expander("Delete this theme"):
        st.write("Only a theme nobody has decided on can be deleted; the deletion is "
                 "recorded in the history.")
        if st.button("Delete", type="secondary"):
            try:
                with open_project() as project:
                    project.delete_code(started_from, coder=coder)
                st.session_state["cb_next"] = None
                st.rerun()
            except CodingError as error:
                show_error(error)

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
            st.session_state.pop("cb_original_for", None)
            st.rerun()

st.divider()
if st.button("Re-run suggestions with this codebook", icon=":material/autorenew:"):
    with st.status("Suggesting themes again…", expanded=True) as status:
        report = refresh_suggestions(project_path(), progress=progress_bar())
        status.update(label=f"{report.suggestions:,} suggestions on {report.segments:,} "
                            "segments; decisions are kept.", state="complete")
st.download_button("Download the codebook (YAML)", codebook_yaml(book).encode("utf-8"),
                   file_name=f"{book.name or 'codebook'}.yaml", mime="application/yaml")
with st.expander(f"History of edits ({len(history)})"):
    st.dataframe(history, hide_index=True, width="stretch")
