"""Coder packages: each coder codes in a copy of the master project file, exports their
decisions and memos as one file, and the lead imports the files into the master."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from coding.errors import PackageError
from coding.model import Action, Code, Decision, Status
from coding.review.agreement import project_agreement
from coding.review.cards import ReviewFilter, find_segments, segment_cards
from coding.review.packages import export_package, import_package, import_packages
from coding.review.reconcile import reconciliation
from coding.review.undo import undo_last_act
from coding.store import Project
from tests.conftest import DATA


def _pairs(path, count: int = 3) -> list[tuple[str, str]]:
    """(segment, its first suggested theme) of the first ``count`` segments to review."""
    with Project(path) as project:
        cards = segment_cards(project, find_segments(project, ReviewFilter())[:count])
    return [(card.id, card.themes[0].code) for card in cards]


def _code(path, coder: str, pairs, reject: int | None = None,
          when: str = "2026-03-0{}T10:00:00+00:00"):
    """``coder`` confirms each pair (rejects the one numbered ``reject``) and writes a memo
    on the first segment, at fixed times a day apart."""
    decisions = [Decision(segment, theme, Action.REJECT if n == reject else Action.CONFIRM,
                          coder=coder, decided_at=when.format(n + 1))
                 for n, (segment, theme) in enumerate(pairs)]
    decisions.append(Decision(pairs[0][0], "", Action.MEMO, coder=coder,
                              memo=f"{coder}: burnout or boundaries?",
                              decided_at=when.format(len(pairs) + 1)))
    with Project(path) as project:
        project.record_decisions(decisions)
    return decisions


def _export(path, coder: str) -> bytes:
    with Project(path) as project:
        return export_package(project, coder, project_name="friendtor")


@pytest.fixture
def team(sample_project, tmp_path):
    """The lead's master project and two coders' copies of it (files copied before coding),
    each coded blind: Ana and Ben agree except on the second segment."""
    master = sample_project
    copies = {}
    for coder in ("Ana", "Ben"):
        copies[coder] = tmp_path / coder / "friendtor.sqlite"
        copies[coder].parent.mkdir()
        copies[coder].write_bytes(master.read_bytes())
    pairs = _pairs(master)
    made = {"Ana": _code(copies["Ana"], "Ana", pairs),
            "Ben": _code(copies["Ben"], "Ben", pairs, reject=1)}
    return master, copies, pairs, made


def test_two_coders_packages_merge_into_the_master_with_coder_and_time_kept(team):
    master, copies, pairs, made = team
    packages = [(f"{coder}.package.json", _export(copies[coder], coder)) for coder in copies]
    with Project(master) as project:
        reports = import_packages(project, packages)
        stored = project.decisions()
        agreement = project_agreement(project, bootstrap=0)
        view = reconciliation(project)
    assert [(r.coder, r.added, r.already, r.error) for r in reports] == [
        ("Ana", 4, 0, ""), ("Ben", 4, 0, "")]
    assert stored == made["Ana"] + made["Ben"]  # same coder, time, memo, order
    assert set(agreement.coders) == {"Ana", "Ben"}
    assert agreement.compared == 3
    assert set(view.coders) == {"Ana", "Ben"}
    assert list(view.rows["segment_id"]) == [pairs[1][0]]  # the one they disagree on


def test_importing_the_same_package_twice_adds_nothing(team, project_tables):
    master, copies, _, _ = team
    package = _export(copies["Ana"], "Ana")
    with Project(master) as project:
        first = import_package(project, "ana.package.json", package)
    before = project_tables(master)
    with Project(master) as project:
        again = import_package(project, "ana.package.json", package)
    assert (first.added, again.added, again.already) == (4, 0, 4)
    assert project_tables(master) == before


def test_a_later_package_of_the_same_coder_adds_only_the_new_decisions(team):
    master, copies, pairs, _ = team
    with Project(master) as project:
        import_package(project, "ana-week1.package.json", _export(copies["Ana"], "Ana"))
    extra = _code(copies["Ana"], "Ana", _pairs(copies["Ana"], 5)[3:],
                  when="2026-03-1{}T10:00:00+00:00")
    with Project(master) as project:
        report = import_package(project, "ana-week2.package.json", _export(copies["Ana"], "Ana"))
        stored = project.coder_decisions("Ana")
    assert (report.added, report.already) == (len(extra), 4)
    assert stored[-len(extra):] == extra


def test_decisions_already_in_the_copied_master_are_not_added_again(team):
    master, _, pairs, _ = team
    lead_made = _code(master, "Ana", pairs[:1])  # Ana coded in the master before copying
    copy = master.with_name("ana-copy.sqlite")
    copy.write_bytes(master.read_bytes())
    with Project(master) as project:
        report = import_package(project, "ana.package.json", _export(copy, "Ana"))
        assert project.coder_decisions("Ana") == lead_made
    assert (report.added, report.already) == (0, len(lead_made))


def test_a_package_from_a_copy_with_other_transcript_text_is_refused(imported_project, tmp_path,
                                                                    fake_embedder,
                                                                    project_tables):
    from coding.uploads import import_uploads

    text = (DATA / "zoom_small.vtt").read_text(encoding="utf-8")
    edited = text.replace("brave", "bold")
    assert edited != text
    other = tmp_path / "other" / "project.sqlite"
    import_uploads([("zoom_small.vtt", edited.encode("utf-8"))], None, other,
                   embedder=fake_embedder)
    with Project(other) as project:
        segment = project.segment_ids()[0]
        project.record_decisions([Decision(segment, "", Action.MEMO, coder="Ana",
                                           memo="a memo")])
        package = export_package(project, "Ana")
    before = project_tables(imported_project)
    with Project(imported_project) as project, pytest.raises(PackageError) as refused:
        import_package(project, "ana.package.json", package)
    message = str(refused.value)
    assert message.startswith("ana.package.json: refused")
    assert "'zoom_small.vtt' is another file than the master's of that name" in message
    assert "Fix: code in a copy of the master project file" in message
    assert project_tables(imported_project) == before


def test_a_package_whose_transcript_text_was_read_differently_is_refused(team):
    master, copies, _, _ = team
    package = json.loads(_export(copies["Ana"], "Ana"))
    package["transcripts"][0]["text_sha256"] = "0" * 64
    same_file_other_text = "is the same file, but the master holds different text"
    with Project(master) as project, pytest.raises(PackageError,
                                                   match=same_file_other_text) as refused:
        import_package(project, "ana.package.json", json.dumps(package).encode())
    assert package["transcripts"][0]["name"] in str(refused.value)


def test_a_theme_the_master_lacks_is_refused_by_name_until_the_lead_adds_it(team,
                                                                          project_tables):
    master, copies, pairs, _ = team
    with Project(copies["Ana"]) as project:
        project.save_code(Code("Gallows humour", definition="jokes about death"), "Ana")
        project.record_decisions([Decision(pairs[2][0], "Gallows humour", Action.CONFIRM,
                                           coder="Ana")])
    package = _export(copies["Ana"], "Ana")
    before = project_tables(master)
    with Project(master) as project, pytest.raises(PackageError,
                                                   match="no theme 'Gallows humour'"):
        import_package(project, "ana.package.json", package)
    assert project_tables(master) == before
    with Project(master) as project:
        project.save_code(Code("Gallows humour"), "Lead")
        assert import_package(project, "ana.package.json", package).added == 5


def test_a_theme_renamed_in_the_master_takes_the_coders_decisions_under_its_new_name(team):
    master, copies, pairs, _ = team
    old = pairs[0][1]
    with Project(master) as project:
        stored = project.stored_code(old)
        project.save_code(replace(stored, name="Renamed"), "Lead", original=stored)
        report = import_package(project, "ana.package.json", _export(copies["Ana"], "Ana"))
        again = import_package(project, "ana.package.json", _export(copies["Ana"], "Ana"))
        codes = {d.code for d in project.coder_decisions("Ana")}
    assert report.renamed == {old: "Renamed"}
    assert "Renamed" in codes and old not in codes
    assert again.added == 0


def test_one_bad_file_does_not_stop_the_others(team):
    master, copies, _, _ = team
    with Project(master) as project:
        reports = import_packages(project, [("notes.txt", b"not a package"),
                                            ("ben.package.json", _export(copies["Ben"], "Ben"))])
        assert project.status_coders() == ["Ben"]
    assert reports[0].error.startswith("notes.txt: not a coder package")
    assert reports[1].added == 4


def test_a_package_with_one_bad_decision_writes_nothing(team, project_tables):
    master, copies, _, _ = team
    package = json.loads(_export(copies["Ana"], "Ana"))
    package["decisions"][-1].update(action="relabel", code=package["decisions"][0]["code"],
                                    new_code=package["decisions"][0]["code"])
    before = project_tables(master)
    with Project(master) as project, pytest.raises(PackageError, match="same code"):
        import_package(project, "ana.package.json", json.dumps(package).encode())
    assert project_tables(master) == before


def test_blind_coding_and_the_status_rule_hold_for_imported_decisions(team):
    master, copies, pairs, _ = team
    with Project(master) as project:
        import_packages(project, [(f"{c}.json", _export(copies[c], c)) for c in copies])
        project.set_blind(True)
        confirmed = ReviewFilter(status=Status.CONFIRMED.value)
        ana = find_segments(project, confirmed, viewer="Ana")
        ben = find_segments(project, confirmed, viewer="Ben")
        carl = find_segments(project, confirmed, viewer="Carl")
    assert ana == [segment for segment, _ in pairs]
    assert ben == [pairs[0][0], pairs[2][0]]
    assert carl == []


def test_exporting_for_a_coder_without_decisions_names_who_has_some(team):
    _, copies, _, _ = team
    with Project(copies["Ana"]) as project, pytest.raises(PackageError) as refused:
        export_package(project, "Anna")
    assert str(refused.value) == ("'Anna' has no decisions or memos in this project yet. "
                                  "Fix: give the name as recorded with the decisions: Ana.")


def test_the_command_line_exports_and_imports_with_a_report_per_file(team, tmp_path, capsys):
    from coding.cli import main

    master, copies, _, made = team
    ana = tmp_path / "ana.package.json"
    assert main(["package", "export", "--project", str(copies["Ana"]), "--coder", "Ana",
                 "--out", str(ana)]) == 0
    assert "wrote 4 decision(s) and memo(s) of Ana" in capsys.readouterr().out
    assert main(["package", "export", "--project", str(copies["Ben"]), "--coder", "Ben"]) == 0
    ben = copies["Ben"].with_name("friendtor-Ben.package.json")
    assert ben.exists()
    capsys.readouterr()
    missing = tmp_path / "carl.package.json"
    assert main(["package", "import", "--project", str(master), str(ana), str(missing),
                 str(ben)]) == 1
    out, err = capsys.readouterr()
    assert f"{ana}: 4 decision(s) of Ana added, 0 already in the project." in out
    assert f"{ben}: 4 decision(s) of Ben added" in out
    assert f"{missing}: cannot be read" in err
    assert "2 package(s) imported, 1 refused." in out
    with Project(master) as project:
        assert project.decisions() == made["Ana"] + made["Ben"]
    assert main(["package", "import", "--project", str(master), str(ana)]) == 0
    assert "0 decision(s) of Ana added, 4 already in the project." in capsys.readouterr().out


def test_exporting_an_unknown_coder_on_the_command_line_is_an_error(team, capsys):
    from coding.cli import main

    _, copies, _, _ = team
    assert main(["package", "export", "--project", str(copies["Ana"]), "--coder", "Zoe"]) == 2
    assert "'Zoe' has no decisions or memos" in capsys.readouterr().err


def test_a_package_on_a_transcript_the_master_lacks_is_refused_naming_it(imported_project,
                                                                      tmp_path, data_dir,
                                                                      fake_embedder):
    from coding.uploads import import_uploads

    other = tmp_path / "other" / "project.sqlite"
    import_uploads([("plain_small.txt", (data_dir / "plain_small.txt").read_bytes())], None,
                   other, embedder=fake_embedder)
    with Project(other) as project:
        project.record_decisions([Decision(project.segment_ids()[0], "", Action.MEMO,
                                           coder="Ben", memo="a memo")])
        package = export_package(project, "Ben")
    with Project(imported_project) as project:
        report, = import_packages(project, [("ben.package.json", package)])
        assert project.decisions() == []
    assert "'plain_small.txt' (content " in report.error
    assert "is not in the master" in report.error


def test_a_package_carries_what_the_coder_left_standing_after_an_undo(team):
    master, copies, pairs, made = team
    with Project(copies["Ana"]) as project:
        undo_last_act(project, "Ana")  # her memo
    with Project(master) as project:
        report = import_package(project, "Ana.package.json", _export(copies["Ana"], "Ana"))
        assert (report.added, report.error) == (3, "")
        assert project.decisions() == made["Ana"][:3]
