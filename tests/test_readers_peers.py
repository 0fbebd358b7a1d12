"""Other projects' WebVTT and SubRip files import with the cues those projects find:
webvtt-py's fixtures, the W3C WebVTT parser tests' files, and SubRip files in the manner
of pysrt's (tests/data/peers/README.md says where each comes from and under what licence).
None has speaker labels, so each cue with text is one turn of 'Unknown speaker'."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding.readers import read_transcript

PEERS = Path(__file__).resolve().parent / "data" / "peers"
#: (file, cues with text) — webvtt-py's count, the W3C test's, or the file's own.
CUES = {
    "webvtt-py/captions_with_bom.vtt": 4, "webvtt-py/comments.vtt": 3,
    "webvtt-py/cue_tags.vtt": 3, "webvtt-py/metadata_headers.vtt": 2,
    "webvtt-py/metadata_headers_multiline.vtt": 2, "webvtt-py/missing_caption_text.vtt": 4,
    "webvtt-py/netflix_chicas_del_cable.vtt": 865, "webvtt-py/one_caption.vtt": 1,
    "webvtt-py/one_caption.srt": 1, "webvtt-py/sample.vtt": 16, "webvtt-py/sample.srt": 5,
    "webvtt-py/styles.vtt": 1, "webvtt-py/using_identifiers.vtt": 6,
    "webvtt-py/youtube_dl.vtt": 4,
    "wpt/ids.vtt": 5, "wpt/regions-scroll.vtt": 6, "wpt/settings-multiple.vtt": 2,
    "wpt/settings-vertical.vtt": 8, "wpt/timings-omitted-hours.vtt": 3,
    "pysrt-like/capability.srt": 5, "pysrt-like/no-indexes.srt": 4,
    "pysrt-like/overlapping-dialogues.srt": 3, "pysrt-like/windows-1252.srt": 4,
}


def test_every_vendored_file_is_listed():
    found = {path.relative_to(PEERS).as_posix() for path in PEERS.rglob("*")
             if path.suffix in (".vtt", ".srt")}
    assert found == set(CUES)


@pytest.mark.parametrize("name", sorted(CUES))
def test_a_peer_file_imports_with_its_cue_count(name):
    transcript = read_transcript(PEERS / name)
    assert len(transcript.turns) == CUES[name]
    assert all(turn.text for turn in transcript.turns)


@pytest.mark.parametrize("name, texts", [
    ("webvtt-py/cue_tags.vtt", ["When the moon hits your eye", "Like a big-a pizza pie",
                                "That's amore"]),
    ("webvtt-py/youtube_dl.vtt", ["yeah", "yeah what", "this will happen is I'm telling",
                                  "this will happen is I'm telling"]),
    ("wpt/settings-multiple.vtt", ["text1", "text2"]),
    ("pysrt-like/capability.srt", ["Bold, italic and underlined.", "Green text in a font.",
                                   "Shown at the top of the screen.",
                                   "A <tag> written as text, and 1 < 2.",
                                   "Nested tags close in order."]),
    ("pysrt-like/windows-1252.srt", ["Ça va, René ? Très bien.", "It’s “déjà vu” — again.",
                                     "Jürgen aß Käse in Köln.", "Señor Muñoz llegó mañana."]),
])
def test_a_peer_file_keeps_its_words(name, texts):
    assert [turn.text for turn in read_transcript(PEERS / name).turns] == texts


def test_a_peer_file_keeps_its_times():
    transcript = read_transcript(PEERS / "wpt" / "timings-omitted-hours.vtt")
    assert [(turn.start, turn.end) for turn in transcript.turns] == [(0.0, 1.0)] * 3
