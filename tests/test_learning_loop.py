"""The review loop: decisions in the project file teach the next suggestions."""

from __future__ import annotations

import pytest

from coding.model import Action
from coding.pipeline import refresh_suggestions
from coding.review.cards import ReviewFilter, decide, find_segments
from coding.review.learning import learning_state
from coding.store import Project
from coding.suggest.learned import LearnedSuggester


def _suggestions(path) -> dict[tuple[str, str], str]:
    with Project(path) as project:
        return {(r["segment_id"], r["code"]): r["source"]
                for r in project.table_rows("suggestions")}


def _teach(path, coder: str = "Ana") -> list[str]:
    """Confirm a theme on three suggested segments, reject all themes on three others."""
    with Project(path) as project:
        ids = find_segments(project, ReviewFilter())[:6]
        pairs = {row["segment_id"]: row["code"] for row in sorted(
            project.table_rows("suggestions"), key=lambda r: r["score"], reverse=True)}
        for number, segment_id in enumerate(ids):
            action = Action.CONFIRM if number < 3 else Action.REJECT
            decide(project, segment_id, pairs[segment_id], action, coder)
    return ids


def _teach_one_theme(path, coder: str = "Ana") -> tuple[str, list[str]]:
    """Confirm the most suggested theme on six of its segments, reject it on ten."""
    with Project(path) as project:
        rows = project.table_rows("suggestions")
        theme = max({r["code"] for r in rows}, key=lambda c: sum(r["code"] == c for r in rows))
        ids = [r["segment_id"] for r in rows if r["code"] == theme]
        for segment_id in ids[:6]:
            decide(project, segment_id, theme, Action.CONFIRM, coder)
        for segment_id in ids[6:16]:
            decide(project, segment_id, theme, Action.REJECT, coder)
    return theme, ids[:6]


def test_a_few_decisions_leave_the_codebook_suggestions_in_place(sample_store,
                                                                 fake_embedder):
    _teach(sample_store)
    report = refresh_suggestions(sample_store, embedder=fake_embedder)
    assert report.learned_from == 6
    with Project(sample_store) as project:
        sources = {r["source"] for r in project.table_rows("suggestions")}
        assert len(project.decisions()) == 6  # learning never writes a decision
        assert learning_state(project).new == 0
    # Three confirmations spread over themes are too few to learn any theme from.
    assert "learned" not in sources


def test_decisions_are_learned_from_and_named_as_evidence(sample_store, fake_embedder):
    theme, confirmed = _teach_one_theme(sample_store)
    with Project(sample_store) as project:
        confirmed_texts = {s.text for s in project.segments() if s.id in confirmed}
    refresh_suggestions(sample_store, embedder=fake_embedder)
    with Project(sample_store) as project:
        learned = [r for r in project.table_rows("suggestions") if r["source"] == "learned"]
    assert learned and {r["code"] for r in learned} == {theme}
    assert {r["nearest_example"] for r in learned} <= confirmed_texts


def test_in_blind_coding_suggestions_do_not_learn_from_anyones_decisions(sample_store,
                                                                          fake_embedder):
    before = _suggestions(sample_store)
    with Project(sample_store) as project:
        project.set_blind(True)
    _teach(sample_store, coder="Ben")
    report = refresh_suggestions(sample_store, embedder=fake_embedder)
    assert report.learned_from == 0
    assert _suggestions(sample_store) == before
    with Project(sample_store) as project:
        assert learning_state(project).blind


@pytest.mark.slow
def test_a_code_added_after_learning_competes_from_its_definition(sample_project_real,
                                                                  embedder):
    from coding.model import Code

    sample_store, fake_embedder = sample_project_real, embedder  # the real model
    theme, _ = _teach_one_theme(sample_store)
    refresh_suggestions(sample_store, embedder=fake_embedder)
    with Project(sample_store) as project:
        project.save_code(Code("Getting there", definition="Driving, parking and the commute.",
                               keywords=("parking", "car park", "commute")), "Ana")
        with_keyword = {s.id for s in project.segments() if "parking" in s.text.lower()}
    refresh_suggestions(sample_store, embedder=fake_embedder)
    with Project(sample_store) as project:
        new = {r["segment_id"] for r in project.table_rows("suggestions")
               if r["code"] == "Getting there"}
        from_the_start = {s.segment_id for s in LearnedSuggester(fake_embedder).fit(
            project.codebook(), project.segments()).suggest() if s.code == "Getting there"}
        from_the_start -= project.uncounted_segment_ids()
    # Learning had started (one theme learned from 16 decisions); the new code is
    # suggested exactly where it would have been had it been in the codebook from the
    # start (its definition and keywords), not drowned by the learned theme.
    assert new == from_the_start
    assert new & with_keyword
