"""Segments are turns by default, sentences on request, with offsets into the turn."""

from __future__ import annotations

from coding.model import Unit
from coding.readers import read_transcript
from coding.segment import segment_transcript


def test_turn_segments_cover_each_whole_turn(data_dir):
    transcript = read_transcript(data_dir / "zoom_small.vtt")
    segments = segment_transcript(transcript)
    assert len(segments) == len(transcript.turns)
    for segment, turn in zip(segments, transcript.turns):
        assert (segment.start_char, segment.end_char) == (0, len(turn.text))
        assert (segment.speaker, segment.start, segment.end) == (turn.speaker, turn.start,
                                                                 turn.end)


def test_sentence_segments_point_into_their_turn(data_dir):
    transcript = read_transcript(data_dir / "zoom_small.vtt")
    segments = segment_transcript(transcript, Unit.SENTENCE)
    turns = {turn.index: turn for turn in transcript.turns}
    assert len(segments) > len(transcript.turns)
    for segment in segments:
        turn = turns[segment.turn_index]
        assert turn.text[segment.start_char:segment.end_char] == segment.text
        assert turn.start <= segment.start <= segment.end <= turn.end
    ben = [s.text for s in segments if s.speaker == "Ben Kowalski"]
    assert ben[:2] == ["Sure.", "I'll go first."]


def test_segment_ids_are_stable_and_distinct(data_dir):
    transcript = read_transcript(data_dir / "zoom_small.vtt")
    first = [s.id for s in segment_transcript(transcript, Unit.SENTENCE)]
    again = [s.id for s in segment_transcript(transcript, Unit.SENTENCE)]
    assert first == again and len(set(first)) == len(first)
