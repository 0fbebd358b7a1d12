"""Encodings and line endings of real exports: the same words whatever the file's bytes."""

from __future__ import annotations

import codecs

import pytest

from coding.errors import TranscriptFormatError
from coding.readers import read_transcript

# Windows-1252 can hold all of these: accents, curly quotes and the dash Word inserts.
VTT = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nJosé Núñez: It’s “fine” — really.\n\n"
       "2\n00:00:04.500 --> 00:00:06.000\nZoë Brontë: Café at noon?\n")
PLAIN = "José Núñez: It’s “fine” — really.\nZoë Brontë: Café at noon?\n"
SRT = ("1\n00:00:01,000 --> 00:00:04,000\nJosé Núñez: It’s “fine” — really.\n\n"
       "2\n00:00:04,500 --> 00:00:06,000\nZoë Brontë: Café at noon?\n")
CSV = "speaker,text\nJosé Núñez,It’s “fine” — really.\nZoë Brontë,Café at noon?\n"
EXPECTED = [("José Núñez", "It’s “fine” — really."), ("Zoë Brontë", "Café at noon?")]
TEXTS = {".vtt": VTT, ".txt": PLAIN, ".srt": SRT, ".csv": CSV}
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le with BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "windows-1252": lambda text: text.encode("cp1252"),
}
ENDINGS = {"unix": "\n", "windows": "\r\n", "old mac": "\r"}


@pytest.mark.parametrize("suffix", TEXTS)
@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("ending", ENDINGS)
def test_every_encoding_and_line_ending_reads_the_same_words(tmp_path, suffix, encoding,
                                                             ending):
    path = tmp_path / f"meeting{suffix}"
    path.write_bytes(ENCODINGS[encoding](TEXTS[suffix].replace("\n", ENDINGS[ending])))
    transcript = read_transcript(path)
    assert [(t.speaker, t.text) for t in transcript.turns] == EXPECTED
    fallback = [w for w in transcript.warnings if "Windows-1252" in w]
    assert bool(fallback) == (encoding == "windows-1252")


def test_the_windows_1252_warning_names_the_first_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_bytes("Ann Lee: Hello.\nJosé Núñez: Hola.\n".encode("cp1252"))
    (warning,) = read_transcript(path).warnings
    assert warning.startswith("read as Windows-1252, not UTF-8")
    assert "line 2" in warning


def test_excel_unicode_text_export_is_utf16_and_tab_separated(tmp_path):
    path = tmp_path / "meeting.csv"
    table = "Speaker\tText\tStart\r\nJosé Núñez\tIt’s fine.\t1.5\r\n"
    path.write_bytes(codecs.BOM_UTF16_LE + table.encode("utf-16-le"))
    assert [(t.speaker, t.text, t.start) for t in read_transcript(path).turns] == [
        ("José Núñez", "It’s fine.", 1.5)]


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_with_the_line(tmp_path):
    path = tmp_path / "meeting.txt"
    path.write_bytes(b"Ann Lee: Hello.\nBen: caf\xe9 \x81 and more\n")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    assert caught.value.line == 2
    assert "not valid UTF-8 or Windows-1252" in str(caught.value)
    assert "save the file as UTF-8" in str(caught.value)
