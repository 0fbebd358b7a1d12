"""Editing themes in a project: recorded, conflict-safe, and carrying decisions along."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coding.errors import CodebookError, EditConflictError
from coding.model import Action, Code, Decision, EditAction
from coding.report.tables import current_status
from coding.store import Project


def _first_segment(project: Project) -> str:
    return project.segments()[0].id


def _suggested(project: Project, theme: str) -> int:
    """How many suggestions of ``theme`` the project holds."""
    return sum(row["code"] == theme for row in project.table_rows("suggestions"))


def test_a_new_theme_is_stored_and_recorded_in_the_history(sample_store):
    with Project(sample_store) as project:
        code = Code(name="Mentoring", definition="Guiding a junior colleague.",
                    keywords=("mentor", "mentee"))
        assert project.save_code(code, coder="Ana") == EditAction.ADD
        assert project.codebook().code("Mentoring") == code
        last = project.codebook_edits()[-1]
    assert (last.code, last.action, last.before, last.after, last.coder) == (
        "Mentoring", EditAction.ADD, None, code, "Ana")


def test_an_edit_started_from_an_old_version_is_refused_and_changes_nothing(sample_store):
    with Project(sample_store) as first, Project(sample_store) as second:
        opened_by_ana = first.codebook().codes[0]
        opened_by_ben = second.codebook().codes[0]
        first.save_code(replace(opened_by_ana, definition="Ana's wording."), coder="Ana",
                        original=opened_by_ana)
        with pytest.raises(EditConflictError, match="changed or removed by someone else"):
            second.save_code(replace(opened_by_ben, definition="Ben's wording."), coder="Ben",
                             original=opened_by_ben)
        assert second.codebook().codes[0].definition == "Ana's wording."


def test_a_rename_carries_decisions_and_suggestions_and_keeps_the_position(sample_store):
    with Project(sample_store) as project:
        old = project.codebook().codes[1]
        segment = _first_segment(project)
        project.record_decisions([Decision(segment, old.name, Action.CONFIRM, coder="Ana")])
        suggested_before = _suggested(project, old.name)
        assert project.save_code(replace(old, name="Renamed theme"), coder="Ana",
                                 original=old) \
            == EditAction.RENAME
        assert project.code_names()[1] == "Renamed theme"
        assert old.name not in project.code_names()
        status = current_status(project.decisions())
        assert status[(segment, "Renamed theme")].action == Action.CONFIRM
        assert _suggested(project, "Renamed theme") == suggested_before
        assert project.codebook_edits()[-1].before == old


def _rows(project: Project, table: str) -> list[tuple]:
    return sorted(tuple(row) for row in project.table_rows(table))


def test_a_rename_changes_one_row_of_codes_and_no_decision_or_suggestion(sample_store, engine):
    """Decisions and suggestions refer to the theme's id, so the decision log is never
    rewritten: the rename is one changed row of ``codes`` and one history entry."""
    with Project(sample_store) as project:
        codes = project.codebook().codes
        old = next(c for c in codes if all(other.parent != c.name for other in codes))
        project.record_decisions([Decision(_first_segment(project), old.name,
                                           Action.CONFIRM, coder="Ana")])
        before = {table: _rows(project, table)
                  for table in ("codes", "decision_log", "suggestion_rows")}
        changes = project.db.total_changes if engine == "sqlite" else 0  # SQLite counts
        project.save_code(replace(old, name="Renamed theme"), coder="Ana", original=old)
        if engine == "sqlite":
            assert project.db.total_changes - changes == 2
        after = {table: _rows(project, table) for table in before}
        history = project.code_history("Renamed theme")
    assert after["decision_log"] == before["decision_log"]
    assert after["suggestion_rows"] == before["suggestion_rows"]
    changed = set(after["codes"]) ^ set(before["codes"])
    assert len(changed) == 2 and len({row[0] for row in changed}) == 1  # one id, renamed
    assert [(e.code, e.action) for e in history][-1] == ("Renamed theme", EditAction.RENAME)
    assert history[0].code == old.name


def test_renaming_onto_an_existing_theme_is_refused(sample_store):
    with Project(sample_store) as project:
        first, second = project.codebook().codes[:2]
        with pytest.raises(EditConflictError, match="already exists"):
            project.save_code(replace(first, name=second.name), coder="Ana",
                              original=first)
        assert project.codebook().codes[0] == first


@pytest.mark.parametrize("name", ["", "   ", "two\nlines", "x" * 81])
def test_unusable_names_are_refused_with_a_fix(sample_store, name):
    with Project(sample_store) as project, pytest.raises(CodebookError, match="Fix:"):
        project.save_code(Code(name=name), coder="Ana")


def test_a_theme_cannot_be_its_own_parent(sample_store):
    with Project(sample_store) as project:
        code = project.codebook().codes[0]
        with pytest.raises(CodebookError, match="own parent"):
            project.save_code(replace(code, parent=code.name), coder="Ana",
                              original=code)


def test_a_theme_with_decisions_cannot_be_deleted(sample_store):
    with Project(sample_store) as project:
        code = project.codebook().codes[0]
        project.record_decisions([Decision(_first_segment(project), code.name,
                                           Action.REJECT, coder="Ana")])
        with pytest.raises(CodebookError, match="lose their work"):
            project.delete_code(code, coder="Ana")
        assert code.name in project.code_names()


def test_deleting_an_undecided_theme_removes_its_suggestions_and_is_recorded(sample_store):
    with Project(sample_store) as project:
        code = project.codebook().codes[0]
        project.delete_code(code, coder="Ana")
        assert code.name not in project.code_names()
        assert _suggested(project, code.name) == 0
        assert project.codebook_edits()[-1].action == EditAction.DELETE


def test_loading_a_codebook_file_records_what_it_added(sample_store):
    with Project(sample_store) as project:
        added = [e.code for e in project.codebook_edits() if e.action == EditAction.ADD]
        assert added == project.code_names()


def test_a_memo_on_a_segment_needs_no_theme(sample_store):
    with Project(sample_store) as project:
        segment = _first_segment(project)
        project.record_decisions([Decision(segment, "", Action.MEMO, coder="Ana",
                                           memo="Laughter in the room.")])
        assert project.decisions()[-1].memo == "Laughter in the room."
