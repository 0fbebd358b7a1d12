"""The app's upload takes the whole sample folder: transcripts, manifest.csv and the
participants' CSV, each recognised by its columns, not its name."""

from __future__ import annotations

import pytest

from coding.errors import TranscriptFormatError
from coding.uploads import sort_uploads
from tests.conftest import SAMPLE_TRANSCRIPTS


def _folder() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLE_TRANSCRIPTS.iterdir())
            if p.suffix in (".vtt", ".txt", ".csv")]


def test_the_sample_folder_sorts_into_transcripts_manifest_and_participants():
    arrived = sort_uploads(_folder())
    assert [name for name, _ in arrived.transcripts] == sorted(
        p.name for p in SAMPLE_TRANSCRIPTS.glob("2025-*"))
    assert arrived.manifest == "manifest.csv"
    focus_group = arrived.meetings["2025-12-10_focus_group.vtt"]
    assert (focus_group.meeting, focus_group.title) == (13, "Year-end focus group")
    assert arrived.participants[0] == "participants.csv"


def test_csv_files_are_recognised_by_columns_not_names(data_dir):
    renamed = [("meetings list.csv", b"file,date,title\nm1.txt,2025-01-02,Kick-off\n"),
               ("who.csv", b"name,role\nAna,nurse\n"),
               ("participants.csv", (data_dir / "table_small.csv").read_bytes())]
    arrived = sort_uploads(renamed)
    assert arrived.meetings["m1.txt"].title == "Kick-off"
    assert arrived.participants[0] == "who.csv"
    assert [name for name, _ in arrived.transcripts] == ["participants.csv"]  # speaker, text


def test_a_bad_manifest_is_refused_with_its_line_and_two_are_refused():
    with pytest.raises(TranscriptFormatError, match="line 2 of .*manifest.csv"):
        sort_uploads([("manifest.csv", b"file,meeting\nm1.txt,first\n")])
    with pytest.raises(TranscriptFormatError, match="2 manifests"):
        sort_uploads([("a.csv", b"file,meeting\n"), ("b.csv", b"file,date\n")])
