"""Readers: turns with speakers and times, nothing lost, bad files refused by line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from coding.errors import TranscriptFormatError, UnsupportedFormatError
from coding.readers import read_transcript
from coding.readers.manifest import meeting_info_from_name, read_manifest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILES = sorted(p for p in (ROOT / "transcripts").glob("*")
                      if p.suffix in (".vtt", ".txt"))
_VTT_NOISE = re.compile(r"^(WEBVTT.*|NOTE .*|\d+|\d[\d:.]+ --> [\d:.]+)$")


def test_zoom_vtt_merges_consecutive_cues_of_one_speaker(data_dir):
    transcript = read_transcript(data_dir / "zoom_small.vtt")
    assert [t.speaker for t in transcript.turns] == ["Amara Osei", "Ben Kowalski",
                                                     "Carmen Reyes"]
    amara, ben, carmen = transcript.turns
    assert amara.text == ("Okay, I think we're all here, so maybe we start with a quick "
                          "check-in round?")
    assert (amara.start, amara.end) == (1.2, 7.5)
    assert (ben.start, ben.end) == (8.1, 18.0)
    assert "billing & staffing" in carmen.text  # entities decoded


def test_plain_text_joins_wrapped_lines_and_repeated_speaker(data_dir):
    transcript = read_transcript(data_dir / "plain_small.txt")
    assert [t.speaker for t in transcript.turns] == ["Amara Osei", "Ben Kowalski",
                                                     "Carmen Reyes"]
    assert transcript.turns[1].text.endswith("set a boundary: phone off after seven.")
    assert transcript.turns[2].text.endswith("Anyway. Dev, your turn.")
    assert transcript.turns[0].start is None


def test_otter_headings_give_speakers_and_start_times(data_dir):
    transcript = read_transcript(data_dir / "otter_small.txt")
    assert [(t.speaker, t.start) for t in transcript.turns] == [
        ("Amara Osei", 1.0), ("Ben Kowalski", 8.0), ("Carmen Reyes", 3738.0)]
    assert transcript.turns[0].end == 8.0
    assert "set a boundary: phone off" in transcript.turns[1].text


def _words_in_file(path: Path) -> list[str]:
    """Every spoken word of a sample file, read naively, without speaker labels."""
    words = []
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if path.suffix == ".vtt" and _VTT_NOISE.match(line):
            continue
        if re.match(r"^.+\s{2,}\d{1,2}(:\d{2}){1,2}$", line):  # Otter heading
            continue
        line = re.sub(r"^[A-Z][\w.' -]{0,40}?: ", "", line)  # 'Name: '
        words.extend(line.split())
    return words


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_no_word_of_a_sample_transcript_is_lost(path):
    transcript = read_transcript(path)
    read_words = [word for turn in transcript.turns for word in turn.text.split()]
    assert read_words == _words_in_file(path)
    assert transcript.word_count >= 2500


def test_sample_transcripts_have_five_participants_and_dates():
    names = set()
    assert len(SAMPLE_FILES) >= 5
    for path in SAMPLE_FILES:
        transcript = read_transcript(path, read_manifest(path.parent).get(path.name))
        assert transcript.date is not None and transcript.meeting is not None
        names.update(transcript.speakers)
    assert {"Amara Osei", "Ben Kowalski", "Carmen Reyes", "Dev Patel",
            "Elena Novak"} <= names


def test_malformed_timing_names_file_and_line(data_dir):
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(data_dir / "bad_timing.vtt")
    error = caught.value
    assert error.line == 8
    assert "bad_timing.vtt" in str(error)
    assert "00:01:02.000 --> 00:01:05.000" in str(error)


@pytest.mark.parametrize("content, line, expected", [
    ("Hello there\n", 1, "WEBVTT"),
    ("WEBVTT\n\n1\n00:00:05.000 --> 00:00:01.000\nA: hi\n", 4, "ends"),
    ("WEBVTT\n\n1\nA: hi there\n", 4, "cue timing"),
])
def test_bad_vtt_variants(tmp_path, content, line, expected):
    path = tmp_path / "meeting.vtt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    assert caught.value.line == line
    assert expected in str(caught.value)


def test_text_before_any_speaker_is_refused_with_its_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("\nmeeting notes from tuesday\nAmara: hi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    assert caught.value.line == 2
    assert "Name: text" in str(caught.value)


def test_empty_binary_and_unknown_files_are_refused(tmp_path):
    empty = tmp_path / "empty.vtt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    other = tmp_path / "meeting.mp4"
    other.write_bytes(b"data")
    with pytest.raises(TranscriptFormatError, match="empty"):
        read_transcript(empty)
    with pytest.raises(TranscriptFormatError, match="binary"):
        read_transcript(binary)
    with pytest.raises(UnsupportedFormatError, match=r"\.vtt"):
        read_transcript(other)


def test_windows_line_endings_and_bom_read_the_same(tmp_path, data_dir):
    original = (data_dir / "zoom_small.vtt").read_text(encoding="utf-8")
    windows = tmp_path / "windows.vtt"
    windows.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    assert read_transcript(windows).turns == read_transcript(data_dir / "zoom_small.vtt").turns


def test_same_content_gives_same_id_whatever_the_name(tmp_path, data_dir):
    copy = tmp_path / "renamed.vtt"
    copy.write_bytes((data_dir / "zoom_small.vtt").read_bytes())
    assert read_transcript(copy).id == read_transcript(data_dir / "zoom_small.vtt").id


def test_meeting_number_and_date_come_from_the_file_name():
    info = meeting_info_from_name("2025-03-12_meeting03.txt")
    assert (info.meeting, info.date) == (3, date(2025, 3, 12))
    assert meeting_info_from_name("notes.txt").meeting is None


def test_manifest_with_a_bad_date_names_its_line(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,meeting,date\na.vtt,1,2025-01-15\n"
                                           "b.vtt,2,15/02/2025\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_manifest(tmp_path)
    assert caught.value.line == 3


def test_teams_voice_tags_and_bracketed_stamps(tmp_path):
    teams = tmp_path / "teams.vtt"
    teams.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Jane Smith>Hello all.</v>\n\n"
                     "00:00:03.000 --> 00:00:05.000\n<v Jane Smith>Shall we begin?</v>\n\n"
                     "00:00:06.000 --> 00:00:07.000\n<v Raj K>Yes.</v>\n", encoding="utf-8")
    stamped = tmp_path / "stamped.txt"
    stamped.write_text("[00:00:01] Jane Smith: Hello all.\n[00:01:05] Raj K: Yes.\n",
                       encoding="utf-8")
    assert [(t.speaker, t.text, t.start, t.end) for t in read_transcript(teams).turns] == [
        ("Jane Smith", "Hello all. Shall we begin?", 1.0, 5.0), ("Raj K", "Yes.", 6.0, 7.0)]
    assert [(t.speaker, t.start, t.end) for t in read_transcript(stamped).turns] == [
        ("Jane Smith", 1.0, 65.0), ("Raj K", 65.0, None)]
