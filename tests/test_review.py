"""The Review screen's library: filters, cards, counts and one-click decisions."""

from __future__ import annotations

import pytest

from coding.errors import DecisionError, ProjectError
from coding.model import Action, Status
from coding.report.tables import segment_codes
from coding.review.cards import (
    ALL,
    UNCODED,
    ReviewFilter,
    ThemeOnSegment,
    add_example,
    add_memo,
    code_episode,
    decide,
    find_segments,
    review_counts,
    review_options,
    segment_cards,
)
from coding.store import Project


@pytest.fixture
def project(sample_store):
    with Project(sample_store) as opened:
        yield opened


def _pending_pair(project: Project) -> tuple[str, str]:
    segment_id = find_segments(project, ReviewFilter())[0]
    return segment_id, segment_cards(project, [segment_id])[0].themes[0].code


def test_counts_agree_with_the_status_table_after_each_kind_of_decision(project):
    ids = find_segments(project, ReviewFilter())
    cards = segment_cards(project, ids[:3])
    first, second, third = (card.themes[0] for card in cards)
    other = next(name for name in project.code_names() if name != third.code)
    decide(project, cards[0].id, first.code, Action.CONFIRM, "Ana")
    decide(project, cards[1].id, second.code, Action.REJECT, "Ana")
    decide(project, cards[2].id, third.code, Action.RELABEL, "Ana", new_code=other)
    table = segment_codes(project)["status"].value_counts()
    counts = review_counts(project)
    assert counts == {status: int(table.get(status.value, 0)) for status in Status}
    assert counts[Status.CONFIRMED] == 2 and counts[Status.REJECTED] == 2


def test_a_decision_moves_the_segment_between_status_filters(project):
    segment_id, code = _pending_pair(project)
    decide(project, segment_id, code, Action.CONFIRM, "Ana")
    confirmed = find_segments(project, ReviewFilter(status="confirmed", theme=code))
    assert confirmed == [segment_id]
    card = segment_cards(project, [segment_id])[0]
    theme = next(t for t in card.themes if t.code == code)
    assert (theme.status, theme.decided_by) == (Status.CONFIRMED, "Ana")


def test_filters_by_meeting_speaker_and_theme_select_only_matching_segments(project):
    options = review_options(project)
    transcript_id, _ = options.transcripts[1]
    speaker = options.speakers[0]
    ids = find_segments(project, ReviewFilter(transcript=transcript_id, speaker=speaker,
                                              status=ALL))
    assert ids and all(i.startswith(transcript_id + ":") for i in ids)
    assert {card.speaker for card in segment_cards(project, ids)} == {speaker}
    theme = options.themes[0]
    for card in segment_cards(project, find_segments(project, ReviewFilter(theme=theme))):
        assert theme in [t.code for t in card.themes if t.status == Status.PENDING]


def test_segments_without_a_theme_are_those_with_nothing_pending_or_confirmed(project):
    uncoded = set(find_segments(project, ReviewFilter(status=UNCODED)))
    pending = set(find_segments(project, ReviewFilter()))
    every = set(find_segments(project, ReviewFilter(status=ALL)))
    assert uncoded and uncoded == every - pending


def test_a_theme_the_machine_missed_can_be_added_and_shows_as_confirmed(project):
    segment_id = find_segments(project, ReviewFilter(status=UNCODED))[0]
    theme = project.code_names()[0]
    decide(project, segment_id, theme, Action.CONFIRM, "Ana")
    card = segment_cards(project, [segment_id])[0]
    assert [(t.code, t.status, t.score) for t in card.themes] == [
        (theme, Status.CONFIRMED, None)]


def test_memos_show_on_the_card_and_blank_ones_are_not_stored(project):
    segment_id, code = _pending_pair(project)
    add_memo(project, segment_id, "Ana", "  laughter  ")
    add_memo(project, segment_id, "Ben", "strong example", code=code)
    assert add_memo(project, segment_id, "Ana", "   ") is None
    card = segment_cards(project, [segment_id])[0]
    assert card.memos == ("Ana: laughter", f"Ben on {code}: strong example")
    assert next(t for t in card.themes if t.code == code).memo == "strong example"


def test_two_coders_deciding_on_one_pair_both_keep_their_decision(project):
    segment_id, code = _pending_pair(project)
    decide(project, segment_id, code, Action.CONFIRM, "Ana")
    decide(project, segment_id, code, Action.REJECT, "Ben")
    coders = [d.coder for d in project.decisions() if d.segment_id == segment_id]
    assert coders == ["Ana", "Ben"]


def test_relabel_to_the_same_theme_is_refused(project):
    segment_id, code = _pending_pair(project)
    with pytest.raises(DecisionError, match="changes nothing"):
        decide(project, segment_id, code, Action.RELABEL, "Ana", new_code=code)


def test_a_segment_becomes_an_example_once(project):
    segment_id, code = _pending_pair(project)
    text = segment_cards(project, [segment_id])[0].text
    before = len(project.stored_code(code).examples)
    add_example(project, code, segment_id, "Ana")
    add_example(project, code, segment_id, "Ana")
    examples = project.stored_code(code).examples
    assert len(examples) == before + 1 and examples[-1] == text.strip()


def test_no_query_can_be_passed_to_the_project_only_a_table_name(project):
    segment_id, code = _pending_pair(project)
    decide(project, segment_id, code, Action.CONFIRM, "Ana")
    decided = len(project.decisions())
    with pytest.raises(ProjectError, match="no table named"):
        project.table_rows('decisions"; DELETE FROM decisions; --')
    assert len(project.table_rows("decisions")) == decided > 0
    assert not hasattr(project, "rows")


def test_a_whole_episode_is_coded_in_one_batch_of_decisions(project):
    segment_id = find_segments(project, ReviewFilter(status=ALL))[0]
    transcript_id = segment_id.split(":")[0]
    first = project.episodes(transcript_id)[0]
    theme = project.code_names()[0]
    count = code_episode(project, segment_id, theme, "Ana")
    in_episode = [s.id for s in project.segments([transcript_id])
                  if first.start_turn <= s.turn_index <= first.end_turn]
    assert count == len(in_episode) > 1
    confirmed = set(find_segments(project, ReviewFilter(status="confirmed", theme=theme)))
    assert confirmed == set(in_episode)
    assert {d.coder for d in project.decisions()} == {"Ana"}


def test_meetings_are_named_with_their_titles_in_the_filter_and_on_cards(project):
    labels = dict(review_options(project).transcripts)
    assert "Meeting 13 (2025-12-10) · Year-end focus group" in labels.values()
    focus_group = next(i for i, label in labels.items() if "Year-end" in label)
    segment_id = find_segments(project, ReviewFilter(transcript=focus_group, status=ALL))[0]
    assert segment_cards(project, [segment_id])[0].where.split(" · ", 1)[1].startswith(
        "Meeting 13 (2025-12-10) · Year-end focus group")


def test_evidence_shows_the_matched_words_as_written_once_each():
    theme = ThemeOnSegment(code="Workload", status=Status.PENDING, score=0.5,
                           source="keyword", matched_words=("EHR", "charting", "ehr"))
    assert "words: EHR, charting ·" in theme.evidence + " ·"


def test_evidence_names_the_keyword_a_word_matched_by_its_dictionary_form():
    # "charting" matched the keyword "chart" by lemma: say so, not just *charting*
    theme = ThemeOnSegment(code="Workload", status=Status.PENDING, score=0.5,
                           source="keyword", matched_words=("EHR", "charting"),
                           keywords=("ehr", "chart"))
    shown = theme.evidence.replace("\\", "")  # as Markdown renders it
    assert "words: EHR, charting (keyword “chart”)" in shown
