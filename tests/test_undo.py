"""Undo and "no theme here": new rows in the append-only log that the counts, filters,
cards and exports all follow."""

from __future__ import annotations

import pytest

from coding.errors import DecisionError
from coding.model import Action, Decision, Status
from coding.report.tables import segment_codes
from coding.review.cards import (
    UNCODED,
    ReviewFilter,
    add_memo,
    code_episode,
    decide,
    episode_size,
    find_segments,
    mark_no_theme,
    review_counts,
    review_progress,
    segment_cards,
)
from coding.review.undo import last_act, undo_last, undo_last_act
from coding.store import Project


@pytest.fixture
def project(sample_project):
    with Project(sample_project) as opened:
        yield opened


def _status(project: Project, segment_id: str, code: str) -> Status:
    card = segment_cards(project, [segment_id])[0]
    return next(t.status for t in card.themes if t.code == code)


def test_undo_returns_the_pair_to_its_earlier_state_and_keeps_every_row(project):
    segment_id = find_segments(project, ReviewFilter())[0]
    code = segment_cards(project, [segment_id])[0].themes[0].code
    decide(project, segment_id, code, Action.CONFIRM, "Ana")
    decide(project, segment_id, code, Action.REJECT, "Ana")
    offer = last_act(project, "Ana")
    assert offer is not None and offer.count == 1
    assert offer.description.startswith(f"rejected “{code}” on ")
    undo_last_act(project, "Ana")
    assert _status(project, segment_id, code) == Status.CONFIRMED
    undo_last_act(project, "Ana")
    assert _status(project, segment_id, code) == Status.PENDING
    assert last_act(project, "Ana") is None and undo_last_act(project, "Ana") is None
    actions = [d.action for d in project.decisions()]
    assert actions == [Action.CONFIRM, Action.REJECT, Action.UNDO, Action.UNDO]
    assert segment_codes(project).query("segment_id == @segment_id and theme == @code")[
        "status"].tolist() == ["pending"]


def test_a_coder_undoes_only_their_own_decisions(project):
    segment_id = find_segments(project, ReviewFilter())[0]
    code = segment_cards(project, [segment_id])[0].themes[0].code
    decide(project, segment_id, code, Action.CONFIRM, "Ana")
    ana = project.decisions()[-1]
    decide(project, segment_id, code, Action.REJECT, "Ben")
    assert undo_last(project, "Ana", 5) == [ana]
    assert _status(project, segment_id, code) == Status.REJECTED  # Ben's stands
    with pytest.raises(DecisionError, match="was made by Ben"):
        project.record_decisions([Decision(segment_id=segment_id, code=code, coder="Ana",
                                           action=Action.UNDO, undoes=ana.id + 1)])
    with pytest.raises(DecisionError, match="already undone"):
        project.record_decisions([Decision(segment_id=segment_id, code=code, coder="Ana",
                                           action=Action.UNDO, undoes=ana.id)])


def test_the_whole_episode_is_one_act_to_undo(project):
    segment_id = next(s for s in find_segments(project, ReviewFilter(status="all"))
                      if episode_size(project, s) > 1)
    code = project.code_names()[0]
    before = review_counts(project)
    size = episode_size(project, segment_id)
    assert code_episode(project, segment_id, code, "Ana") == size
    offer = last_act(project, "Ana")
    assert offer.count == size
    assert offer.description == f"confirmed “{code}” on {size} segments"
    undo_last_act(project, "Ana")
    assert review_counts(project) == before


def test_no_theme_here_rejects_the_suggestions_and_leaves_the_list_until_undone(project):
    without = find_segments(project, ReviewFilter(status=UNCODED))
    suggested = find_segments(project, ReviewFilter())[0]
    progress = review_progress(project)
    assert progress.without_theme == len(without) and progress.no_theme == 0
    assert mark_no_theme(project, without[0], "Ana") == 0
    rejected = mark_no_theme(project, suggested, "Ana")
    assert rejected == len(segment_cards(project, [suggested])[0].themes) > 0
    assert find_segments(project, ReviewFilter(status=UNCODED)) == without[1:]
    after = review_progress(project)
    assert (after.without_theme, after.no_theme) == (len(without) - 1, 2)
    assert after.pending == progress.pending - rejected
    assert after.fraction > progress.fraction
    undo_last_act(project, "Ana")  # the suggested segment: its rejections and the mark
    assert review_progress(project).pending == progress.pending


def test_the_counter_reaches_done_and_never_says_1_suggestions(project):
    for segment_id in find_segments(project, ReviewFilter(status="all")):
        mark_no_theme(project, segment_id, "Ana")
    done = review_progress(project)
    assert (done.left, done.fraction) == (0, 1.0)
    assert done.sentence.startswith("**All reviewed**")
    undo_last_act(project, "Ana")
    left = review_progress(project)
    assert left.left >= 1 and "1 suggestions" not in left.sentence
    assert "1 segments" not in left.sentence


def test_no_theme_is_said_of_a_segment_and_an_undone_memo_disappears(project):
    segment_id = find_segments(project, ReviewFilter())[0]
    with pytest.raises(DecisionError, match="not of a code"):
        decide(project, segment_id, project.code_names()[0], Action.NO_THEME, "Ana")
    add_memo(project, segment_id, "Ana", "laughter")
    assert segment_cards(project, [segment_id])[0].memos == ("Ana: laughter",)
    undo_last_act(project, "Ana")
    assert segment_cards(project, [segment_id])[0].memos == ()
