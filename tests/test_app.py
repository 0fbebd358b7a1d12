"""The real Streamlit app, driven by AppTest: every screen and the whole review flow."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from coding.model import Action, Decision, Status
from coding.review.cards import ReviewFilter, find_segments, review_queue, segment_cards
from coding.store import Project
from tests.conftest import APP, SAMPLE_TRANSCRIPTS


def _app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=120)


def _button(app: AppTest, label: str, nth: int = 0):
    return [b for b in app.button if b.label == label][nth]


def _card_button(app: AppTest, label: str, nth: int = 0):
    """A button on the cards (not the keyboard bar's button of the same name)."""
    return [b for b in app.button if b.label == label and "|" in (b.key or "")][nth]


def _by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def _no_exception(app: AppTest) -> None:
    assert [e.value for e in app.exception] == []


def test_a_new_user_creates_a_project_in_the_shown_folder(app_home):
    app = _app().run()
    _no_exception(app)
    assert str(app_home) in app.caption[0].value
    _by_label(app.text_input, "Name of the new project").input("friendtor 2025")
    _button(app, "Create project").click().run()
    _no_exception(app)
    assert (app_home / "friendtor 2025.sqlite").exists()
    assert app.query_params["project"] == "friendtor 2025"
    assert [m.value for m in app.metric] == ["0", "0", "0", "0"]


def test_the_first_screen_says_what_the_tool_does_and_the_order_of_work(app_home):
    app = _app().run()
    _no_exception(app)
    how = next(e for e in app.expander if e.label == "How this works")
    text = " ".join(m.value for m in how.markdown)
    order = [text.index(step) for step in ("**Project**", "**Upload**", "**Review**",
                                           "**Themes**", "**Export**")]
    assert order == sorted(order)
    assert "SQLite" not in " ".join(c.value for c in app.caption)
    assert _button(app, "Try the sample study")


def test_try_the_sample_study_opens_it_ready_to_review(app_home):
    app = _app().run()
    _button(app, "Try the sample study").click().run()
    _no_exception(app)
    assert app.query_params["project"] == "sample study"
    assert app.success[0].value.startswith("Imported 6 transcripts;")


def test_review_says_a_project_is_needed_before_asking_for_a_name(app_home):
    app = _app().run().switch_page("app_pages/review.py").run()
    _no_exception(app)
    assert "works on a project" in app.info[0].value
    assert not app.warning  # no request for a name yet


def test_a_project_with_suggestions_points_to_review(app_with_sample):
    app, _ = app_with_sample
    app.run()
    links = [link.proto.page for link in app.get("page_link")
             if link.proto.label == "Next: review the suggested themes"]
    assert links == ["review"]


def test_the_whole_sample_folder_uploads_with_its_manifest_and_participants(app_home):
    app = _app()
    app.query_params["coder"] = "Ana"
    app.run()
    _by_label(app.text_input, "Name of the new project").input("folder")
    _button(app, "Create project").click().run()
    transcripts, = [u for u in app.get("file_uploader") if u.accept_multiple_files]
    transcripts.set_value([(p.name, p.read_bytes(), "text/plain")
                           for p in sorted(SAMPLE_TRANSCRIPTS.iterdir()) if p.suffix != ".md"])
    app.run()
    shown = app.data_editor[0].value
    assert "manifest.csv" not in set(shown["file"])
    focus = shown.set_index("file").loc["2025-12-10_focus_group.vtt"]
    assert (focus["meeting"], focus["title"]) == (13, "Year-end focus group")
    assert any("participants\\.csv" in c.value and "imported" in c.value for c in app.caption)
    _by_label(app.radio, "Codebook").set_value("Sample codebook").run()
    _button(app, "Import and suggest themes").click().run()
    _no_exception(app)
    assert app.success[0].value.startswith("Imported 6 transcripts;")
    with Project(app_home / "folder.sqlite") as project:
        meetings = {t.name: t.meeting for t in project.transcripts_in_meeting_order()}
        assert meetings["2025-12-10_focus_group.vtt"] == 13
        assert project.participant_attributes()["Amara Osei"]["role"] == "physician"


def test_a_project_name_that_is_a_path_is_refused_on_screen(app_home):
    app = _app().run()
    _by_label(app.text_input, "Name of the new project").input("../elsewhere")
    _button(app, "Create project").click().run()
    assert "cannot be a project name" in app.error[0].value
    assert list(app_home.iterdir()) == []


def test_upload_run_confirm_two_reject_one_and_export_shows_exactly_that(app_home, data_dir):
    app = _app()
    app.query_params["coder"] = "Ana"
    app.run()
    _by_label(app.text_input, "Name of the new project").input("study")
    _button(app, "Create project").click().run()
    transcripts, = [u for u in app.get("file_uploader") if u.accept_multiple_files]
    good = ["zoom_small.vtt", "plain_small.txt", "otter_small.txt"]
    transcripts.set_value([(name, (data_dir / name).read_bytes(), "text/plain")
                           for name in good] +
                          [("broken.vtt", (data_dir / "bad_timing.vtt").read_bytes(),
                            "text/vtt")])
    app.run()
    _by_label(app.radio, "Codebook").set_value("Upload a codebook").run()
    codebook, = [u for u in app.get("file_uploader") if not u.accept_multiple_files]
    codebook.upload("codes.yaml", (data_dir / "codebook_small.yaml").read_bytes())
    app.run()
    _button(app, "Import and suggest themes").click().run()
    _no_exception(app)
    # Not green: one file was refused; its reason is named, the good ones imported.
    assert not app.success
    assert app.warning[0].value.startswith("Imported 3 transcripts, 1 file skipped")
    assert "broken.vtt" in app.error[0].value

    app.switch_page("app_pages/review.py").run()
    _no_exception(app)
    _card_button(app, "Confirm", 0).click().run()
    _card_button(app, "Confirm", 1).click().run()
    _card_button(app, "Reject", 2).click().run()
    _no_exception(app)
    with Project(app_home / "study.sqlite") as project:
        decisions = project.decisions()
        confirmed = find_segments(project, ReviewFilter(status="confirmed"))
    assert [(d.action, d.coder) for d in decisions] == [
        (Action.CONFIRM, "Ana"), (Action.CONFIRM, "Ana"), (Action.REJECT, "Ana")]
    assert "2 confirmed · 1 rejected" in app.get("progress")[0].proto.text

    app.switch_page("app_pages/export.py").run()
    _no_exception(app)
    themes = app.dataframe[0].value
    assert themes["Segments (n)"].sum() == 2
    assert len(confirmed) == len({d.segment_id for d in decisions[:2]})


def test_review_needs_a_name_before_any_decision(app_with_sample):
    app, _ = app_with_sample
    app.query_params.pop("coder")
    app.run().switch_page("app_pages/review.py").run()
    assert "Enter your name" in app.warning[0].value
    assert [b for b in app.button if b.label == "Confirm"] == []


def test_a_refresh_keeps_project_and_coder_from_the_address(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    _no_exception(app)
    assert "left to review" in app.get("progress")[0].proto.text
    assert _by_label(app.sidebar.text_input, "Your name (recorded with each decision)"
                     ).value == "Ana"


def test_relabel_add_theme_and_memo_are_each_one_stored_decision(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    relabel = [s for s in app.selectbox if s.label == "Relabel"][0]
    target = relabel.options[0]
    relabel.set_value(target).run()
    _by_label(app.selectbox, "Add a theme").set_value(
        _by_label(app.selectbox, "Add a theme").options[-1]).run()
    memo = [t for t in app.text_input if t.label == "Memo"][0]
    memo.input("She laughs here.").run()
    _no_exception(app)
    with Project(path) as project:
        acts = [(d.action, d.coder) for d in project.decisions()]
        memo_texts = [d.memo for d in project.decisions() if d.action == Action.MEMO]
    assert acts == [(Action.RELABEL, "Ana"), (Action.CONFIRM, "Ana"), (Action.MEMO, "Ana")]
    assert memo_texts == ["She laughs here."]
    assert any("She laughs here." in c.value.replace("\\", "") for c in app.caption)


def test_filters_show_only_matching_segments(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    _card_button(app, "Confirm").click().run()
    _by_label(app.selectbox, "Status").set_value(Status.CONFIRMED.value).run()
    _no_exception(app)
    assert [b.disabled for b in app.button if b.label == "Confirm"] == [True]
    assert "1 segment match" in "".join(c.value for c in app.caption)


def test_transcript_text_is_never_rendered_as_html(app_with_sample):
    app, _ = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    assert app.markdown and not any(m.proto.allow_html for m in app.markdown)


def test_editing_a_theme_is_saved_and_recorded(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/codebook.py").run()
    _no_exception(app)
    _by_label(app.text_area, "Definition").input("A clearer definition.")
    _button(app, "Save theme").click().run()
    _no_exception(app)
    with Project(path) as project:
        first = project.codebook().codes[0]
        last_edit = project.codebook_edits()[-1]
    assert first.definition == "A clearer definition."
    assert (last_edit.coder, last_edit.action.value) == ("Ana", "edit")


def test_an_edit_that_crossed_another_coders_edit_is_refused_on_screen(app_with_sample):
    from dataclasses import replace

    app, path = app_with_sample
    app.run().switch_page("app_pages/codebook.py").run()
    with Project(path) as project:  # Ben saves first, in another tab
        code = project.codebook().codes[0]
        project.save_code(replace(code, definition="Ben's."), coder="Ben", original=code)
    _by_label(app.text_area, "Definition").input("Ana's.")
    _button(app, "Save theme").click().run()
    assert "changed or removed by someone else" in app.error[0].value
    with Project(path) as project:
        assert project.codebook().codes[0].definition == "Ben's."


def test_a_new_theme_can_be_written_from_scratch(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/codebook.py").run()
    _by_label(app.radio, "Themes").set_value("New theme…").run()
    _by_label(app.text_input, "Name").input("Mentoring")
    _by_label(app.text_area, "Keywords (one per line)").input("mentor\nmentee")
    _button(app, "Save theme").click().run()
    _no_exception(app)
    with Project(path) as project:
        assert project.stored_code("Mentoring").keywords == ("mentor", "mentee")


def test_a_confirmed_segment_becomes_an_example_quote(app_with_sample):
    app, path = app_with_sample
    with Project(path) as project:
        theme = project.code_names()[0]
        segment = find_segments(project, ReviewFilter(theme=theme))[0]
        project.record_decisions([Decision(segment, theme, Action.CONFIRM, coder="Ana")])
        before = len(project.stored_code(theme).examples)
    app.run().switch_page("app_pages/codebook.py").run()
    _button(app, "Use as example").click().run()
    _no_exception(app)
    with Project(path) as project:
        assert len(project.stored_code(theme).examples) == before + 1


def test_export_plots_prevalence_and_offers_every_file(app_with_sample):
    app, _ = app_with_sample
    app.run().switch_page("app_pages/export.py").run()
    assert "Nothing to plot yet" in app.info[0].value
    app.toggle[0].set_value(True).run()
    _no_exception(app)
    assert len(app.get("plotly_chart")) == 2
    labels = [d.proto.label for d in app.get("download_button")]
    assert {"theme_table (unreviewed suggestions).docx",
            "theme_table (unreviewed suggestions).xlsx",
            "codebook_report (unreviewed suggestions).docx", "saturation (unreviewed "
            "suggestions).svg", "sample study.qdpx"} <= set(labels)
    assert app.dataframe[0].value["Of which suggested, not reviewed (n)"].sum() > 0
    app.toggle[1].set_value(True).run()  # pseudonymised: no REFI-QDA file with real names
    _no_exception(app)
    labels = [d.proto.label for d in app.get("download_button")]
    assert not any(label.endswith((".qdpx", ".qdc")) for label in labels)
    assert " — P" in app.dataframe[0].value["Exemplar 1"].iloc[0]


def test_two_coders_in_two_tabs_keep_both_decisions(app_with_sample):
    ana, path = app_with_sample
    ben = _app()
    ben.query_params["project"], ben.query_params["coder"] = "sample study", "Ben"
    for tab in (ana, ben):
        tab.run().switch_page("app_pages/review.py").run()
    _button(ana, "Confirm").click().run()
    _button(ben, "Reject").click().run()
    with Project(path) as project:
        acts = [(d.coder, d.action) for d in project.decisions()]
    assert acts == [("Ana", Action.CONFIRM), ("Ben", Action.REJECT)]


def test_a_bad_codebook_upload_is_named_and_nothing_is_imported(app_with_sample, data_dir):
    app, path = app_with_sample
    app.run()
    transcripts, = [u for u in app.get("file_uploader") if u.accept_multiple_files]
    transcripts.upload("zoom_small.vtt", (data_dir / "zoom_small.vtt").read_bytes())
    app.run()
    _by_label(app.radio, "Codebook").set_value("Upload a codebook").run()
    codebook, = [u for u in app.get("file_uploader") if not u.accept_multiple_files]
    codebook.upload("my codes.yaml", b"codes:\n  - definition: a theme without a name\n")
    app.run()
    _button(app, "Import and suggest themes").click().run()
    assert app.error[0].value.startswith("line 2 of my codes.yaml: this code has no name.")
    with Project(path) as project:
        assert project.record_counts()["transcripts"] == 6


def test_a_whole_episode_is_coded_after_a_confirmation_with_its_count_and_undone(
        app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    whole = _by_label(app.selectbox, "Code the whole episode")
    theme = whole.options[0]
    whole.set_value(theme).run()
    _no_exception(app)
    with Project(path) as project:
        assert project.decisions() == []  # one pick asks first
    size = int(whole.placeholder.split("(")[1].split()[0])
    assert f"on all {size} segments of this episode?" in app.warning[0].value
    _button(app, f"Confirm on {size}").click().run()
    _no_exception(app)
    with Project(path) as project:
        decisions = project.decisions()
    assert len(decisions) == size > 1
    assert {(d.action, d.coder) for d in decisions} == {(Action.CONFIRM, "Ana")}
    assert app.success[0].value.startswith(f"Confirmed “{theme}” on {size} segments of episode")
    undo = next(b for b in app.button if b.label.startswith("Undo: "))
    assert undo.label == f"Undo: confirmed “{theme}” on {size} segments"
    undo.click().run()
    _no_exception(app)
    assert app.info[0].value.startswith("Undone: confirmed")
    with Project(path) as project:
        assert Status.CONFIRMED not in set(project.pair_statuses().values())


def test_the_episode_confirmation_can_be_cancelled(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    whole = _by_label(app.selectbox, "Code the whole episode")
    whole.set_value(whole.options[0]).run()
    _button(app, "Cancel").click().run()
    _no_exception(app)
    assert not app.warning and _by_label(app.selectbox, "Code the whole episode").value is None
    with Project(path) as project:
        assert project.decisions() == []


def test_no_theme_here_takes_a_segment_off_the_without_a_theme_list(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    _by_label(app.selectbox, "Status").set_value("without a theme").run()
    with Project(path) as project:
        without = review_queue(project, ReviewFilter(status="without a theme"))
    _button(app, "No theme here").click().run()
    _no_exception(app)
    with Project(path) as project:
        assert review_queue(project, ReviewFilter(status="without a theme")) == without[1:]
        assert [d.action for d in project.decisions()] == [Action.NO_THEME]
    assert any(":gray-badge[reviewed: no theme here]" in m.value for m in app.markdown)
    assert not re.search(r"(?<![\d,])1 segments", app.get("progress")[0].proto.text)


def test_the_keyboard_acts_on_the_first_pending_theme_and_next_moves_on(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    with Project(path) as project:
        first, second = review_queue(project, ReviewFilter())[:2]
        cards = {card.id: card for card in segment_cards(project, [first, second])}
    shortcuts = {b.label: b.proto.shortcut.upper() for b in app.button
                 if b.key in ("key_confirm", "key_reject", "key_next", "undo")}
    assert shortcuts == {"Confirm": "Y", "Reject": "N", "Next": "J"}
    assert any(c.value.startswith("Keys act on **") for c in app.caption)
    for _ in cards[first].themes:  # pass over every theme of the first card
        app.button(key="key_next").click().run()
    app.button(key="key_confirm").click().run()
    _no_exception(app)
    with Project(path) as project:
        decision, = project.decisions()
    assert (decision.segment_id, decision.code, decision.action) == (
        second, cards[second].themes[0].code, Action.CONFIRM)
    assert app.button(key="undo").proto.shortcut.upper() == "U"


def test_a_card_folds_the_turns_before_and_after_it(app_with_sample):
    app, _ = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    folded = [e for e in app.expander if e.label == "Before and after"]
    assert folded and len(folded[0].markdown) >= 2


def test_every_export_format_uploads_and_guesses_are_shown_as_warnings(app_with_sample,
                                                                      data_dir):
    app, path = app_with_sample
    app.run()
    transcripts, = [u for u in app.get("file_uploader") if u.accept_multiple_files]
    assert {".docx", ".srt", ".csv", ".xlsx", ".vtt", ".txt"} <= set(transcripts.proto.type)
    names = ["teams_small.docx", "table_small.xlsx", "subtitles_small.srt"]
    windows = "Jos\u00e9 N\u00fa\u00f1ez: It\u2019s fine.\nAnn Lee: Good.\n".encode("cp1252")
    transcripts.set_value([(name, (data_dir / name).read_bytes(), "application/octet-stream")
                           for name in names] + [("meeting99.txt", windows, "text/plain")])
    app.run()
    _button(app, "Import and suggest themes").click().run()
    _no_exception(app)
    assert app.success[0].value.startswith("Imported 4 transcripts;")
    shown = [warning.value for warning in app.warning]
    assert any(text.startswith("meeting99.txt: read as Windows-1252") for text in shown)
    assert any(text.startswith("teams_small.docx: left out 3 paragraph(s)") for text in shown)
    with Project(path) as project:
        assert project.record_counts()["transcripts"] == 10


def test_review_says_what_the_suggestions_learned_from_and_updates_them(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    assert any("updated from 0 of your decisions" in c.value for c in app.caption)
    assert _button(app, "Update suggestions").disabled
    _card_button(app, "Confirm").click().run()
    _card_button(app, "Reject").click().run()
    assert any("2 new since" in c.value for c in app.caption)
    _button(app, "Update suggestions").click().run()
    _no_exception(app)
    assert any("updated from 2 of your decisions" in c.value for c in app.caption)
    with Project(path) as project:
        assert len(project.decisions()) == 2  # learning never adds or changes a decision
        assert project.runs()[-1].counts["learned_from"] == 2


def test_a_refused_decision_is_said_above_the_cards_once_with_its_fix(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    add = _by_label(app.selectbox, "Add a theme")
    theme = add.options[-1]
    with Project(path) as project:  # someone deletes the theme while the card is open
        project.delete_code(project.stored_code(theme), coder="Ben")
    add.set_value(theme).run()
    _no_exception(app)
    assert [e.value for e in app.error] == [  # the cause and the fix
        f"decision 1: no code is named {theme!r}. Fix: add it to the codebook first."]
    assert [e.value for e in app.run().error] == []


def test_the_likely_missed_list_shows_unsuggested_turns_likeliest_first(app_with_sample):
    from coding.review.cards import MISSED

    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    _by_label(app.selectbox, "Status").set_value(MISSED).run()
    _no_exception(app)
    with Project(path) as project:
        missed = review_queue(project, ReviewFilter(status=MISSED))
        relevance = project.segment_relevance(missed)
        suggested = {segment for segment, _ in project.suggested_pairs()}
    assert missed and not set(missed) & suggested
    chances = [relevance.get(segment, 0.0) for segment in missed]
    assert chances == sorted(chances, reverse=True)
    assert any(c.value.startswith(f"{len(missed):,} segments match") for c in app.caption)
