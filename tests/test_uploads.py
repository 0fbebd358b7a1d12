"""Files that arrive as bytes (browser uploads), codebooks from scratch, and the tables
the Export screen shows."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from coding.codebooks import codebook_from_upload, codebook_yaml, load_codebook
from coding.errors import CodebookError
from coding.model import Code
from coding.paths import upload_name
from coding.pipeline import refresh_suggestions
from coding.uploads import import_uploads
from coding.readers.manifest import MeetingInfo
from coding.report.files import csv_bytes, xlsx_bytes
from coding.report.tables import prevalence, project_summary, theme_table
from coding.store import Project


def _upload(data_dir, name):
    return (name, (data_dir / name).read_bytes())


def test_a_bad_file_is_skipped_with_its_name_and_the_others_import(data_dir, project_path,
                                                                   fake_embedder):
    files = [_upload(data_dir, "zoom_small.vtt"), ("broken.vtt", b"WEBVTT\n\n00:01 --> x\nhi"),
             ("notes.pdf", b"%PDF-1.4"), _upload(data_dir, "plain_small.txt")]
    report = import_uploads(files, load_codebook(data_dir / "codebook_small.yaml"),
                            project_path, embedder=fake_embedder)
    assert report.imported == ["zoom_small.vtt", "plain_small.txt"]
    assert set(report.skipped) == {"broken.vtt", "notes.pdf"}
    assert all(name in reason for name, reason in report.skipped.items())
    assert report.suggestions > 0


def test_meeting_numbers_and_dates_given_at_upload_are_stored(data_dir, project_path,
                                                              fake_embedder):
    info = {"zoom_small.vtt": MeetingInfo(meeting=4, date=date(2025, 4, 9), title="April")}
    import_uploads([_upload(data_dir, "zoom_small.vtt")], None, project_path, meetings=info,
                   embedder=fake_embedder)
    with Project(project_path) as project:
        row = project.table_rows("transcripts")[0]
    assert (row["meeting"], row["date"], row["title"]) == (4, "2025-04-09", "April")


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.vtt", "passwd.vtt"), ("C:\\Users\\x\\m1.vtt", "m1.vtt"),
    (".hidden.txt", "hidden.txt"), ("a\x00b.txt", "ab.txt"), ("/", "")])
def test_upload_names_cannot_point_outside_the_upload(name, expected):
    assert upload_name(name) == expected


def test_two_uploads_with_one_name_keep_the_first_and_say_so(data_dir, project_path,
                                                             fake_embedder):
    first = _upload(data_dir, "zoom_small.vtt")
    report = import_uploads([first, ("zoom_small.vtt", b"WEBVTT\n")], None, project_path,
                            embedder=fake_embedder)
    assert report.imported == ["zoom_small.vtt"]
    assert "two files in this upload" in report.skipped["zoom_small.vtt (second copy)"]


@pytest.mark.slow  # that "boundary" means "Limits on work hours" takes the real model
def test_without_a_codebook_transcripts_import_and_nothing_is_suggested(data_dir,
                                                                       project_path):
    report = import_uploads([_upload(data_dir, "zoom_small.vtt")], None, project_path)
    assert report.imported and report.suggestions == 0
    with Project(project_path) as project:
        project.save_code(Code(name="Boundaries", definition="Limits on work hours.",
                               keywords=("boundaries", "say no")), coder="Ana")
    refreshed = refresh_suggestions(project_path)
    assert refreshed.imported == [] and refreshed.suggestions > 0


def test_an_uploaded_codebook_error_names_the_uploaded_file_not_a_temp_path():
    with pytest.raises(CodebookError) as caught:
        codebook_from_upload("my codes.yaml", b"codes:\n  - definition: no name\n")
    assert str(caught.value).startswith("line 2 of my codes.yaml")
    with pytest.raises(CodebookError, match="UTF-8"):
        codebook_from_upload("latin.yaml", "codes: [{name: caf\xe9}]".encode("latin-1"))


def test_a_codebook_written_out_reads_back_the_same(data_dir):
    book = load_codebook(data_dir / "codebook_small.yaml")
    assert codebook_from_upload("again.yaml", codebook_yaml(book).encode()).codes == book.codes


def test_prevalence_counts_each_coded_segment_once_per_theme_and_meeting(sample_project):
    with Project(sample_project) as project:
        table = prevalence(project, "meeting", include_suggested=True)
        themes = theme_table(project, include_suggested=True)
        by_speaker = prevalence(project, "speaker", include_suggested=True)
        summary = project_summary(project)
    assert list(table.index) == list(themes["theme"])
    assert table.columns[0] == "Monthly meeting 1" and len(table.columns) == summary["transcripts"]
    totals = themes.set_index("theme")["confirmed_segments"] + \
        themes.set_index("theme")["pending_suggestions"]
    assert table.sum(axis=1).to_dict() == totals.to_dict()
    assert by_speaker.sum(axis=1).to_dict() == totals.to_dict()


def test_downloads_hold_the_same_table_as_the_screen(sample_project):
    with Project(sample_project) as project:
        themes = theme_table(project, include_suggested=True)
    from_csv = pd.read_csv(io.BytesIO(csv_bytes(themes)), encoding="utf-8-sig",
                           keep_default_na=False)
    assert list(from_csv["theme"]) == list(themes["theme"])
    from_xlsx = pd.read_excel(io.BytesIO(xlsx_bytes({"Themes": themes})), sheet_name="Themes")
    assert list(from_xlsx["theme"]) == list(themes["theme"])


def test_meeting_rows_from_an_edited_table_accept_blanks_and_timestamps():
    from coding.readers.manifest import meeting_infos

    rows = [{"file": "a.vtt", "meeting": 3.0, "date": pd.Timestamp("2025-03-12"),
             "title": " March "},
            {"file": "b.vtt", "meeting": float("nan"), "date": None, "title": float("nan")}]
    assert meeting_infos(rows) == {
        "a.vtt": MeetingInfo(meeting=3, date=date(2025, 3, 12), title="March"),
        "b.vtt": MeetingInfo()}
