"""Export: the theme table for the paper, heat maps, and every file to download."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._common import need_coder, open_project
from coding.errors import CodingError
from coding.refi import exchange_files
from coding.report.exemplars import exemplar_options, set_exemplars
from coding.report.paper import ExportOptions
from coding.report.screen import counting_rules, export_screen

_MIME = {"csv": "text/csv", "txt": "text/plain", "png": "image/png", "svg": "image/svg+xml",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "qdc": "application/xml", "qdpx": "application/zip"}

left, middle, right = st.columns(3)
include = left.toggle("Include suggestions not yet reviewed",
                      help="Off: only confirmed themes count. On: pending suggestions count "
                           "too, are marked [suggested], and every file name says so.")
pseudonymise = middle.toggle("Pseudonymise", help="Participants become their pseudonyms "
                             "(from the key, or P1, P2 … saved to it) and their names are "
                             "masked in every file. The project is not changed.")
facilitators = right.toggle("Count facilitators and observers",
                            help="Off: their turns are context only (roles are set on the "
                                 "Participants screen).")
with open_project() as project:
    rules = counting_rules(project)
rule = st.selectbox("Where coders disagree and the team has not reconciled, count…", rules,
                    disabled=len(rules) == 1,
                    help="The team's consensus (Reconcile screen) always counts first.")
with open_project() as project, st.spinner("Building the theme table…"):
    screen = export_screen(project, ExportOptions(
        include_suggested=include, pseudonymise=pseudonymise,
        include_facilitators=facilitators, rule=rule))
    exchange = exchange_files(project, pseudonymised_export=pseudonymise)
paper = screen.bundle.paper

st.subheader("Theme table")
st.caption(paper.caption)
st.dataframe(paper.themes, hide_index=True, width="stretch")
st.caption(paper.note)
if not paper.disagreements.empty:
    st.subheader("Open disagreements")
    st.dataframe(paper.disagreements, hide_index=True, width="stretch")

if screen.figures is None:
    st.info("Nothing to plot yet: confirm themes on the Review screen, or include "
            "suggestions.")
else:
    st.subheader("Segments per theme and meeting")
    st.plotly_chart(screen.figures.by_meeting, config={"displaylogo": False})
    st.subheader("Segments per theme and participant")
    st.plotly_chart(screen.figures.by_participant, config={"displaylogo": False})
    if screen.figures.by_attribute:
        st.subheader("Segments per theme and participant attribute")
        attribute = st.selectbox("Attribute", list(screen.figures.by_attribute))
        st.plotly_chart(screen.figures.by_attribute[attribute], config={"displaylogo": False})
st.subheader("Saturation")
st.dataframe(screen.bundle.saturation, hide_index=True, width="stretch")

st.subheader("Download")
files = {**screen.bundle.makers(), **{n: (lambda d=d: d) for n, d in exchange.items()}}
columns = st.columns(3)
for number, (name, make) in enumerate(files.items()):
    columns[number % 3].download_button(name, make, file_name=f"{screen.name} {name}",
                                        mime=_MIME[name.rsplit(".", 1)[-1]],
                                        on_click="ignore", key=f"download|{name}")

with st.expander("Choose exemplar quotes"):
    with open_project() as project:
        theme = st.selectbox("Theme", project.code_names())
        options = exemplar_options(project, theme) if theme else {}
        current = [s for s in project.chosen_exemplars().get(theme, []) if s in options]
    chosen = st.multiselect("Exemplars, in order", list(options), default=current,
                            format_func=options.get, key=f"exemplars|{theme}")
    if st.button("Save exemplars"):
        try:
            with open_project() as project:
                set_exemplars(project, theme, chosen, need_coder("choice"))
            state.announce("success", f"Saved {len(chosen)} exemplar(s) for {theme}.")
            st.rerun()
        except CodingError as error:
            state.say("error", error)
