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
