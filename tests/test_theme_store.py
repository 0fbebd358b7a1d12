"""Emergent themes in a project: recorded fits, review actions, promotion, refits."""

from __future__ import annotations

import pytest

from coding.emergent.fit import ThemeRequest, draft_code, fit_themes, theme_overview
from coding.errors import CodebookError, ThemeError
from coding.model import Action, Decision, EditAction, EmergentThemeStatus
from coding.pipeline import refresh_suggestions
from coding.store import Project
from coding.store.copy import copy_project
from tests.conftest import new_project_address, private_copy


@pytest.fixture(scope="module")
def fitted_once(sample_project_once, fake_embedder, tmp_path_factory):
    """The sample study with themes fitted on its first three meetings (read-only)."""
    path = private_copy(sample_project_once, tmp_path_factory.mktemp("fitted"))
    with Project(path) as project:
        first = tuple(r["id"] for r in sorted(project.table_rows("transcripts"),
                                               key=lambda r: r["meeting"])[:3])
    report = fit_themes(path, ThemeRequest(meetings=first, seed=3), embedder=fake_embedder)
    return path, report, first


@pytest.fixture
def fitted(fitted_once, engine, tmp_path, request):
    """A private copy of :func:`fitted_once` that a test may change, on each engine."""
    path, report, first = fitted_once
    if engine == "sqlite":
        return private_copy(path, tmp_path), report, first
    address = new_project_address(engine, tmp_path, request)
    copy_project(path, address)
    return address, report, first


def test_a_fit_is_a_recorded_run_with_every_segment_assigned(fitted):
    path, report, first = fitted
    with Project(path) as project:
        run = next(r for r in project.runs() if r.id == report.run_id)
        assignments = project.theme_assignments()
        stored = project.themes()
        segments = project.segments(first)
    assert run.settings["kind"] == "themes" and run.settings["random_state"] == 3
    assert run.settings["meetings"] == list(first)
    assert {"bertopic", "python", "model"} <= set(run.versions)
    assert run.timings["total_s"] > 0 and run.counts["segments"] == len(segments)
    assert {a["segment_id"] for a in assignments} == {s.id for s in segments}
    assert sorted(t.number for t in stored) == sorted(t.number for t in report.themes)
    assert sum(t.size for t in stored) == len(segments)
    assert all(t.covered_by in ("", t.nearest) for t in stored)


def test_rename_merge_and_discard_change_only_the_themes(fitted):
    path, report, _ = fitted
    run_id = report.run_id
    a, b, c = (t.number for t in report.themes[:3])
    with Project(path) as project:
        decisions_before = project.decisions()
        project.rename_theme(run_id, a, "Scheduling the next meeting")
        project.merge_themes(run_id, a, [b])
        project.discard_theme(run_id, c)
        themes = {t.number: t for t in project.themes(run_id)}
        with pytest.raises(ThemeError, match="already discarded"):
            project.rename_theme(run_id, c, "again")
        overview = theme_overview(project, run_id)
        assert project.decisions() == decisions_before
    sizes = {t.number: t.size for t in report.themes}
    assert themes[a].title == "Scheduling the next meeting"
    assert themes[a].size == sizes[a] + sizes[b]
    assert (themes[b].status, themes[b].merged_into) == (EmergentThemeStatus.MERGED, a)
    assert themes[c].status == EmergentThemeStatus.DISCARDED
    row = overview[overview["number"] == a].iloc[0]
    assert row["theme"] == "Scheduling the next meeting" and row["size"] == sizes[a] + sizes[b]
    assert 1 <= len(row["quotes"]) <= 5 and " · " in row["quotes"][0]


def test_a_promoted_theme_is_a_recorded_code_that_gets_suggestions_not_decisions(fitted,
                                                                                 fake_embedder):
    path, report, _ = fitted
    theme = report.themes[0]
    with Project(path) as project:
        draft = draft_code(project, theme)
        decisions_before = len(project.decisions())
        project.promote_theme(report.run_id, theme.number, draft, coder="Ana")
        edit = project.codebook_edits()[-1]
        assert project.theme(report.run_id, theme.number).promoted_to == draft.name
    assert draft.definition and draft.examples and draft.name
    assert (edit.code, edit.action, edit.coder) == (draft.name, EditAction.ADD, "Ana")
    refresh_suggestions(path, embedder=fake_embedder)
    with Project(path) as project:
        suggested = [r["segment_id"] for r in project.table_rows("suggestions")
                     if r["code"] == draft.name]
        assert len(project.decisions()) == decisions_before  # the model decides nothing
    assert set(suggested) & set(theme.quotes)


def test_refitting_keeps_promoted_codes_decisions_and_earlier_fits(fitted, fake_embedder):
    path, report, first = fitted
    theme = report.themes[0]
    with Project(path) as project:
        draft = draft_code(project, theme)
        project.promote_theme(report.run_id, theme.number, draft, coder="Ana")
        project.record_decisions([Decision(theme.quotes[0], draft.name, Action.CONFIRM,
                                           "Ana")])
        decisions = project.decisions()
    again = fit_themes(path, ThemeRequest(meetings=first, seed=3), embedder=fake_embedder)
    with Project(path) as project:
        assert draft.name in project.code_names()
        assert project.decisions() == decisions
        assert project.theme(report.run_id, theme.number).status == EmergentThemeStatus.PROMOTED
        assert project.latest_theme_run() == again.run_id
    assert draft.name in {t.nearest for t in again.themes}  # the new code is known now


def test_promoting_twice_or_without_a_coder_is_refused(fitted):
    path, report, _ = fitted
    theme = report.themes[0]
    with Project(path) as project:
        draft = draft_code(project, theme)
        with pytest.raises(CodebookError, match="coder"):
            project.promote_theme(report.run_id, theme.number, draft, coder=" ")
        project.promote_theme(report.run_id, theme.number, draft, coder="Ana")
        with pytest.raises(ThemeError, match="already promoted"):
            project.promote_theme(report.run_id, theme.number, draft, coder="Ana")


def test_the_three_plots_cover_every_theme_and_export_as_offline_html(fitted):
    from coding.emergent.fit import theme_segments
    from coding.emergent.plots import (
        figure_html,
        prevalence_over_meetings,
        segment_map,
        theme_by_participant,
    )

    path, report, _ = fitted
    with Project(path) as project:
        segments = theme_segments(project)
        speakers = {row["speaker"] for row in project.table_rows("segments")}
    titles = {t.title for t in report.themes}
    prevalence = prevalence_over_meetings(segments)
    assert {trace.name for trace in prevalence.data} == titles
    assert all(abs(sum(values) - 1) < 1e-9 for values in zip(
        *[trace.y for trace in prevalence.data]))  # shares of each meeting add up to 1
    heat = theme_by_participant(segments)
    assert set(heat.data[0].y) == titles and set(heat.data[0].x) <= speakers
    points = segment_map(segments)
    assert sum(len(trace.x) for trace in points.data) == len(segments)
    page = figure_html(points).decode("utf-8")
    assert "<html>" in page and 'src="https://cdn.plot.ly' not in page  # works offline
    assert len(page) > 1_000_000  # plotly.js itself is inside


def test_theme_views_name_the_participant_as_corrected(fitted):
    from coding.emergent.fit import theme_segments
    from coding.people.roster import correct_speakers

    path, report, _ = fitted
    with Project(path) as project:
        label = theme_segments(project, report.run_id)["speaker"].iloc[0]
        correct_speakers(project, {label: "Participant X"}, "Ana")
        speakers = set(theme_segments(project, report.run_id)["speaker"])
    assert "Participant X" in speakers and label not in speakers
