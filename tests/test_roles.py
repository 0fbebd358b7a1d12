"""Accounts and roles on a team server: the library refuses what a role may not do,
whoever calls it, and a non-member cannot tell the project is there."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace

import pytest

from coding.cli import main
from coding.errors import AccountError, ProjectError, RoleError
from coding.model import Action, Code, Decision
from coding.store import Project, parse_address
from coding.store.accounts import sign_in
from tests.conftest import PASSWORD

def _state(address) -> tuple:
    with Project(address) as project:
        return project.codebook(), project.decisions(), project.blind()


def test_passwords_are_kept_as_argon2_hashes_and_checked(postgres, people):
    assert sign_in(postgres.url(), people["coder"], PASSWORD) == people["coder"]
    with pytest.raises(AccountError, match="wrong"):
        sign_in(postgres.url(), people["coder"], "not the password")
    with pytest.raises(AccountError, match="wrong"):
        sign_in(postgres.url(), people["gone"], PASSWORD)  # disabled
    with Project(postgres.project("hashes")) as project:
        stored = project.db.execute("SELECT password_hash FROM coding_accounts.users "
                                    "WHERE name=?", (people["coder"],)).fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_coder_cannot_change_the_codebook_or_blind_mode(team_project, people):
    before = _state(team_project)
    with Project(team_project, people["coder"]) as project:
        first = project.codebook().codes[0]
        with pytest.raises(RoleError, match="codebook.*lead"):
            project.save_code(replace(first, definition="mine now"), people["coder"], first)
        with pytest.raises(RoleError, match="codebook"):
            project.save_code(Code(name="New theme"), people["coder"])
        with pytest.raises(RoleError, match="blind"):
            project.set_blind(True)
    assert _state(team_project) == before


def test_a_coder_decides_under_their_own_name_only(team_project, people):
    with Project(team_project, people["coder"]) as project:
        segment, code = project.segments()[0].id, project.code_names()[0]
        project.record_decisions([Decision(segment, code, Action.CONFIRM, people["coder"])])
        with pytest.raises(RoleError, match="signed-in name"):
            project.record_decisions([Decision(segment, code, Action.REJECT, "consensus")])
    assert [d.coder for d in _state(team_project)[1]][-1] == people["coder"]


def test_a_viewer_cannot_decide_or_write_a_memo(team_project, people):
    before = _state(team_project)
    with Project(team_project, people["viewer"]) as project:
        segment, code = project.segments()[0].id, project.code_names()[0]
        for decision in (Decision(segment, code, Action.CONFIRM, people["viewer"]),
                         Decision(segment, "", Action.MEMO, people["viewer"], memo="hm")):
            with pytest.raises(RoleError, match="viewer may read and export"):
                project.record_decisions([decision])
        assert project.decisions() == before[1]  # reads are allowed
    assert _state(team_project) == before


def test_a_lead_changes_the_codebook_and_blind_mode(team_project, people):
    with Project(team_project, people["lead"]) as project:
        project.save_code(Code(name="Lead's theme"), people["lead"])
        project.set_blind(True)
    codebook, _, blind = _state(team_project)
    assert "Lead's theme" in codebook.names and blind


def test_a_non_member_sees_no_trace_of_the_project(team_project, people, postgres):
    with pytest.raises(ProjectError) as stranger:
        Project(team_project, people["stranger"])
    with pytest.raises(ProjectError) as disabled:
        Project(team_project, people["gone"])
    name = parse_address(team_project).name
    assert str(stranger.value) == (f"{name}: {people['stranger']} has no project named "
                                   f"{name} on this server. Fix: check the name, or ask the "
                                   "project's lead to add you.")
    assert "has no project named" in str(disabled.value)
    with Project(team_project) as project:  # and it is there
        assert project.has_transcripts()


def test_a_project_keeps_a_lead(team_project, people):
    with Project(team_project) as project:
        with pytest.raises(AccountError, match="only lead"):
            project.remove_member(people["lead"])
        with pytest.raises(AccountError, match="no enabled account"):
            project.set_member(people["gone"], "coder")
        project.set_member(people["coder"], "viewer")
        assert project.member_role(people["coder"]) == "viewer"


def test_whoever_makes_a_server_project_leads_it(postgres, people):
    address = postgres.project(f"new_{uuid.uuid4().hex[:8]}")
    with Project(address, people["coder"]) as project:
        assert [(m.name, m.role) for m in project.members()] == [(people["coder"], "lead")]
    with pytest.raises(ProjectError, match="has no project"):
        Project(address, people["viewer"])


def test_a_laptop_project_needs_no_accounts(sample_project):
    with Project(sample_project, "Ana") as project:
        assert project.role is None
        project.set_blind(True)
        with pytest.raises(AccountError, match="no members"):
            project.set_member("Ana", "lead")


def test_users_and_members_from_the_command_line(postgres, team_project, people, capsys,
                                                 monkeypatch):
    name = f"cli_{uuid.uuid4().hex[:6]}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", name, "--password-stdin", "--server", postgres.url()]) == 0
    assert main(["users", "list", "--server", postgres.url()]) == 0
    assert f"{name}\tenabled" in capsys.readouterr().out
    assert main(["members", "add", name, "--role", "coder", "--project", team_project]) == 0
    assert main(["members", "list", "--project", team_project]) == 0
    assert f"{name}\tcoder" in capsys.readouterr().out
    assert main(["users", "disable", name, "--server", postgres.url()]) == 0
    with pytest.raises(ProjectError):
        Project(team_project, name)
