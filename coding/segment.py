"""Transcript -> segments, the units of coding, each a character span of one turn."""

from __future__ import annotations

from collections.abc import Iterable

from coding.model import Segment, Transcript, Turn, Unit


def segment_transcript(transcript: Transcript, unit: Unit = Unit.TURN) -> list[Segment]:
    """Whole turns by default; sentences (spaCy sentencizer) when asked."""
    if unit is Unit.TURN:
        return [_whole_turn(transcript.id, turn) for turn in transcript.turns]
    return list(_sentences(transcript.id, transcript.turns))


def _whole_turn(transcript_id: str, turn: Turn) -> Segment:
    return Segment(transcript_id=transcript_id, turn_index=turn.index, start_char=0,
                   end_char=len(turn.text), text=turn.text, speaker=turn.speaker,
                   start=turn.start, end=turn.end)


def _sentences(transcript_id: str, turns: Iterable[Turn]) -> Iterable[Segment]:
    # Imported here: spaCy (and the torch thinc imports with it) costs seconds, and
    # coding by whole turns never needs it.
    from coding.nlp import get_nlp

    turns = list(turns)
    docs = get_nlp().pipe(turn.text for turn in turns)
    for turn, doc in zip(turns, docs):
        for sentence in doc.sents:
            start, end = sentence.start_char, sentence.end_char
            yield Segment(transcript_id=transcript_id, turn_index=turn.index,
                          start_char=start, end_char=end, text=turn.text[start:end],
                          speaker=turn.speaker, start=_time_at(turn, start),
                          end=_time_at(turn, end))


def _time_at(turn: Turn, char: int) -> float | None:
    """Time of a character offset, interpolated linearly across the turn."""
    if turn.start is None or turn.end is None or not turn.text:
        return turn.start
    share = char / len(turn.text)
    return round(turn.start + share * (turn.end - turn.start), 3)
