"""Export: the theme table, prevalence plots, and the downloads."""

from __future__ import annotations

import streamlit as st

from app_pages._common import open_project
from coding.refi import project_qdpx, qdc_bytes
from coding.report.files import csv_bytes, xlsx_bytes
from coding.report.plots import export_figures
from coding.report.tables import export_tables

include = st.toggle("Include suggestions not yet reviewed",
                    help="Off: only confirmed themes count. On: pending suggestions count "
                         "too and are marked [suggested] in the quotes.")
with open_project() as project, st.spinner("Building the theme table…"):
    tables = export_tables(project, include_suggested=include)
    name = project.path.stem
    exchange = (qdc_bytes(project.codebook()), project_qdpx(project))  # REFI-QDA files

st.subheader("Theme table")
_SHORT = {"confirmed_segments": "Confirmed", "pending_suggestions": "Suggested",
          "rejected_suggestions": "Rejected", "meetings_count": "Meetings (n)",
          "participants_count": "Participants (n)"}
numbers = [c for c in _SHORT if c in tables.themes.columns]
st.dataframe(tables.themes, hide_index=True, width="stretch",
             column_order=["theme", *numbers, "meetings", *[
                 c for c in tables.themes.columns if c not in {"theme", "meetings", *numbers}]],
             column_config={c: _SHORT.get(c, c.replace("_", " ").capitalize())
                            for c in tables.themes.columns})

figures = export_figures(tables)
if figures is None:
    st.info("Nothing to plot yet: confirm themes on the Review screen, or include "
            "suggestions.")
else:
    st.subheader("Segments per theme and meeting")
    st.plotly_chart(figures.by_meeting, config={"displaylogo": False})
    st.subheader("Segments per theme and participant")
    st.plotly_chart(figures.by_participant, config={"displaylogo": False})
    if figures.by_attribute:
        st.subheader("Segments per theme and participant attribute")
        attribute = st.selectbox("Attribute", list(figures.by_attribute))
        st.plotly_chart(figures.by_attribute[attribute], config={"displaylogo": False})

st.subheader("Download")
one, two, three = st.columns(3)
one.download_button("Theme table (CSV)", csv_bytes(tables.themes),
                    file_name=f"{name} theme table.csv", mime="text/csv")
two.download_button("Theme table and segments (XLSX)",
                    xlsx_bytes(tables.sheets()),
                    file_name=f"{name} theme table.xlsx",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
three.download_button("Segments (CSV)", csv_bytes(tables.segments),
                      file_name=f"{name} segments.csv", mime="text/csv")
one.download_button("Codebook (REFI-QDA .qdc)", exchange[0], file_name=f"{name}.qdc",
                    mime="application/xml")
two.download_button("Whole project (REFI-QDA .qdpx)", exchange[1], file_name=f"{name}.qdpx",
                    mime="application/zip")
