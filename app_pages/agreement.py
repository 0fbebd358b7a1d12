"""Agreement: how far the coders agree, theme by theme, with 95% intervals."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._common import open_project
from coding.errors import AgreementError
from coding.report.plots import agreement_chart
from coding.review.agreement import CONSENSUS, project_agreement, project_coders

with open_project() as project:
    available = project_coders(project)
left, right = st.columns([3, 2], vertical_alignment="bottom")
chosen = left.multiselect("Coders", available,
                          default=[c for c in available if c != CONSENSUS],
                          placeholder="Choose at least two coders",
                          help="The agreed codes of reconciliation are the coder "
                               "“consensus”: add it to compare each coder with them.")
machine = right.toggle("Count the machine's suggestions as a coder")
try:
    with open_project() as project, st.spinner("Computing agreement…"):
        report = project_agreement(project, chosen, machine)
except AgreementError as error:
    state.say("error", error)
    st.stop()

one, two, three = st.columns(3)
one.metric("Segments compared", f"{report.compared:,}",
           help="Judged by at least two coders, with some theme applied by someone.")
two.metric("Uncoded by everyone (left out)", f"{report.uncoded:,}",
           help="Judged by two or more coders who all applied no theme. Counting them "
                "would inflate agreement, so they are reported here instead.")
three.metric("Judged by one coder only", f"{report.single:,}")

st.subheader("Per theme")
_LABELS = {"theme": "Theme", "applied": "Times applied", "cohen_kappa_mean": "Cohen's κ (pairs)",
           "fleiss_kappa": "Fleiss' κ", "alpha": "Krippendorff's α", "alpha_low": "α 95% low",
           "alpha_high": "α 95% high"}
st.dataframe(report.themes, hide_index=True, width="stretch",
             column_order=[c for c in ("theme", "applied", "percent", *list(_LABELS)[2:])
                           if c in report.themes.columns],
             column_config={"percent": st.column_config.NumberColumn("% agreement",
                                                                    format="percent"),
                            **{c: st.column_config.NumberColumn(label, format="%.3f")
                               for c, label in _LABELS.items() if c not in ("theme", "applied")},
                            "theme": "Theme", "applied": "Times applied"})
st.caption("Intervals of % agreement and Fleiss' κ too: `coding agreement --json FILE`.")
if (chart := agreement_chart(report.themes)) is not None:
    st.plotly_chart(chart, config={"displaylogo": False})
st.subheader("Cohen's κ for each pair of coders")
st.dataframe(report.pairs, hide_index=True, width="stretch")
st.caption(f"95% intervals from {report.bootstrap:,} bootstrap resamples of segments "
           f"(seed {report.seed}). A coder who decided anything on a segment judged all "
           "its themes; segments a coder never touched count as missing for them.")
