"""Upgrading project files: nothing a researcher did is lost, and an upgrade is all or
nothing. ``data/project_v1.sqlite`` was written by the code before migrations (see
``data/make_v1_project.py``); ``project_v1.expected.json`` is what that code read back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from coding.errors import ProjectError
from coding.model import EditAction
from coding.store import Project
from coding.store.migrations import STEPS, Step
from coding.store.migrations.step_001_first_tables import SQL as FIRST_TABLES
from coding.store.migrations.step_002_code_ids import RESTORED_BY
from coding.store.migrations.step_002_code_ids import apply as apply_step_2

#: The steps a file made before migrations gets on opening.
AFTER_FIRST = tuple(step.number for step in STEPS[1:])

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "project_v1.sqlite"
EXPECTED = json.loads((DATA / "project_v1.expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def v1_file(tmp_path: Path) -> Path:
    """A private copy of the file made by the old code."""
    path = tmp_path / "study.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def plain(value: object) -> object:
    """As JSON would give it back: tuples become lists, enums their values."""
    return json.loads(json.dumps(value))


def raw(path: Path, query: str, params: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(query, params).fetchall()
    finally:
        db.close()


def backups(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(f"{path.name}*.bak"))


# -- nothing is lost --------------------------------------------------------------------

def test_every_decision_reads_back_exactly_as_the_old_code_read_it(v1_file):
    with Project(v1_file) as project:
        decisions = [plain(asdict(d)) for d in project.decisions()]
    assert decisions == EXPECTED["decisions"]
    assert {d["action"] for d in decisions} == {"confirm", "reject", "relabel", "memo"}
    assert {d["coder"] for d in decisions} == {"ana", "ben"}


def test_codebook_history_suggestions_and_speakers_read_back_unchanged(v1_file):
    with Project(v1_file) as project:
        assert plain(asdict(project.codebook())) == EXPECTED["codebook"]
        edits = [{"code": e.code, "action": e.action.value,
                  "before": e.before.name if e.before else None,
                  "after": e.after.name if e.after else None,
                  "coder": e.coder, "edited_at": e.edited_at}
                 for e in project.codebook_edits()]
        assert edits == EXPECTED["codebook_edits"]
        suggested = Counter(row["code"] for row in project.table_rows("suggestions"))
        assert suggested == EXPECTED["suggestions"]
        assert plain([asdict(e) for e in project.speaker_map()]) == EXPECTED["speaker_map"]
        assert project.participant_attributes() == EXPECTED["participant_attributes"]


def test_a_promoted_theme_now_names_its_code_as_renamed(v1_file):
    """The old code left ``promoted_to`` on the name the code was promoted under; the
    upgrade finds the code through the edit history, and from now on follows it."""
    with Project(v1_file) as project:
        themes = [{"number": t.number, "name": t.name, "status": t.status.value,
                   "promoted_to": t.promoted_to, "covered_by": t.covered_by}
                  for t in project.themes("fit-v1")]
        renamed = "Peer support among friendtors"
        assert renamed in project.code_names()
        assert themes == [{**EXPECTED["themes"][0], "promoted_to": renamed},
                          EXPECTED["themes"][1]]
        code = project.stored_code(renamed)
        project.save_code(replace(code, name="Peer support"), coder="ana", original=code)
        assert project.theme("fit-v1", 0).promoted_to == "Peer support"


def test_a_promoted_theme_whose_code_is_deleted_shows_the_name_it_was_promoted_under(
        v1_file):
    with Project(v1_file) as project:
        project.delete_code(project.stored_code("Peer support among friendtors"), coder="ana")
        assert project.theme("fit-v1", 0).promoted_to == "Peer support"


def test_the_history_of_a_code_is_followed_through_its_rename(v1_file):
    with Project(v1_file) as project:
        history = project.code_history("Boundaries")
        codes = dict(raw(v1_file, "SELECT name, id FROM codes"))
        deleted = [e.code_id for e in project.codebook_edits() if e.code == "Temporary"]
    assert [(e.code, e.action) for e in history] == [
        ("Setting boundaries", EditAction.ADD), ("Setting boundaries", EditAction.EDIT),
        ("Boundaries", EditAction.RENAME)]
    assert {e.code_id for e in history} == {codes["Boundaries"]}
    # a code deleted before ids existed keeps one id of its own, never given to another
    assert len(set(deleted)) == 1 and deleted[0] not in codes.values()


def test_codes_are_numbered_in_codebook_order(v1_file):
    Project(v1_file).close()
    ids = [row[0] for row in raw(v1_file, "SELECT id FROM codes ORDER BY position")]
    assert ids == sorted(ids)


def test_a_decision_on_a_code_missing_from_the_codebook_is_kept(v1_file):
    """The old code could lose a code under a decision (a deletion racing the decision);
    the upgrade puts the code back rather than drop the decision."""
    missing = "Non-clinical practice challenges"
    db = sqlite3.connect(v1_file)
    db.execute("DELETE FROM codes WHERE name=?", (missing,))
    db.commit()
    db.close()
    with Project(v1_file) as project:
        assert [plain(asdict(d)) for d in project.decisions()] == EXPECTED["decisions"]
        assert project.code_names()[-1] == missing
        assert project.stored_code(missing).definition == ""
        restored = project.code_history(missing)
    # its whole history stays with it, and the last entry says the upgrade put it back
    assert [(e.action, e.coder) for e in restored] == [
        (EditAction.ADD, "codebook file"), (EditAction.EDIT, "ben"),
        (EditAction.ADD, RESTORED_BY)]


# -- the upgrade itself -----------------------------------------------------------------

def test_the_upgrade_keeps_a_byte_identical_backup_and_records_every_step(v1_file):
    with Project(v1_file) as project:
        assert project.upgraded.applied == AFTER_FIRST
        assert project.upgraded.backup == v1_file.with_name("study.sqlite.bak")
        recorded = raw(v1_file, "SELECT number, description, applied_at, note "
                                "FROM migrations ORDER BY number")
        assert project.meta("schema") == str(STEPS[-1].number)
    assert project.upgraded.backup.read_bytes() == FIXTURE.read_bytes()
    assert [(r[0], r[1]) for r in recorded] == [(s.number, s.description) for s in STEPS]
    assert recorded[0][3] and not recorded[1][3]  # step 1 was found, not run
    assert all(r[2] for r in recorded)


def test_reopening_runs_nothing_and_makes_no_new_backup(v1_file):
    Project(v1_file).close()
    before = raw(v1_file, "SELECT * FROM migrations")
    with Project(v1_file) as project:
        assert project.upgraded.applied == () and project.upgraded.backup is None
    assert raw(v1_file, "SELECT * FROM migrations") == before
    assert backups(v1_file) == ["study.sqlite.bak"]


def test_two_programs_opening_an_old_file_at_once_upgrade_it_once(v1_file):
    from concurrent.futures import ThreadPoolExecutor

    def open_and_report(_: int) -> tuple[tuple[int, ...], Path | None]:
        with Project(v1_file) as project:
            return project.upgraded.applied, project.upgraded.backup

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(open_and_report, range(4)))
    assert [r for r in results if r[0]] == [(AFTER_FIRST, v1_file.with_name("study.sqlite.bak"))]
    assert backups(v1_file) == ["study.sqlite.bak"]


def test_a_new_project_gets_every_step_and_no_backup(tmp_path):
    path = tmp_path / "new.sqlite"
    with Project(path) as project:
        assert project.upgraded.applied == tuple(s.number for s in STEPS)
        assert project.upgraded.backup is None
        assert raw(path, "SELECT number FROM migrations") == [(step.number,) for step in STEPS]
    assert backups(path) == []


def test_an_earlier_backup_is_never_overwritten(v1_file):
    earlier = v1_file.with_name("study.sqlite.bak")
    earlier.write_bytes(b"a copy the researcher made last year")
    with Project(v1_file) as project:
        assert project.upgraded.backup == v1_file.with_name("study.sqlite.v1.bak")
    assert earlier.read_bytes() == b"a copy the researcher made last year"
    assert project.upgraded.backup.read_bytes() == FIXTURE.read_bytes()


def test_content_still_in_the_write_ahead_log_is_in_the_backup(v1_file):
    """Another program has committed a change that is only in the -wal file yet: the
    backup (SQLite's backup API then) holds it."""
    other = sqlite3.connect(v1_file, isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("PRAGMA wal_autocheckpoint=0")
        other.execute("INSERT INTO meta VALUES ('note', 'written by another program')")
        assert Path(f"{v1_file}-wal").stat().st_size > 0
        with Project(v1_file) as project:
            copy = project.upgraded.backup
    finally:
        other.close()
    assert raw(copy, "SELECT value FROM meta WHERE key='note'") == [
        ("written by another program",)]
    assert raw(copy, "SELECT COUNT(*) FROM decisions") == [(len(EXPECTED["decisions"]),)]


def _fails_halfway(cursor) -> None:
    apply_step_2(cursor)  # every table rebuilt, then:
    raise RuntimeError("power cut")


def _bad_sql(cursor) -> None:
    apply_step_2(cursor)
    cursor.execute("ALTER TABLE no_such_table ADD COLUMN x")


@pytest.mark.parametrize("apply, error, message", [
    (_fails_halfway, RuntimeError, "power cut"),
    (_bad_sql, ProjectError, "could not upgrade the file to step 2.*nothing was changed"),
])
def test_a_failing_step_changes_nothing_and_the_file_still_opens(
        v1_file, monkeypatch, apply, error, message):
    failing = (STEPS[0], Step(2, "fails part-way", apply))
    monkeypatch.setattr("coding.store.project.STEPS", failing)
    with pytest.raises(error, match=message):
        Project(v1_file)
    assert v1_file.read_bytes() == FIXTURE.read_bytes()
    assert raw(v1_file, "SELECT name FROM sqlite_master WHERE name='migrations'") == []
    monkeypatch.undo()
    with Project(v1_file) as project:
        assert [plain(asdict(d)) for d in project.decisions()] == EXPECTED["decisions"]
        assert project.upgraded.backup.name == "study.sqlite.v1.bak"  # the first one stays


# -- files this code must not touch ------------------------------------------------------

def test_a_file_with_a_step_this_code_does_not_know_is_refused(v1_file):
    Project(v1_file).close()
    db = sqlite3.connect(v1_file)
    db.execute("INSERT INTO migrations VALUES (99, 'from the future', '2031-01-01', '')")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match=r"study\.sqlite: made by a newer version.*step 99"
                                           r".*Fix: update focus-coding"):
        Project(v1_file)


def test_a_file_from_before_migrations_with_another_schema_is_refused(v1_file):
    db = sqlite3.connect(v1_file)
    db.execute("UPDATE meta SET value='7' WHERE key='schema'")
    db.commit()
    db.close()
    with pytest.raises(ProjectError, match="newer version.*schema 7.*update focus-coding"):
        Project(v1_file)
    assert backups(v1_file) == []


def test_another_programs_database_is_not_turned_into_a_project(tmp_path):
    path = tmp_path / "other.sqlite"
    raw(path, "CREATE TABLE invoices (number INTEGER)")
    with pytest.raises(ProjectError, match="not a project file.*invoices"):
        Project(path)
    assert raw(path, "SELECT name FROM sqlite_master") == [("invoices",)]


def test_the_code_before_migrations_cannot_change_an_upgraded_file(v1_file):
    """On open, the old code ran step 1's script (CREATE … IF NOT EXISTS) and then checked
    meta.schema. On an upgraded file the script stops at its index on ``decisions`` (a
    view now), before changing anything, so the old code refuses the file, in its own
    words: "not a project file (views may not be indexed)"."""
    Project(v1_file).close()
    before = raw(v1_file, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    db = sqlite3.connect(v1_file)
    with pytest.raises(sqlite3.OperationalError, match="views may not be indexed"):
        db.executescript(FIRST_TABLES)
    db.close()
    assert raw(v1_file, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert raw(v1_file, "SELECT value FROM meta WHERE key='schema'") == [(str(STEPS[-1].number),)]
