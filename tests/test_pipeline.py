"""The whole job on the sample study: run, decide, re-run, export."""

from __future__ import annotations

import shutil
import sqlite3

import pandas as pd
import pytest

from coding.config import Settings
from coding.errors import ProjectError
from coding.model import Action, Decision, Unit
from coding.cli.common import ProgressBars
from coding.pipeline import export_project, run_pipeline
from coding.report.bundle import UNREVIEWED
from coding.store import Project
from tests.conftest import SAMPLE_CODEBOOK, SAMPLE_TRANSCRIPTS

SEED_THEMES = ["Major life decisions", "Setting boundaries", "Non-clinical practice challenges",
               "Burnout", "Celebrating milestones", "Shared academic pursuits"]


def _counts(path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("transcripts", "turns", "segments", "codes", "suggestions",
                              "decisions", "embeddings")}
    finally:
        db.close()


@pytest.mark.slow  # which themes the real model suggests on the sample study
def test_sample_study_gives_suggestions_for_every_seed_theme(sample_project_real, tmp_path):
    files = export_project(sample_project_real, tmp_path / "out", include_suggested=True)
    themes = pd.read_csv(tmp_path / "out" / f"theme_table{UNREVIEWED}.csv",
                         encoding="utf-8-sig")
    assert f"theme_table{UNREVIEWED}.docx" in [f.name for f in files]
    for theme in SEED_THEMES:
        row = themes.set_index("Theme").loc[theme]
        assert row["Of which suggested, not reviewed (n)"] > 0, theme
        assert int(row["Meetings (n/N)"].split("/")[0]) >= 2, theme
        # “quote” — Speaker · Monthly meeting N (date) · hh:mm:ss (no time for plain text)
        assert row["Exemplar 1"].startswith("“")
        assert " · Monthly meeting " in row["Exemplar 1"] or " · Year-end" in row["Exemplar 1"]
        assert "(2025-" in row["Exemplar 1"]


@pytest.mark.slow  # the run names the model that made the vectors: here the real one
def test_run_records_settings_versions_and_timings(sample_project_real):
    with Project(sample_project_real) as project:
        (run,) = project.runs()
    assert run.settings["threshold"] == Settings().threshold
    assert run.versions["model"] == "all-MiniLM-L6-v2" and "spacy" in run.versions
    assert run.timings["total_s"] > 0 and run.counts["imported"] >= 5


def test_second_run_adds_nothing_and_keeps_decisions(sample_project, fake_embedder):
    with Project(sample_project) as project:
        segment = project.segments()[5]
        project.record_decisions([
            Decision(segment.id, "Burnout", Action.CONFIRM, "ana"),
            Decision(segment.id, "Setting boundaries", Action.REJECT, "ana")])
        decisions_before = project.decisions()
    before = _counts(sample_project)
    report = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, sample_project, Settings(),
                          embedder=fake_embedder)
    assert report.imported == [] and len(report.unchanged) == before["transcripts"]
    assert _counts(sample_project) == before
    with Project(sample_project) as project:
        assert project.decisions() == decisions_before
        assert len(project.runs()) == 2


def test_a_file_already_in_the_project_is_recognised_by_its_bytes_without_parsing(
        sample_project, fake_embedder, monkeypatch):
    def parse(*_args, **_kwargs):
        raise AssertionError("a known file was parsed again")

    with Project(sample_project) as project:
        stored = sorted(t.name for t in project.transcripts_in_meeting_order())
    monkeypatch.setattr("coding.pipeline.read_transcript", parse)
    report = run_pipeline([SAMPLE_TRANSCRIPTS], SAMPLE_CODEBOOK, sample_project, Settings(),
                          embedder=fake_embedder)
    assert report.imported == [] and report.skipped == {}
    assert sorted(report.unchanged) == stored and report.suggestions_kept


def test_a_bad_file_is_skipped_with_its_line_and_the_rest_imports(tmp_path, data_dir,
                                                                   small_codebook,
                                                                   fake_embedder):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(data_dir / "zoom_small.vtt", folder)
    shutil.copy(data_dir / "bad_timing.vtt", folder)
    project = tmp_path / "p.sqlite"
    report = run_pipeline([folder], small_codebook, project, embedder=fake_embedder)
    assert report.imported == ["zoom_small.vtt"]
    assert "line 8" in report.skipped["bad_timing.vtt"]
    before = _counts(project)
    again = run_pipeline([folder / "bad_timing.vtt"], small_codebook, project,
                         embedder=fake_embedder)
    assert list(again.skipped) == ["bad_timing.vtt"]
    after = _counts(project)
    assert {k: v for k, v in after.items()} == before  # the refused file changed nothing


def test_a_project_keeps_its_unit_of_coding(tmp_path, data_dir, small_codebook,
                                            fake_embedder):
    project = tmp_path / "p.sqlite"
    run_pipeline([data_dir / "zoom_small.vtt"], small_codebook, project,
                 embedder=fake_embedder)
    with pytest.raises(ProjectError, match="--unit turn"):
        run_pipeline([data_dir / "plain_small.txt"], small_codebook, project,
                     Settings(unit=Unit.SENTENCE), embedder=fake_embedder)


def test_sentence_unit_codes_sentences(tmp_path, data_dir, small_codebook, fake_embedder):
    project = tmp_path / "p.sqlite"
    report = run_pipeline([data_dir / "zoom_small.vtt"], small_codebook, project,
                          Settings(unit=Unit.SENTENCE, threshold=0.3), embedder=fake_embedder)
    assert report.segments > 3
    with Project(project) as store:
        texts = [s.text for s in store.segments()]
    assert "I'll go first." in texts


def test_progress_names_the_step_and_the_file_and_never_nests(tmp_path, data_dir,
                                                              small_codebook, fake_embedder):
    seen = []
    files = [data_dir / "zoom_small.vtt", data_dir / "plain_small.txt"]
    run_pipeline(files, small_codebook, tmp_path / "p.sqlite",
                 progress=lambda step, done, total, detail="": seen.append(
                     (step, done, total, detail)), embedder=fake_embedder)
    steps = list(dict.fromkeys(step for step, *_ in seen))
    # one after another; every text is embedded once, before episodes and suggestions
    assert steps == ["import", "embed", "episodes", "model", "suggest"]
    assert [step for step, *_ in seen] == sorted((s for s, *_ in seen), key=steps.index)
    assert ("import", 1, 2, "file 2 of 2: plain_small.txt") in seen
    assert ("import", 2, 2, "") in seen
    reading = [detail for step, _, _, detail in seen if step == "episodes"]
    assert any(d.startswith("file 2 of 2: ") for d in reading)
    assert seen[-1][0] == "suggest" and seen[-1][1] == seen[-1][2] > 0


def test_the_command_line_shows_one_bar_per_step(capsys):
    bars = ProgressBars(enabled=True)
    with bars:
        for step, total in (("import", 3), ("episodes", 3), ("suggest", 40)):
            for done in range(total + 1):
                bars.update(step, done, total, f"item {done}")
                assert bars.step == step  # the previous step's bar is closed, not nested
    lines = [line for line in capsys.readouterr().err.replace("\r", "\n").splitlines()
             if line.strip()]
    for name in ("Reading transcripts", "Finding topical episodes", "Suggesting themes"):
        assert any(line.startswith(name) for line in lines)
    assert lines[-1].startswith("Suggesting themes") and "40/40" in lines[-1]


def test_a_given_embedder_makes_the_vectors_and_the_run_names_it(tmp_path, data_dir,
                                                                 small_codebook, fake_embedder):
    project = tmp_path / "p.sqlite"
    run_pipeline([data_dir / "zoom_small.vtt"], small_codebook, project, embedder=fake_embedder)
    with Project(project) as store:
        (run,) = store.runs()
        cached = {row["model"] for row in store.table_rows("embeddings")}
    assert run.versions["model"] == run.settings["model"] == fake_embedder.model
    assert cached == {fake_embedder.model}  # kept apart from any real model's vectors
    assert fake_embedder.cache is None  # the project was lent to a copy, not to this one
