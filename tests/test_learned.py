"""Suggestions that learn from coders' decisions (real MiniLM on a small made-up meeting).

Which theme a turn gets hangs on the real model's sense of meaning (the rota turns share
almost no words), so these tests are slow, except the one about determinism."""

from __future__ import annotations

import pytest

from coding.model import Code, Codebook, Feedback, Segment, Source
from coding.suggest.learned import LearnedSuggester

# Two themes whose definitions say little, so that decisions have something to teach.
VAGUE = Codebook(name="test", codes=(Code("Theme A", definition="Something people talk about."),
                        Code("Theme B", definition="Another thing people talk about.")))
ROTA = ["I was on call every weekend this month and I am exhausted.",
        "The night shifts left me drained and short with my family.",
        "Covering for colleagues on leave has worn me out completely.",
        "Another week of double shifts and I can barely sleep.",
        "The on-call rota is crushing me, I am running on empty.",
        "After twelve nights in a row I felt burnt out and numb."]
PAPER = ["Our abstract was accepted for the palliative care conference.",
         "I finally submitted the manuscript to the journal last week.",
         "The reviewers asked for another analysis before publication.",
         "We are writing a grant proposal for the research project.",
         "My poster on advance care planning goes up in March.",
         "The journal editor sent the paper back with minor revisions."]
CHAT = ["Can everyone hear me now? Let me unmute.",
        "Sorry, my camera froze for a second there.",
        "Okay, shall we wait two more minutes for the others?",
        "You dropped out, could you say that again please?",
        "Let me share my screen, one moment.",
        "Is the recording on? Great, thanks."]


def _meeting(texts: list[str]) -> list[Segment]:
    return [Segment("m1", index, 0, len(text), text, f"P{index % 3}")
            for index, text in enumerate(texts)]


def _suggested(suggester: LearnedSuggester) -> dict[str, set[str]]:
    """segment id -> every theme suggested on it."""
    found: dict[str, set[str]] = {}
    for suggestion in suggester.suggest():
        found.setdefault(suggestion.segment_id, set()).add(suggestion.code)
    return found


def _taught(segments: list[Segment]) -> Feedback:
    """A researcher's first session: Theme B confirmed on three rota turns, Theme A on
    three paper turns, five chat turns judged to carry no theme."""
    by_text = {s.text: s for s in segments}
    confirmed = {by_text[t].id: frozenset({"Theme B"}) for t in ROTA[:3]}
    confirmed |= {by_text[t].id: frozenset({"Theme A"}) for t in PAPER[:3]}
    rejected = {by_text[t].id: frozenset({"Theme A", "Theme B"}) for t in CHAT[:5]}
    return Feedback(confirmed=confirmed, rejected=rejected)


@pytest.mark.slow
def test_confirmed_segments_teach_the_theme_of_similar_ones(embedder):
    segments = _meeting([t for trio in zip(ROTA, PAPER, CHAT) for t in trio])
    by_text = {s.text: s for s in segments}
    suggested = _suggested(LearnedSuggester(embedder, threshold=0.0).fit(
        VAGUE, segments, _taught(segments)))
    # Every theme suggested on a held-back turn is its own; a turn may get none when it
    # looks little like the confirmed ones (relevance learned from eleven decisions).
    rota = [suggested.get(by_text[t].id, set()) for t in ROTA[3:]]
    paper = [suggested.get(by_text[t].id, set()) for t in PAPER[3:]]
    assert all(found <= {"Theme B"} for found in rota) and sum(map(bool, rota)) >= 2
    assert all(found <= {"Theme A"} for found in paper) and sum(map(bool, paper)) >= 2


@pytest.mark.slow
def test_evidence_names_the_nearest_confirmed_segment(embedder):
    segments = _meeting([t for trio in zip(ROTA, PAPER, CHAT) for t in trio])
    by_text = {s.text: s for s in segments}
    suggestions = LearnedSuggester(embedder, threshold=0.0).fit(
        VAGUE, segments, _taught(segments)).suggest()
    on_rota = next(s for s in suggestions if s.segment_id == by_text[ROTA[3]].id)
    assert on_rota.source == Source.LEARNED
    assert on_rota.nearest_example in ROTA[:3]
    assert 0 < on_rota.example_similarity <= 1


def _taught_meeting(embedder):
    """The rota, paper and chat turns interleaved, a suggester taught on some of them
    (chat turns judged to carry no theme), and the segments by text."""
    segments = _meeting([t for trio in zip(ROTA, PAPER, CHAT) for t in trio])
    suggester = LearnedSuggester(embedder, threshold=0.0, min_negatives=5).fit(
        VAGUE, segments, _taught(segments))
    return segments, {s.text: s for s in segments}, suggester


@pytest.mark.slow
def test_segments_judged_to_carry_no_theme_teach_relevance(embedder):
    segments, by_text, suggester = _taught_meeting(embedder)
    suggested = _suggested(suggester)
    assert by_text[CHAT[5]].id not in suggested
    topical = {by_text[t].id for t in ROTA[3:] + PAPER[3:]}
    assert len(topical & set(suggested)) >= 5  # of 6 held-back topical turns


@pytest.mark.slow
def test_before_any_decision_the_codebook_examples_decide(embedder):
    book = Codebook(name="test", codes=(
        Code("Workload", definition="Talk about work.", examples=(ROTA[0], ROTA[1])),
        Code("Scholarship", definition="Talk about work.", examples=(PAPER[0], PAPER[1]))))
    segments = _meeting(ROTA[2:] + PAPER[2:])
    suggested = _suggested(LearnedSuggester(embedder, threshold=0.0).fit(book, segments))
    assert [suggested[s.id] for s in segments] == [{"Workload"}] * 4 + [{"Scholarship"}] * 4


@pytest.mark.slow
def test_without_decisions_short_and_off_topic_segments_get_nothing(embedder):
    book = Codebook(name="test", codes=(Code("Burnout", definition="Exhaustion from clinical work.",
                                examples=(ROTA[3],)),))
    segments = _meeting(["Yes.", CHAT[0], "Another week of double shifts, I can hardly sleep."])
    suggested = _suggested(LearnedSuggester(embedder).fit(book, segments))
    assert set(suggested) == {segments[2].id}


def test_the_same_decisions_give_the_same_suggestions(fake_embedder):
    segments = _meeting(ROTA + PAPER + CHAT)
    taught = Feedback(confirmed={segments[0].id: frozenset({"Theme B"})},
                      rejected={s.id: frozenset({"Theme A"}) for s in segments[12:]})
    first = LearnedSuggester(fake_embedder, threshold=0.2).fit(VAGUE, segments,
                                                               taught).suggest()
    again = LearnedSuggester(fake_embedder, threshold=0.2).fit(VAGUE, segments,
                                                               taught).suggest()
    assert first == again


@pytest.mark.slow
def test_a_theme_with_few_confirmations_is_not_swamped_by_a_frequent_one(embedder):
    # Researchers confirm frequent themes far more often; each theme still counts the same.
    segments = _meeting(ROTA + PAPER + CHAT)
    rota, rest = segments[:6], segments[6:]
    taught = Feedback(confirmed={**{s.id: frozenset({"Theme B"}) for s in rota[:3]},
                                 **{s.id: frozenset({"Theme A"}) for s in rest}})
    suggested = _suggested(LearnedSuggester(embedder, threshold=0.0, min_negatives=3).fit(
        VAGUE, segments, taught))
    # Unweighted, the held-back rota turns went to the frequent Theme A.
    assert all("Theme B" in suggested.get(s.id, set()) for s in rota[3:])


@pytest.mark.slow
def test_turns_judged_empty_teach_the_queue_which_turns_likely_carry_a_theme(embedder):
    segments, by_text, suggester = _taught_meeting(embedder)
    relevance = dict(zip((s.id for s in segments), suggester.relevance()))
    held_back = [relevance[by_text[t].id] for t in ROTA[3:] + PAPER[3:]]
    assert relevance[by_text[CHAT[5]].id] < min(held_back)


def test_once_calibrated_no_suggestion_below_the_confidence_bar_is_shown(fake_embedder):
    segments = _meeting((ROTA + PAPER + CHAT) * 3)
    confirmed = {s.id: frozenset({"Theme B"}) for s in segments[:6]}
    confirmed |= {s.id: frozenset({"Theme A"}) for s in segments[6:12]}
    rejected = {s.id: frozenset({"Theme A", "Theme B"}) for s in segments[12:24]}
    taught = Feedback(confirmed=confirmed, rejected=rejected)
    every = LearnedSuggester(fake_embedder, threshold=0.0, margin=1.0,
                             min_confidence=0.0).fit(VAGUE, segments, taught).suggest()
    strict = LearnedSuggester(fake_embedder, threshold=0.0, margin=1.0,
                              min_confidence=0.7).fit(VAGUE, segments, taught).suggest()
    assert any(s.confidence is not None and s.confidence < 0.7 for s in every)
    assert all(s.confidence is None or s.confidence >= 0.7 for s in strict)
    assert {(s.segment_id, s.code) for s in strict} < {(s.segment_id, s.code) for s in every}
