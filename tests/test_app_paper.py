"""The screens issue 18 added to: speaker roles, memos and journal, exemplars (AppTest)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from coding.model import SpeakerRole
from coding.store import Project


def _button(app: AppTest, label: str, nth: int = 0):
    return [b for b in app.button if b.label == label][nth]


def _no_exception(app: AppTest) -> None:
    assert [e.value for e in app.exception] == []


def test_a_facilitator_set_on_the_participants_screen_loses_their_suggestions(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/participants.py").run()
    roles = app.data_editor[1].value
    jordan = list(roles["participant"]).index("Jordan Lee")
    app.session_state["roles"] = {"edited_rows": {jordan: {"role": "facilitator"}},
                                  "added_rows": [], "deleted_rows": []}
    _button(app.run(), "Save roles").click().run()
    _no_exception(app)
    assert "Saved 1 role(s)." in app.success[0].value
    with Project(path) as project:
        assert project.participant_roles()["Jordan Lee"] == SpeakerRole.FACILITATOR
        assert project.uncounted_segment_ids().isdisjoint(
            project.suggestion_frame()["segment_id"])


def test_a_memo_and_a_journal_entry_are_saved_with_the_coder(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/journal.py").run()
    _no_exception(app)
    app.selectbox[0].set_value("Burnout").run()
    app.text_area[0].input("Tiredness that outlasts rest.").run()
    _button(app, "Save memo").click().run()
    _no_exception(app)
    app.text_area[1].input("Agreed to merge two grief codes.").run()
    _button(app, "Add to the journal").click().run()
    _no_exception(app)
    with Project(path) as project:
        memo = project.code_memos()["Burnout"]
        (entry,) = project.journal()
    assert (memo.text, memo.coder) == ("Tiredness that outlasts rest.", "Ana")
    assert (entry.text, entry.coder) == ("Agreed to merge two grief codes.", "Ana")


def test_use_as_exemplar_on_a_confirmed_card_puts_the_quote_first(app_with_sample):
    app, path = app_with_sample
    app.run().switch_page("app_pages/review.py").run()
    _button(app, "Confirm", 0).click().run()
    _button(app.run(), "Use as exemplar").click().run()
    _no_exception(app)
    with Project(path) as project:
        chosen = project.chosen_exemplars()
    assert sum(len(ids) for ids in chosen.values()) == 1
    from coding.report.paper import paper_tables

    with Project(path) as project:
        (theme, (segment,)), = chosen.items()
        text = project.segment_text(segment)
        first = paper_tables(project).themes.set_index("Theme").loc[theme, "Exemplar 1"]
    # Long quotes are trimmed to whole sentences; six words running are the segment's.
    words = text.split()
    assert any(" ".join(words[i:i + 6]) in first for i in range(len(words) - 5))
