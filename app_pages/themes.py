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
shown = view.settings  # the listed fit's settings, so the form says how it was made
with st.form("fit"):
    left, right = st.columns(2)
    chosen_meetings = left.multiselect(
        "Meetings (none = all)", list(meetings), format_func=meetings.get,
        default=[m for m in shown.get("meetings", []) if m in meetings])
    speakers = right.multiselect("Speakers (none = all)", options.speakers,
                                 default=[s for s in shown.get("speakers", [])
                                          if s in options.speakers])
    one, two, three = st.columns(3)
    # The listed fit's count, also when the data chose it (its n_themes is then None).
    count = one.number_input("Number of themes (0 = choose from the data)", 0, 60,
                             int(shown.get("themes_found") or shown.get("n_themes") or 0))
    smallest = two.number_input("Smallest theme (segments)", 2, 200,
                                int(shown.get("min_theme_size", 10)))
    seed = three.number_input("Seed (same seed, same themes)", 0, 10_000,
                              int(shown.get("random_state", 0)))
    if shown:
        how = "chosen from the data" if shown.get("n_themes") is None else "as asked"
        st.caption(f"The themes listed below were found with these settings "
                   f"({shown.get('themes_found', '?')} themes, {how}; 0 lets the data "
                   "choose again).")
    fit = st.form_submit_button("Find themes", type="primary")
if fit:
    request = ThemeRequest(meetings=tuple(chosen_meetings), speakers=tuple(speakers),
                           n_themes=int(count) or None, min_theme_size=int(smallest),
                           seed=int(seed))
    try:
        report = fit_themes(state.project_path(), request, progress=progress_bar())
        state.announce("toast", f"{report.found} themes in {report.segments:,} segments "
                                f"({report.timings['total_s']:.1f} s).")
        st.rerun()
    except CodingError as error:
        state.say("error", error)

if view.run_id is None:
    st.info("No themes yet: press **Find themes**.")
    st.stop()


def _confirm(row) -> None:  # noqa: ANN001 (a row of the overview)
    """Ask once before a discard or merge; do it on "Yes"."""
    run_id, kind, number, others = state.theme_action()
    st.warning(f"Discard “{row.theme}”? It leaves the list for good." if kind == "discard"
               else f"Merge {len(others)} theme(s) into “{row.theme}”? Their segments "
                    "move to it for good.")
    yes, no = st.columns(2)
    if yes.button(f"Yes, {kind}", key=f"yes|{number}", type="primary"):
        with open_project() as project:
            if kind == "discard":
                project.discard_theme(run_id, number)
            else:
                project.merge_themes(run_id, number, others)
        state.drop_theme_action()
        st.rerun()
    if no.button("Cancel", key=f"no|{number}"):
        state.drop_theme_action()
        st.rerun()


titles = dict(zip(view.overview["number"], view.overview["theme"]))
for row in view.overview.itertuples():
    heading = f"{row.theme} · {row.size} segments · {row.codebook}"
    with st.expander(heading if row.status == "open" else f"{heading} · {row.status}"):
        if not row.small_talk:
            st.markdown(f"**Key phrases:** {row.terms}")
        st.caption(f"{row.meetings} meeting(s), {row.participants} participant(s)")
        for quote in row.quotes:
            st.text(quote)
        if row.status != "open" or row.small_talk:
            continue
        pending = state.theme_action()
        if pending and pending[:3] in {(view.run_id, "discard", row.number),
                                       (view.run_id, "merge", row.number)}:
            _confirm(row)
            continue
        rename, merge, discard = st.columns(3)
        name = rename.text_input("New name", key=f"name|{row.number}")
        if rename.button("Rename", key=f"rename|{row.number}") and name.strip():
            with open_project() as project:
                project.rename_theme(view.run_id, row.number, name)
            st.rerun()
        others = [r.number for r in view.overview.itertuples()
                  if r.number != row.number and r.status == "open" and not r.small_talk]
        into = merge.multiselect("Merge these into it", others, key=f"merge|{row.number}",
                                 format_func=titles.get)
        if merge.button("Merge", key=f"merge_btn|{row.number}") and into:
            state.ask_theme_action((view.run_id, "merge", row.number, tuple(into)))
            st.rerun()
        if discard.button("Discard", key=f"discard|{row.number}"):
            state.ask_theme_action((view.run_id, "discard", row.number, ()))
            st.rerun()
        with open_project() as project:
            draft = draft_code(project, project.theme(view.run_id, row.number))
        code = code_form(f"promote|{row.number}", draft, "Add to the codebook",
                         heading="**Add to the codebook** (a draft from the quotes: edit it)",
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
