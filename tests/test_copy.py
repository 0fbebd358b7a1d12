"""``coding copy``: a project moves between a SQLite file and a PostgreSQL server with
every row, every decision and the same export bytes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from coding.cli import main
from coding.errors import ProjectError
from coding.model import Action, Code, Decision
from coding.pipeline import export_project
from coding.store import Project


def _everything(address) -> dict[str, list[tuple]]:
    with Project(address) as project:
        return {name: sorted((tuple(row) for row in project.table_rows(name)), key=repr)
                for name in project.table_names() if name != "migrations"}


def _decisions(address) -> list[Decision]:
    with Project(address) as project:
        return project.decisions()


@pytest.fixture
def worked_on(sample_project):
    """The sample study after some team work: each kind of decision, a renamed theme and
    a deleted one (whose id must never be given again)."""
    with Project(sample_project) as project:
        segments = [s.id for s in project.segments()[:3]]
        first, second = project.codebook().codes[:2]
        project.record_decisions([
            Decision(segments[0], first.name, Action.CONFIRM, coder="Ana"),
            Decision(segments[1], first.name, Action.RELABEL, coder="Ben",
                     new_code=second.name, memo="closer to this one"),
            Decision(segments[2], "", Action.MEMO, coder="Ana", memo="100% café ünïcode ?:x")])
        project.save_code(replace(second, name="Renamed"), coder="Ana", original=second)
        doomed = Code(name="Doomed", definition="added, then removed")
        project.save_code(doomed, coder="Ana")
        project.delete_code(doomed, coder="Ana")
    return sample_project


def test_a_project_goes_to_the_server_and_back_unchanged(worked_on, postgres, tmp_path):
    on_server = postgres.project("copied")
    back = tmp_path / "back.sqlite"
    assert main(["copy", str(worked_on), on_server]) == 0
    assert main(["copy", on_server, str(back)]) == 0
    original = _everything(worked_on)
    assert _everything(on_server) == original
    assert _everything(back) == original
    assert _decisions(on_server) == _decisions(worked_on) == _decisions(back)
    exports = [export_project(address, tmp_path / name, include_suggested=True)
               for name, address in (("a", worked_on), ("b", on_server), ("c", back))]
    for files in zip(*exports):
        assert len({file.read_bytes() for file in files}) == 1, files[0].name


def test_a_copy_goes_on_numbering_after_a_deleted_theme(worked_on, postgres):
    on_server = postgres.project("numbering")
    main(["copy", str(worked_on), on_server])
    ids = []
    for address in (worked_on, on_server):
        with Project(address) as project:
            project.save_code(Code(name="Brand new"), coder="Ana")
            ids.append(next(r["id"] for r in project.table_rows("codes")
                            if r["name"] == "Brand new"))
    assert ids[0] == ids[1]
    with Project(worked_on) as project:
        deleted = max(e.code_id for e in project.codebook_edits() if e.code == "Doomed")
    assert ids[0] > deleted


def test_a_copy_never_merges_into_a_project_that_holds_anything(sample_store,
                                                                 sample_project_once, capsys):
    before = _everything(sample_store)
    assert main(["copy", str(sample_project_once), str(sample_store)]) == 2
    assert "never merges" in capsys.readouterr().err
    assert _everything(sample_store) == before


def test_a_server_address_must_name_the_database_and_the_project(postgres):
    with pytest.raises(ProjectError, match="DATABASE/PROJECT"):
        Project(postgres.url())
