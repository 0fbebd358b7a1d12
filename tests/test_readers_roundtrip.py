"""Property: any transcript written as Zoom VTT, plain or Otter text reads back whole."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coding.readers import read_transcript

NAMES = ["Amara Osei", "Ben Kowalski", "Dr. Carmen Reyes", "Dev", "Elena Novak-Smith"]
WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9'.,?!-]{0,11}", fullmatch=True)


@st.composite
def transcripts(draw):
    count = draw(st.integers(1, 12))
    turns, clock, previous = [], draw(st.integers(0, 30)), None
    for _ in range(count):
        speaker = draw(st.sampled_from([n for n in NAMES if n != previous]))
        words = draw(st.lists(WORD, min_size=1, max_size=40))
        duration = draw(st.integers(1, 90))
        turns.append((speaker, words, clock, clock + duration))
        clock += duration + draw(st.integers(0, 5))
        previous = speaker
    cut = draw(st.integers(3, 15))
    return turns, cut


def _vtt_time(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def _as_vtt(turns, cut: int) -> str:
    lines, number = ["WEBVTT", ""], 0
    for speaker, words, start, end in turns:
        chunks = [words[i:i + cut] for i in range(0, len(words), cut)]
        for index, chunk in enumerate(chunks):
            number += 1
            first = start if index == 0 else start + 1 if start + 1 < end else start
            last = end if index == len(chunks) - 1 else first
            lines += [str(number), f"{_vtt_time(first)} --> {_vtt_time(last)}",
                      f"{speaker}: {' '.join(chunk)}", ""]
    return "\n".join(lines)


def _as_otter(turns, cut: int) -> str:
    blocks = []
    for speaker, words, start, _ in turns:
        body = "\n".join(" ".join(words[i:i + cut]) for i in range(0, len(words), cut))
        blocks.append(f"{speaker}  {start // 3600}:{start // 60 % 60:02d}:{start % 60:02d}\n{body}")
    return "\n\n".join(blocks) + "\n"


def _as_plain(turns, cut: int) -> str:
    return "\n".join(f"{speaker}: {' '.join(words)}" for speaker, words, _, _ in turns) + "\n"


def _read(text: str, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"meeting{suffix}"
        path.write_text(text, encoding="utf-8")
        return read_transcript(path)


def _check(turns, transcript) -> None:
    assert [t.speaker for t in transcript.turns] == [s for s, _, _, _ in turns]
    assert [t.text.split() for t in transcript.turns] == [w for _, w, _, _ in turns]


@settings(max_examples=60, deadline=None)
@given(transcripts())
def test_zoom_vtt_round_trip_keeps_speakers_words_and_times(case):
    turns, cut = case
    transcript = _read(_as_vtt(turns, cut), ".vtt")
    _check(turns, transcript)
    assert [(t.start, t.end) for t in transcript.turns] == [(a, b) for _, _, a, b in turns]


@settings(max_examples=60, deadline=None)
@given(transcripts())
def test_otter_round_trip_keeps_speakers_words_and_start_times(case):
    turns, cut = case
    transcript = _read(_as_otter(turns, cut), ".txt")
    _check(turns, transcript)
    assert [t.start for t in transcript.turns] == [a for _, _, a, _ in turns]


@settings(max_examples=60, deadline=None)
@given(transcripts())
def test_plain_text_round_trip_keeps_speakers_and_words(case):
    turns, cut = case
    _check(turns, _read(_as_plain(turns, cut), ".txt"))
