"""Odd and hostile transcript files: each is imported whole — every speaker and word —
or refused with a CodingError naming the file, the place and the fix. Never a traceback,
never a hang, never garbage stored as what someone said.

The files and what reading each must give are in tests/data/hostile (written by its
make_fixtures.py); the cases that cannot be files in a repository are made here.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from coding.errors import CodingError, TranscriptFormatError, shown_name
from coding.readers import read_transcript
from coding.readers.encodings import guess_legacy
from coding.readers.speakers import looks_like_name, split_label

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
#: A reader gets this long for one small file; the slowest hostile file takes ~0.1 s.
TIME_LIMIT = 2.0
GOOD_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnn Lee: Hello.\n"


def read_within_time_limit(path: str | bytes | Path):
    """read_transcript in a thread; fails the test if it does not end in time."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["transcript"] = read_transcript(path)
        except BaseException as error:  # handed to the test thread, which judges it
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    started = time.perf_counter()
    worker.start()
    worker.join(TIME_LIMIT)
    assert not worker.is_alive(), f"reading {path!r} took over {TIME_LIMIT} s"
    outcome["seconds"] = time.perf_counter() - started
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["transcript"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_is_read_whole_or_refused_clearly(name):
    expected = EXPECTED[name]
    path = HOSTILE / name
    if "refused" in expected:
        with pytest.raises(CodingError) as caught:
            read_within_time_limit(path)
        message = str(caught.value)
        assert name in message and "Fix:" in message
        for part in expected["refused"]:
            assert part in message
        return
    transcript = read_within_time_limit(path)
    assert [[turn.speaker, turn.text] for turn in transcript.turns] == expected["turns"]
    for part in expected.get("warnings", []):
        assert any(part in warning for warning in transcript.warnings), transcript.warnings
    if "starts" in expected:
        assert [turn.start for turn in transcript.turns] == expected["starts"]
    if "meeting" in expected:
        assert transcript.meeting == expected["meeting"]


def test_the_fixtures_are_what_make_fixtures_writes(monkeypatch):
    """The committed files are the script's output, byte for byte (it is deterministic)."""
    import importlib.util

    monkeypatch.syspath_prepend(str(HOSTILE))
    spec = importlib.util.spec_from_file_location("make_fixtures", HOSTILE / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    for make in (module._xlsx_broken, module._docx_broken, module._meeting_number,
                 module._hangs, module._word_words, module._speakers_and_text,
                 module._valid_files, module._encodings, module._bom_and_binary):
        make()
    assert sorted(module.FIXTURES) == sorted(EXPECTED)
    for name, (data, spec_) in module.FIXTURES.items():
        assert (HOSTILE / name).read_bytes() == data, name
        assert EXPECTED[name] == json.loads(json.dumps(spec_, ensure_ascii=False)), name


# -- what cannot be a file in a repository --------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_with_a_transcript_name_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "meeting02.vtt"
    os.mkfifo(pipe)
    with pytest.raises(TranscriptFormatError) as caught:
        read_within_time_limit(pipe)
    assert "meeting02.vtt: this is a named pipe, not a file" in str(caught.value)


def test_a_folder_with_a_transcript_name_is_refused(tmp_path):
    folder = tmp_path / "meeting02.vtt"
    folder.mkdir()
    with pytest.raises(TranscriptFormatError, match="this is a folder, not a file"):
        read_transcript(folder)


def test_a_missing_file_is_a_coding_error(tmp_path):
    with pytest.raises(TranscriptFormatError, match="cannot be opened"):
        read_transcript(tmp_path / "gone.vtt")


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path):
    path = tmp_path / "meeting\x1b[2J\x1b]0;owned\x07\u202egnp.vtt"
    path.write_bytes(b"WEBVTT\n\n1\n00:00:01.000 --> \nAnn: hi\n")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message and "\u202e" not in message
    assert "meeting\\x1b[2J\\x1b]0;owned\\x07\\u202egnp.vtt" in message
    assert message.startswith("line 4 of ")


def test_a_control_character_in_the_name_of_a_good_file_is_kept_escaped(tmp_path):
    path = tmp_path / "meeting\x1b[31m02.vtt"
    path.write_bytes(GOOD_VTT)
    transcript = read_transcript(path)
    assert transcript.name == "meeting\\x1b[31m02.vtt"
    assert any("cannot be shown" in warning for warning in transcript.warnings)


def test_a_file_name_that_is_not_utf8_is_read_and_shown_with_its_bytes(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9 meeting03.vtt"
    with open(raw, "wb") as handle:
        handle.write(GOOD_VTT)
    transcript = read_transcript(raw)  # a bytes path, as os.listdir(bytes) gives
    assert transcript.name == "caf\\xe9 meeting03.vtt"
    assert transcript.meeting == 3
    assert [(t.speaker, t.text) for t in transcript.turns] == [("Ann Lee", "Hello.")]
    same = read_transcript(os.fsdecode(raw))  # the str Python makes of it
    assert same.name == transcript.name
    with open(os.fsencode(tmp_path) + b"/bad\xff.vtt", "wb") as handle:
        handle.write(b"WEBVTT\n\nnot a cue\n")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(os.fsencode(tmp_path) + b"/bad\xff.vtt")
    assert "bad\\xff.vtt" in str(caught.value)
    str(caught.value).encode("utf-8")  # printable: no lone surrogates


def test_shown_name_leaves_ordinary_names_alone():
    for name in ("meeting 3.vtt", "Réunion – été.docx", "李明的会议.txt", "C:\\a\\b.srt"):
        assert shown_name(name) == name


@pytest.mark.parametrize("name, meeting", [("meeting100000.vtt", 100000),
                                           ("meeting100001.vtt", None),
                                           ("session_0007.vtt", 7)])
def test_meeting_numbers_beyond_a_sane_range_are_ignored(tmp_path, name, meeting):
    path = tmp_path / name
    path.write_bytes(GOOD_VTT)
    transcript = read_transcript(path)
    assert transcript.meeting == meeting
    assert any("too large" in w for w in transcript.warnings) == (meeting is None)


def test_a_manifest_meeting_number_beyond_range_names_its_line(tmp_path):
    from coding.readers.manifest import read_manifest
    (tmp_path / "manifest.csv").write_text("file,meeting\na.vtt,1\nb.vtt,99999999999999999999\n",
                                           encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_manifest(tmp_path)
    assert caught.value.line == 3 and "not a meeting number" in str(caught.value)


# -- the speaker-label rule, both ways ------------------------------------------------

@pytest.mark.parametrize("label", [
    "Ann Lee", "Sarah K.", "Ben Roy Jr.", "Dr. Carmen Reyes", "Speaker 1", "P3", "李明",
    "Ben Kowalski (he/him)", "Ludwig van Beethoven", "Ana de la Cruz", "Q", "A", "I",
    "Elena Novak-Smith", "Interviewer", "R&D Room", "O'Brien", "سارة"])
def test_labels_that_look_like_names_are_speakers(label):
    assert looks_like_name(label)


@pytest.mark.parametrize("label", [
    "So the plan is", "Note", "Here is the thing", "and then", "What I mean", "Well",
    "Thanks.", "Really?", "The three things we agreed on today were these", "10", "OK so",
    "Date", "It was like", "next steps", "action items", "Remember", "Summary of the week"])
def test_labels_that_look_like_sentences_are_not_speakers(label):
    assert not looks_like_name(label)


@pytest.mark.parametrize("label", ["amara", "ben k", "Ann Lee", "李明", "Sarah K.",
                                   "dr. o'neill"])
def test_display_names_as_people_typed_them_are_speakers(label):
    assert looks_like_name(label)


def test_a_label_is_split_at_the_first_colon_outside_brackets():
    assert split_label("Ann (00:05): hi").speaker == "Ann"
    assert split_label("Ann (00:05): hi").start == 5.0
    assert split_label("[00:01:02] Ann Lee: hi there").start == 62.0
    assert split_label("李明：你好").text == "你好"
    assert split_label("So the plan is: we meet") is None
    assert split_label("\u200f\u202bسارة\u202c: مرحبا").speaker == "سارة"


# -- encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding, text", [
    ("gbk", "李明：我们开始吧。"), ("big5", "李明：大家好，我們開始吧。"),
    ("cp932", "田中：はい、お願いします。"), ("cp949", "김민수: 안녕하세요, 시작하겠습니다."),
    ("cp1251", "Иван: Привет, как дела сегодня?"), ("cp1253", "Νίκος: Καλημέρα σε όλους."),
    ("cp1252", "José: Olá, ação é próxima."), ("cp1252", "Zoë: Café at noon?")])
def test_a_legacy_encoding_is_told_from_its_bytes(encoding, text):
    reading = guess_legacy(text.encode(encoding))
    assert reading is not None and reading.text == text


def test_garbage_that_fits_no_encoding_is_not_guessed():
    assert guess_legacy(bytes(range(0xC0, 0x100)) * 4) is None


# -- speed ----------------------------------------------------------------------------

def _subrip(cues: int) -> str:
    lines = []
    for number in range(1, cues + 1):
        start = number * 2
        lines.append(f"{number}\n{start // 3600:02d}:{start // 60 % 60:02d}:{start % 60:02d},000 "
                     f"--> {start // 3600:02d}:{start // 60 % 60:02d}:{start % 60:02d},900\n"
                     f"{'Ann Lee' if number % 3 else 'Ben Roy'}: line {number} of the "
                     "subtitles, with <i>some</i> words.\n")
    return "\n".join(lines)


def _best_time(path: Path) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        read_transcript(path)
        times.append(time.perf_counter() - started)
    return min(times)


def test_reading_subrip_is_linear_in_the_number_of_cues(tmp_path):
    """pysrt's 1,332-cue utf-8.srt took a minute to import. The reader reads 1,500 cues in
    ~0.05 s on an idle machine, and four times the cues in about four times as long (a
    quadratic reader would take sixteen times)."""
    small, large = tmp_path / "small.srt", tmp_path / "large.srt"
    small.write_text(_subrip(1500), encoding="utf-8")
    large.write_text(_subrip(6000), encoding="utf-8")
    transcript = read_transcript(small)
    assert len(transcript.turns) == 1000  # every third cue is Ben's: 500 Ann-Ben pairs
    small_time, large_time = _best_time(small), _best_time(large)
    assert small_time < 5.0, f"{small_time:.2f} s for 1,500 cues"
    assert large_time < 8 * small_time + 0.2, f"{small_time:.3f} s vs {large_time:.3f} s"
