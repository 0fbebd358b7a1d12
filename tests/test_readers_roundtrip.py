"""Property: any transcript written in any supported format reads back whole: every
speaker, every word in order, and the times to the format's precision."""

from __future__ import annotations

import csv
import html
import io
import tempfile
from pathlib import Path

import docx
import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from coding.readers import read_transcript

NAMES = ["Amara Osei", "Ben Kowalski", "Dr. Carmen Reyes", "Dev", "Elena Novak-Smith"]
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# The words of r"[A-Za-z0-9][A-Za-z0-9'.,?!-]{0,11}", drawn without a regex: Hypothesis's
# from_regex spent three quarters of these tests' time making words.
WORD = st.builds(str.__add__, st.sampled_from(_ALNUM), st.text(_ALNUM + "'.,?!-", max_size=11))


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


# -- every other format, with words and names from any alphabet ----------------------------

UNICODE_NAMES = ["Amara Osei", "Zoë Brontë", "José Núñez", "Łukasz Żółć", "Ngozi", "李 明"]
UNICODE_WORD = st.text(st.characters(categories=("L", "N"), include_characters="'.,?!-"),
                       min_size=1, max_size=12).filter(lambda w: w.strip(".,?!-'"))


@st.composite
def unicode_transcripts(draw):
    """Turns of (speaker, words, start ms, end ms), each speaker differing from the last."""
    turns, clock, previous = [], draw(st.integers(0, 30_000)), None
    for _ in range(draw(st.integers(1, 8))):
        speaker = draw(st.sampled_from([n for n in UNICODE_NAMES if n != previous]))
        words = draw(st.lists(UNICODE_WORD, min_size=1, max_size=25))
        duration = draw(st.integers(1_000, 90_000))
        turns.append((speaker, words, clock, clock + duration))
        clock += duration + draw(st.integers(0, 5_000))
        previous = speaker
    return turns, draw(st.integers(3, 10))


def _clock(ms: int, separator: str = ".") -> str:
    seconds = ms // 1000
    return (f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
            f"{separator}{ms % 1000:03d}")


def _cues(turns, cut: int):
    """(speaker, words of one cue, start ms, end ms): each turn split into cues."""
    for speaker, words, start, end in turns:
        chunks = [words[i:i + cut] for i in range(0, len(words), cut)]
        for index, chunk in enumerate(chunks):
            first = start if index == 0 else min(start + index, end)
            last = end if index == len(chunks) - 1 else first
            yield speaker, chunk, first, last


def _as_teams_vtt(turns, cut: int) -> str:
    lines = ["WEBVTT", ""]
    for number, (speaker, chunk, start, end) in enumerate(_cues(turns, cut)):
        lines += [f"9b1f6a2c-0d4e-4c1a-8f7e-3a2b1c0d9e8f/{number}-0",
                  f"{_clock(start)} --> {_clock(end)}",
                  f"<v {speaker}>{html.escape(' '.join(chunk), quote=False)}</v>", ""]
    return "\n".join(lines)


def _as_srt(turns, cut: int) -> str:
    lines = []
    for number, (speaker, chunk, start, end) in enumerate(_cues(turns, cut), start=1):
        lines += [str(number), f"{_clock(start, ',')} --> {_clock(end, ',')}",
                  f"{speaker}: {' '.join(chunk)}", ""]
    return "\n".join(lines)


def _as_stamped(turns, cut: int) -> str:
    return "\n".join(f"[{_clock(start)[:8]}] {speaker}: {' '.join(words)}"
                     for speaker, words, start, _ in turns) + "\n"


def _as_csv(turns) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Speaker", "Text", "Start Time", "End Time"])
    for speaker, words, start, end in turns:
        writer.writerow([speaker, " ".join(words), _clock(start), f"{end / 1000:.3f}"])
    return buffer.getvalue()


def _write_xlsx(turns, path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["participant", "utterance", "start (s)", "end (s)"])
    for speaker, words, start, end in turns:
        book.active.append([speaker, " ".join(words), start / 1000, end / 1000])
    book.save(path)


def _otter_time(ms: int) -> str:
    seconds = ms // 1000
    if seconds < 3600:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _write_teams_docx(turns, path: Path) -> None:
    document = docx.Document()
    for line in ("Focus group", "March 12, 2025, 2:01PM", "47m 12s",
                 f"{turns[0][0]} started transcription"):
        document.add_paragraph(line)
    for speaker, words, start, _ in turns:
        paragraph = document.add_paragraph(f"{speaker}   {_otter_time(start)}")
        paragraph.add_run().add_break()
        paragraph.add_run(" ".join(words))
    document.save(path)


def _write_otter_docx(turns, cut: int, path: Path) -> None:
    document = docx.Document()
    document.add_heading("Meeting", level=1)
    for line in ("Wed, Mar 12, 2025 2:01PM • 47:12", "SPEAKERS", "", ""):
        document.add_paragraph(line)
    for speaker, words, start, _ in turns:
        document.add_paragraph(f"{speaker}  {_otter_time(start)}")
        for i in range(0, len(words), cut):
            document.add_paragraph(" ".join(words[i:i + cut]))
    document.add_paragraph("Transcribed by https://otter.ai")
    document.save(path)


def _read_file(write, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"meeting{suffix}"
        write(path)
        return read_transcript(path)


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _starts_and_ends(transcript):
    return [(_ms(t.start), _ms(t.end)) for t in transcript.turns]


ROUND_TRIP = settings(max_examples=25, deadline=None)


@ROUND_TRIP
@given(unicode_transcripts())
def test_teams_vtt_round_trip_keeps_speakers_words_and_milliseconds(case):
    turns, cut = case
    transcript = _read(_as_teams_vtt(turns, cut), ".vtt")
    _check(turns, transcript)
    assert _starts_and_ends(transcript) == [(a, b) for _, _, a, b in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_srt_round_trip_keeps_speakers_words_and_milliseconds(case):
    turns, cut = case
    transcript = _read(_as_srt(turns, cut), ".srt")
    _check(turns, transcript)
    assert _starts_and_ends(transcript) == [(a, b) for _, _, a, b in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_stamped_plain_text_round_trip_keeps_start_seconds(case):
    turns, cut = case
    transcript = _read(_as_stamped(turns, cut), ".txt")
    _check(turns, transcript)
    assert [_ms(t.start) for t in transcript.turns] == [a // 1000 * 1000 for _, _, a, _ in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_csv_round_trip_keeps_speakers_words_and_milliseconds(case):
    turns, _ = case
    transcript = _read(_as_csv(turns), ".csv")
    _check(turns, transcript)
    assert _starts_and_ends(transcript) == [(a, b) for _, _, a, b in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_xlsx_round_trip_keeps_speakers_words_and_milliseconds(case):
    turns, _ = case
    transcript = _read_file(lambda path: _write_xlsx(turns, path), ".xlsx")
    _check(turns, transcript)
    assert _starts_and_ends(transcript) == [(a, b) for _, _, a, b in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_teams_docx_round_trip_keeps_speakers_words_and_start_seconds(case):
    turns, _ = case
    transcript = _read_file(lambda path: _write_teams_docx(turns, path), ".docx")
    _check(turns, transcript)
    assert [_ms(t.start) for t in transcript.turns] == [a // 1000 * 1000 for _, _, a, _ in turns]


@ROUND_TRIP
@given(unicode_transcripts())
def test_otter_docx_round_trip_keeps_speakers_words_and_start_seconds(case):
    turns, cut = case
    transcript = _read_file(lambda path: _write_otter_docx(turns, cut, path), ".docx")
    _check(turns, transcript)
    assert [_ms(t.start) for t in transcript.turns] == [a // 1000 * 1000 for _, _, a, _ in turns]


@ROUND_TRIP
@given(unicode_transcripts(), st.sampled_from(["utf-8-sig", "utf-16", "cp1252"]),
       st.sampled_from(["\r\n", "\r"]))
def test_encodings_and_line_endings_round_trip(case, encoding, ending):
    turns, cut = case
    text = _as_srt(turns, cut).replace("\n", ending)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # Windows-1252 cannot hold these letters; the other encodings are tested
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "meeting.srt"
        path.write_bytes(data)
        _check(turns, read_transcript(path))


@ROUND_TRIP
@given(unicode_transcripts())
def test_unlabelled_zoom_vtt_keeps_every_cue_as_a_turn_with_its_times(case):
    turns, cut = case
    cues = list(_cues(turns, cut))
    lines = ["WEBVTT", ""]
    for number, (_, chunk, start, end) in enumerate(cues, start=1):
        lines += [str(number), f"{_clock(start)} --> {_clock(end)}", " ".join(chunk), ""]
    transcript = _read("\n".join(lines), ".vtt")
    assert [t.text.split() for t in transcript.turns] == [chunk for _, chunk, _, _ in cues]
    assert {t.speaker for t in transcript.turns} == {"Unknown speaker"}
    assert _starts_and_ends(transcript) == [(a, b) for _, _, a, b in cues]
