"""The project: no duplicates, append-only decisions, all-or-nothing (on both engines)."""

from __future__ import annotations

import pytest

from coding.errors import DecisionError, ProjectError
from coding.model import Action, Decision
from coding.readers import read_transcript
from coding.report.tables import current_status
from coding.segment import segment_transcript
from coding.store import Project


def _table_counts(address) -> dict[str, int]:
    with Project(address) as project:
        return {table: len(project.table_rows(table)) for table in project.table_names()}


@pytest.fixture
def stored(project_address, data_dir):
    transcript = read_transcript(data_dir / "zoom_small.vtt")
    segments = segment_transcript(transcript)
    from coding.codebooks import load_codebook

    with Project(project_address) as project:
        project.add_transcript(transcript, segments, "turn")
        project.set_codebook(load_codebook(data_dir / "codebook_small.yaml"))
    return project_address, transcript, segments


def test_adding_the_same_transcript_twice_changes_nothing(stored):
    path, transcript, segments = stored
    before = _table_counts(path)
    with Project(path) as project:
        assert project.add_transcript(transcript, segments, "turn") is False
    assert _table_counts(path) == before
    assert before["segments"] == 3 and before["turns"] == 3


def test_a_different_file_with_a_stored_name_is_refused(stored, tmp_path, data_dir):
    path, _, _ = stored
    changed = tmp_path / "zoom_small.vtt"
    changed.write_text((data_dir / "zoom_small.vtt").read_text() + "\n7\n00:00:30.000 --> "
                       "00:00:31.000\nDev Patel: Me next.\n", encoding="utf-8")
    other = read_transcript(changed)
    with Project(path) as project, pytest.raises(ProjectError, match="rename"):
        project.add_transcript(other, segment_transcript(other), "turn")


def test_decisions_are_appended_and_the_latest_one_counts(stored):
    path, _, segments = stored
    first, second = segments[1].id, segments[2].id
    with Project(path) as project:
        project.record_decisions([
            Decision(first, "Setting boundaries", Action.CONFIRM, "ana"),
            Decision(second, "Setting boundaries", Action.REJECT, "ana", memo="not about limits"),
        ])
        project.record_decisions([
            Decision(second, "Setting boundaries", Action.RELABEL, "ben",
                     new_code="Non-clinical practice challenges"),
        ])
        history = project.decisions()
    assert [d.action for d in history] == [Action.CONFIRM, Action.REJECT, Action.RELABEL]
    assert history[1].memo == "not about limits" and history[0].decided_at
    status = {pair: d.action for pair, d in current_status(history).items()}
    assert status == {(first, "Setting boundaries"): Action.CONFIRM,
                      (second, "Setting boundaries"): Action.REJECT,
                      (second, "Non-clinical practice challenges"): Action.CONFIRM}


@pytest.mark.parametrize("bad, message", [
    (Decision("nope:0:0-1", "Setting boundaries", Action.CONFIRM, "ana"), "no segment"),
    (Decision("SEG", "Unknown theme", Action.CONFIRM, "ana"), "no code"),
    (Decision("SEG", "Setting boundaries", Action.CONFIRM, "  "), "no coder"),
    (Decision("SEG", "Setting boundaries", Action.RELABEL, "ana", new_code=""), "relabel"),
    (Decision("SEG", "Setting boundaries", Action.CONFIRM, "ana", new_code="Unknown theme"),
     "given as the new code"),
])
def test_one_bad_decision_means_none_is_written(stored, bad, message):
    path, _, segments = stored
    bad = Decision(bad.segment_id.replace("SEG", segments[0].id), bad.code, bad.action,
                   bad.coder, new_code=bad.new_code)
    good = Decision(segments[0].id, "Setting boundaries", Action.CONFIRM, "ana")
    with Project(path) as project:
        with pytest.raises(DecisionError, match=message) as caught:
            project.record_decisions([good, bad])
        assert caught.value.row == 2
        assert project.decisions() == []


def test_a_file_that_is_not_a_project_is_refused(tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"this is not a database, just text " * 100)
    with pytest.raises(ProjectError, match="not a project file"):
        Project(junk)


def test_dropping_a_code_keeps_it_while_decisions_use_it(stored, data_dir):
    from coding.codebooks import load_codebook
    from coding.model import Codebook

    path, _, segments = stored
    book = load_codebook(data_dir / "codebook_small.yaml")
    with Project(path) as project:
        project.record_decisions([Decision(segments[0].id, "Setting boundaries",
                                           Action.CONFIRM, "ana")])
        project.set_codebook(Codebook("smaller", book.codes[1:]))
        assert "Setting boundaries" in project.code_names()
        project.set_codebook(Codebook("smaller", book.codes[:1]))
        assert "Non-clinical practice challenges" not in project.code_names()


def test_a_new_project_gets_every_migration_step_on_either_engine(project_address):
    from coding.store.migrations import STEPS

    with Project(project_address) as project:
        steps = [row["number"] for row in project.table_rows("migrations")]
        assert sorted(steps) == [step.number for step in STEPS]
        assert project.meta("schema") == str(STEPS[-1].number)
