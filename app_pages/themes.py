"""Themes: emergent themes found by BERTopic, compared with the codebook.

Fit on all or some meetings and speakers; then rename, merge, discard, or promote a
new theme into the codebook with an editable draft definition.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages._code_form import code_form
from app_pages._common import need_coder, open_project, progress_bar
from coding.emergent.fit import ThemeRequest, draft_code, fit_themes
from coding.emergent.plots import figure_html, theme_view
from coding.errors import CodingError
from coding.review.cards import review_options

st.caption("Emergent themes: groups of segments that talk alike, each compared with the "
           "codebook. The machine proposes; only you change the codebook.")
coder = need_coder()
with open_project() as project:
    options = review_options(project)
    view = theme_view(project)
if not options.transcripts:
    st.info("No transcripts yet: add some on the **Project** screen.")
    st.stop()

meetings = dict(options.transcripts)
with st.form("fit"):
    left, right = st.columns(2)
    chosen_meetings = left.multiselect("Meetings (none = all)", list(meetings),
                                       format_func=meetings.get)
    speakers = right.multiselect("Speakers (none = all)", options.speakers)
    one, two, three = st.columns(3)
    count = one.number_input("Number of themes (0 = choose from the data)", 0, 60, 0)
    smallest = two.number_input("Smallest theme (segments)", 2, 200, 10)
    seed = three.number_input("Seed (same seed, same themes)", 0, 10_000, 0)
    fit = st.form_submit_button("Find themes", type="primary")
if fit:
    request = ThemeRequest(meetings=tuple(chosen_meetings), speakers=tuple(speakers),
                           n_themes=int(count) or None, min_theme_size=int(smallest),
                           seed=int(seed))
    try:
        report = fit_themes(state.project_path(), request, progress=progress_bar())
        state.announce("toast", f"{len(report.themes)} themes in {report.segments:,} segments "
                                f"({report.timings['total_s']:.1f} s).")
        st.rerun()
    except CodingError as error:
        state.say("error", error)

if view.run_id is None:
    st.info("No themes yet: press **Find themes**.")
    st.stop()

for row in view.overview.itertuples():
    heading = f"{row.theme} · {row.size} segments · {row.codebook}"
    with st.expander(heading if row.status == "open" else f"{heading} · {row.status}"):
        st.markdown(f"**Words:** {row.terms}")
        st.caption(f"{row.meetings} meeting(s), {row.participants} participant(s)")
        for quote in row.quotes:
            st.text(quote)
        if row.status != "open":
            continue
        rename, merge, discard = st.columns(3)
        name = rename.text_input("New name", key=f"name|{row.number}")
        if rename.button("Rename", key=f"rename|{row.number}") and name.strip():
            with open_project() as project:
                project.rename_theme(view.run_id, row.number, name)
            st.rerun()
        others = [r.number for r in view.overview.itertuples()
                  if r.number != row.number and r.status == "open"]
        into = merge.multiselect("Merge these into it", others, key=f"merge|{row.number}",
                                 format_func=dict(zip(view.overview["number"],
                                                      view.overview["theme"])).get)
        if merge.button("Merge", key=f"merge_btn|{row.number}") and into:
            with open_project() as project:
                project.merge_themes(view.run_id, row.number, into)
            st.rerun()
        if discard.button("Discard", key=f"discard|{row.number}"):
            with open_project() as project:
                project.discard_theme(view.run_id, row.number)
            st.rerun()
        with open_project() as project:
            draft = draft_code(project, project.theme(view.run_id, row.number))
        code = code_form(f"promote|{row.number}", draft, "Add to the codebook",
                         heading="**Add to the codebook** (edit the draft first)",
                         name_key=f"draft|{row.number}|{row.theme}")
        if code is not None:
            try:
                with open_project() as project:
                    project.promote_theme(view.run_id, row.number, code, coder)
                state.announce("toast", f"Added “{code.name}”. Re-run suggestions on the "
                                        "Codebook screen to see where it applies.")
                st.rerun()
            except CodingError as error:
                state.say("error", error)

for title, figure in view.figures.items():
    st.subheader(title)
    st.plotly_chart(figure, config={"displaylogo": False})
    st.download_button(f"Download “{title}” (HTML)", figure_html(figure),
                       file_name=f"{title}.html", mime="text/html")
