"""The command line does what the library does, and says what went wrong."""

from __future__ import annotations

import csv

import pytest

from coding.cli import main
from coding.store import Project

pytestmark = pytest.mark.usefixtures("fake_default_embedder")  # `coding run` embeds


def test_run_status_export_and_decide(tmp_path, data_dir, small_codebook, capsys):
    project = str(tmp_path / "p.sqlite")
    assert main(["run", str(data_dir / "zoom_small.vtt"), str(data_dir / "otter_small.txt"),
                 "--codebook", str(small_codebook), "--project", project, "--quiet",
                 "--threshold", "0.3"]) == 0
    assert "2 transcript(s) imported" in capsys.readouterr().out

    with Project(project) as store:
        segment = store.segments()[1].id
    decisions = tmp_path / "decisions.csv"
    with decisions.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["segment_id", "theme", "action", "new_theme", "memo"])
        writer.writerow([segment, "Setting boundaries", "confirm", "", "clear example"])
        writer.writerow([segment, "Non-clinical practice challenges", "reject", "", ""])
    assert main(["decide", str(decisions), "--project", project, "--coder", "ana"]) == 0

    assert main(["status", "--project", project]) == 0
    status = capsys.readouterr().out
    assert "recorded 2 decision(s)" in status
    assert "2 transcripts, 6 segments (unit: turn)" in status and "2 decisions" in status
    boundaries = next(line for line in status.splitlines() if "Setting boundaries" in line)
    assert boundaries.split()[-2:] == ["1", "0"]  # confirmed 1, rejected 0

    settings = tmp_path / "settings.toml"
    settings.write_text("exemplars = 1\n", encoding="utf-8")
    assert main(["export", "--project", project, "--out", str(tmp_path / "out"),
                 "--settings", str(settings)]) == 0
    header = (tmp_path / "out" / "theme_table.csv").read_text(encoding="utf-8-sig").split("\n")[0]
    assert "Exemplar 1" in header and "Exemplar 2" not in header
    assert (tmp_path / "out" / "theme_table.xlsx").exists()


def test_bad_decision_row_is_reported_by_line_and_nothing_is_stored(tmp_path, data_dir,
                                                                    small_codebook, capsys):
    project = str(tmp_path / "p.sqlite")
    main(["run", str(data_dir / "zoom_small.vtt"), "--codebook", str(small_codebook),
          "--project", project, "--quiet"])
    with Project(project) as store:
        segment = store.segments()[0].id
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(f"segment_id,theme,action,coder\n{segment},Setting boundaries,"
                         f"confirm,ana\n{segment},Boundaries,confirm,ana\n", encoding="utf-8")
    assert main(["decide", str(decisions), "--project", project]) == 2
    error = capsys.readouterr().err
    assert "line 3 of" in error and "decisions.csv" in error and "'Boundaries'" in error
    with Project(project) as store:
        assert store.decisions() == []


def test_undo_takes_back_a_coders_latest_decisions_as_new_rows(tmp_path, sample_project,
                                                                capsys):
    with Project(sample_project) as store:
        segment = store.segments()[1].id
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("segment_id,theme,action,coder\n"
                         f"{segment},Burnout,confirm,ana\n{segment},Burnout,reject,ana\n",
                         encoding="utf-8")
    assert main(["decide", str(decisions), "--project", str(sample_project)]) == 0
    assert main(["undo", "--project", str(sample_project), "--coder", "ana"]) == 0
    assert "undid 1 decision(s) of ana" in capsys.readouterr().out
    with Project(sample_project) as store:
        assert store.pair_statuses()[(segment, "Burnout")] == "confirmed"
        assert [d.action for d in store.decisions()] == ["confirm", "reject", "undo"]


def test_missing_project_and_bad_codebook_give_readable_errors(tmp_path, data_dir, capsys):
    assert main(["status", "--project", str(tmp_path / "none.sqlite")]) == 2
    assert "project file not found" in capsys.readouterr().err
    assert main(["run", str(data_dir / "zoom_small.vtt"), "--codebook",
                 str(tmp_path / "missing.yaml"), "--project", str(tmp_path / "p.sqlite"),
                 "--quiet"]) == 2
    assert "codebook file not found" in capsys.readouterr().err


def test_python_dash_m_coding_is_the_same_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "coding", "--help"], capture_output=True,
                            text=True, check=True)
    for command in ("run", "export", "status", "decide"):
        assert command in result.stdout
