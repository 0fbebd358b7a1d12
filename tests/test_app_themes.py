"""The Themes screen, driven by AppTest: fit, review actions, plots and downloads."""

from __future__ import annotations

from coding.model import EditAction, EmergentThemeStatus
from coding.store import Project


def _button(app, label: str, nth: int = 0):
    return [b for b in app.button if b.label == label][nth]


def test_fit_rename_and_promote_on_the_themes_screen(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/themes.py").run()
    assert [e.value for e in app.exception] == []
    assert "No themes yet" in app.info[0].value
    meetings = next(m for m in app.multiselect if m.label.startswith("Meetings"))
    meetings.set_value(meetings.options[:2])
    app.run()
    [b for b in app.button if b.label == "Find themes"][0].click().run()
    assert [e.value for e in app.exception] == []
    with Project(path) as project:
        themes = project.themes()
        first = themes[0]
    assert themes and len(app.expander) >= len(themes)
    assert any("covered by" in e.label or "new (nearest" in e.label for e in app.expander)
    assert len(app.get("plotly_chart")) == 3
    assert len(app.get("download_button")) == 3

    next(t for t in app.text_input if t.key == f"name|{first.number}").input("Plans").run()
    _button(app, "Rename").click().run()
    with Project(path) as project:
        assert project.theme(first.run_id, first.number).title == "Plans"

    draft = next(t for t in app.text_input if t.key == f"draft|{first.number}|Plans")
    assert draft.value == "Plans"  # the draft starts from the theme's name
    draft.input("Plans for the group")
    next(b for b in app.button if b.key.startswith(f"FormSubmitter:promote|{first.number}-")
         ).click().run()
    assert [e.value for e in app.exception] == [] and [e.value for e in app.error] == []
    with Project(path) as project:
        assert "Plans for the group" in project.code_names()
        assert project.codebook_edits()[-1].action == EditAction.ADD
        assert project.theme(first.run_id, first.number).status == EmergentThemeStatus.PROMOTED
        codes = {code.name: code for code in project.codebook().codes}
        quotes = set(project.segment_texts(list(first.quotes)).values())
    # the draft saved as it was offered: every field filled from the theme's own talk
    code, nearest = codes["Plans for the group"], codes[first.nearest]
    assert code.definition.startswith("Participants talk about") and code.inclusion
    assert first.nearest in code.exclusion and code.parent == nearest.parent
    assert code.keywords and code.examples and set(code.examples) <= quotes


def _fit(app, themes: int):
    meetings = next(m for m in app.multiselect if m.label.startswith("Meetings"))
    meetings.set_value(meetings.options[:2])
    app.run()
    next(n for n in app.number_input if n.label.startswith("Number of themes")).set_value(
        themes)
    _button(app, "Find themes").click().run()
    assert [e.value for e in app.exception] == []


def test_the_form_shows_the_listed_fit_and_discard_and_merge_ask_once(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/themes.py").run()
    _fit(app, 3)
    # after the rerun the form still says how the listed themes were made
    count = next(n for n in app.number_input if n.label.startswith("Number of themes"))
    assert count.value == 3
    with Project(path) as project:
        first, second, third = [t for t in project.themes() if t.number >= 0][:3]
    small_talk = [e.label for e in app.expander if e.label.startswith("non-substantive talk")]
    assert small_talk and app.expander[-1].label == small_talk[0]  # set apart, listed last

    next(b for b in app.button if b.key == f"discard|{first.number}").click().run()
    with Project(path) as project:  # asked, not done
        assert project.theme(first.run_id, first.number).status == EmergentThemeStatus.OPEN
    assert any("Discard" in w.value for w in app.warning)
    next(b for b in app.button if b.key == f"no|{first.number}").click().run()
    next(b for b in app.button if b.key == f"discard|{first.number}").click().run()
    next(b for b in app.button if b.key == f"yes|{first.number}").click().run()
    with Project(path) as project:
        assert project.theme(first.run_id, first.number).status == EmergentThemeStatus.DISCARDED

    next(m for m in app.multiselect if m.key == f"merge|{second.number}").set_value(
        [third.number])
    next(b for b in app.button if b.key == f"merge_btn|{second.number}").click().run()
    with Project(path) as project:
        assert project.theme(third.run_id, third.number).status == EmergentThemeStatus.OPEN
    next(b for b in app.button if b.key == f"yes|{second.number}").click().run()
    assert [e.value for e in app.exception] == []
    with Project(path) as project:
        assert project.theme(third.run_id, third.number).status == EmergentThemeStatus.MERGED


def test_after_a_fit_that_chose_its_number_the_form_shows_the_number_found(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/themes.py").run()
    _fit(app, 0)  # 0: the data chooses
    with Project(path) as project:
        found = len([t for t in project.themes() if t.number >= 0])
    count = next(n for n in app.number_input if n.label.startswith("Number of themes"))
    assert found >= 2 and count.value == found  # not 0: the listed run had this many
    assert any("chosen from the data" in c.value for c in app.caption)
