"""SubRip (.srt): numbered cues with '00:01:02,000 --> 00:01:05,000' timings.

Read with the WebVTT cue parser rather than the ``srt`` package so that every error
names its line (``srt`` reports a character offset and skips what it cannot parse when
told to be lenient). Speakers are 'Name: text' in the cue when the export has them.
"""

from __future__ import annotations

from coding.errors import TranscriptFormatError
from coding.readers._common import Source, Utterance
from coding.readers.vtt import cue_blocks, read_cues

_EXPECTED_TIMING = "expected a subtitle timing like 00:01:02,000 --> 00:01:05,000"


def read_srt(source: Source) -> list[Utterance]:
    lines = source.text.split("\n")
    if lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptFormatError("this is a WebVTT file, not SubRip.", path=source.path,
                                    line=1, fix="rename it to end in .vtt.")
    return read_cues(source.path, cue_blocks(lines, first=1), _EXPECTED_TIMING,
                     source.warnings)


def looks_like_srt(text: str) -> bool:
    """A number on the first line and a '-->' timing on the next."""
    head = text.lstrip("\ufeff\n ").split("\n", 2)
    return len(head) >= 2 and head[0].strip().isdigit() and "-->" in head[1]
