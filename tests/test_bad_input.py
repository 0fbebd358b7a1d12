"""Bad files: each is refused with the file, the place and the fix, the project is left
exactly as it was, and the other files of the batch still import."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from coding.cli import main
from coding.pipeline import find_transcripts, run_pipeline
from coding.uploads import import_uploads
from coding.store import Project

GOOD_VTT = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nAnn Lee: We met on Tuesday.\n\n"
            "2\n00:00:04.500 --> 00:00:09.000\nRaj Iyer: And talked about rotas.\n")


def _refused(project, project_tables, name: str, data: bytes) -> str:
    """Import one bad file; check nothing changed; return the reason given."""
    before = project_tables(project)
    report = import_uploads([(name, data)], None, project)
    assert report.imported == [] and list(report.skipped) == [name]
    assert project_tables(project) == before
    reason = report.skipped[name]
    assert name in reason and "Fix:" in reason
    assert "focus-coding-upload" not in reason  # the user's file name, not a temp path
    return reason


def test_an_empty_file_is_refused(imported_project, project_tables):
    reason = _refused(imported_project, project_tables, "meeting02.vtt", b"")
    assert "empty" in reason
    reason = _refused(imported_project, project_tables, "meeting02.docx", b"")
    assert "empty" in reason


def test_a_binary_file_with_a_transcript_extension_is_refused(imported_project, project_tables):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    reason = _refused(imported_project, project_tables, "meeting02.vtt", png)
    assert "binary" in reason
    # No NUL byte, but mostly control characters: still not text.
    noise = bytes(range(1, 9)) * 200 + b"Ann: hi\n"
    assert "binary" in _refused(imported_project, project_tables, "meeting03.txt", noise)


def test_a_truncated_cue_timing_names_its_line(imported_project, project_tables):
    truncated = GOOD_VTT + "\n3\n00:00:09.500 --> 00:00:1"
    reason = _refused(imported_project, project_tables, "meeting02.vtt", truncated.encode())
    assert reason.startswith("line 12 of meeting02.vtt: expected a cue timing like")
    assert "'00:00:09.500 --> 00:00:1'" in reason


def test_a_malformed_cue_timing_names_its_line(imported_project, project_tables, data_dir):
    reason = _refused(imported_project, project_tables, "bad_timing.vtt",
                      (data_dir / "bad_timing.vtt").read_bytes())
    assert reason.startswith("line 8 of bad_timing.vtt")


def test_a_malformed_subrip_timing_names_its_line(imported_project, project_tables):
    srt = "1\n00:00:01,000 --> 00:00:04,000\nAnn: hi\n\n2\n00:00:05,000 -> 00:00:06,000\nx\n"
    reason = _refused(imported_project, project_tables, "meeting02.srt", srt.encode())
    assert reason.startswith("line 6 of meeting02.srt: expected a subtitle timing")


def test_cues_out_of_order_are_kept_with_a_warning_naming_the_line(imported_project,
                                                                    fake_embedder):
    # Decision: a cue that starts before the one above it is kept where the file puts
    # it (the words keep their order) and reported; overlap alone is normal cross-talk.
    shuffled = GOOD_VTT + ("\n3\n00:00:02.000 --> 00:00:03.000\nAnn Lee: Sorry, Monday.\n\n"
                           "4\n00:00:08.000 --> 00:00:10.000\nRaj Iyer: Overlapping is fine.\n")
    report = import_uploads([("meeting02.vtt", shuffled.encode())], None, imported_project,
                            embedder=fake_embedder)
    assert report.imported == ["meeting02.vtt"]
    (warning,) = report.warnings["meeting02.vtt"]
    assert warning.startswith("1 cue(s) start earlier than the cue above them, the first at "
                              "line 12 (00:00:02, after 00:00:04 at line 8)")


def test_a_docx_that_is_not_a_zip_is_refused(imported_project, project_tables):
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # a renamed .doc
    reason = _refused(imported_project, project_tables, "meeting02.docx", old_word)
    assert "not a .docx file from Word" in reason and "save it again as .docx" in reason
    reason = _refused(imported_project, project_tables, "meeting02.xlsx", b"speaker,text\n")
    assert "not a .xlsx file from Excel" in reason


def test_a_zip_that_is_not_a_word_document_is_refused(imported_project, project_tables):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "Ann: hello")
    reason = _refused(imported_project, project_tables, "meeting02.docx", buffer.getvalue())
    assert "not a readable Word document" in reason


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(imported_project,
                                                               project_tables, monkeypatch):
    monkeypatch.setattr("coding.readers.decoding.MAX_UNPACKED_MB", 4)
    buffer = io.BytesIO()
    with (zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
          archive.open("word/document.xml", "w") as member):
        for _ in range(5):
            member.write(b"\x00" * 2**20)
    assert len(buffer.getvalue()) < 50_000  # tiny on disk, 5 MB unpacked
    reason = _refused(imported_project, project_tables, "meeting02.docx", buffer.getvalue())
    assert "would unpack to 5 MB (the limit is 4 MB)" in reason


def test_a_500_mb_file_is_refused_by_size_without_being_read(imported_project,
                                                            project_tables, tmp_path):
    huge = tmp_path / "meeting02.vtt"
    with huge.open("wb") as handle:
        handle.truncate(500 * 2**20)  # sparse: takes no disk space
    before = project_tables(imported_project)
    tracemalloc.start()
    report = run_pipeline([huge], None, imported_project)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20
    assert report.imported == []
    assert "the file is 500 MB; transcripts above 50 MB are refused" in report.skipped[
        "meeting02.vtt"]
    assert project_tables(imported_project) == before


def test_control_characters_are_removed_and_reported_with_their_line(imported_project,
                                                                        fake_embedder):
    dirty = GOOD_VTT.replace("rotas.", "ro\x07tas.\x1b")
    report = import_uploads([("meeting02.vtt", dirty.encode())], None, imported_project,
                            embedder=fake_embedder)
    assert report.imported == ["meeting02.vtt"]
    assert report.warnings["meeting02.vtt"] == [
        "removed 2 invisible control character(s), the first on line 9; they are not part "
        "of what was said."]
    with Project(imported_project) as project:
        texts = [row["text"] for row in project.table_rows("turns")]
    assert "And talked about rotas." in texts


def test_the_same_transcript_twice_is_recognised_by_content(imported_project, project_tables,
                                                           data_dir):
    before = project_tables(imported_project)
    same = (data_dir / "zoom_small.vtt").read_bytes()
    report = import_uploads([("zoom_small.vtt", same), ("renamed copy.vtt", same)], None,
                            imported_project)
    assert report.imported == [] and report.skipped == {}
    assert report.unchanged == ["zoom_small.vtt", "renamed copy.vtt"]
    assert project_tables(imported_project) == before


def test_a_name_with_folders_is_reduced_to_the_file_name(imported_project, project_tables,
                                                         fake_embedder):
    report = import_uploads([("../../outside/meeting02.vtt", GOOD_VTT.encode()),
                             ("C:\\Users\\ana\\meeting03.vtt", GOOD_VTT.encode() + b"\n")],
                            None, imported_project, embedder=fake_embedder)
    assert report.imported == ["meeting02.vtt", "meeting03.vtt"]
    before = project_tables(imported_project)
    report = import_uploads([("../", GOOD_VTT.encode())], None, imported_project)
    assert report.skipped == {"../": "'../': the file has no usable name. Fix: rename it, "
                                     "e.g. meeting01.vtt."}
    assert project_tables(imported_project) == before


def test_a_batch_imports_its_good_files_around_the_bad_ones(imported_project, project_tables,
                                                            fake_embedder):
    before = project_tables(imported_project)
    files = [("broken.vtt", b"WEBVTT\n\n1\n00:00:01.000 --> \nAnn: hi\n"),
             ("meeting02.vtt", GOOD_VTT.encode()),
             ("sheet.csv", b"segment,theme\n1,Burnout\n")]
    report = import_uploads(files, None, imported_project, embedder=fake_embedder)
    assert report.imported == ["meeting02.vtt"]
    assert report.skipped["broken.vtt"].startswith("line 4 of broken.vtt")
    assert report.skipped["sheet.csv"].startswith("row 1 of sheet.csv: no column holds the "
                                                  "words: row 1 has 'segment', 'theme'")
    after = project_tables(imported_project)
    assert len(after["transcripts"]) == len(before["transcripts"]) + 1
    new_turns = [row for row in after["turns"] if row not in before["turns"]]
    assert [row[2] for row in new_turns] == ["Ann Lee", "Raj Iyer"]


@pytest.mark.parametrize("name", ["meeting02.vtt", "meeting02.txt", "meeting02.srt"])
def test_a_file_with_no_spoken_text_is_refused(imported_project, project_tables, name):
    content = {"meeting02.vtt": "WEBVTT\n\nNOTE exported by Zoom\n",
               "meeting02.txt": "\n\n   \n", "meeting02.srt": "\ufeff\n"}[name]
    reason = _refused(imported_project, project_tables, name, content.encode())
    assert "no spoken text" in reason or "empty" in reason


def test_a_folder_import_skips_the_lock_files_word_leaves(tmp_path, data_dir):
    (tmp_path / "meeting01.docx").write_bytes((data_dir / "teams_small.docx").read_bytes())
    (tmp_path / "~$eting01.docx").write_bytes(b"\x05ana" + b"\x00" * 158)  # Word's lock file
    assert [path.name for path in find_transcripts([tmp_path])] == ["meeting01.docx"]


def test_the_command_line_shows_what_to_check(tmp_path, small_codebook, capsys,
                                              fake_default_embedder):
    path = tmp_path / "meeting01.txt"
    path.write_bytes("Jos\u00e9 N\u00fa\u00f1ez: It\u2019s fine.\nAnn Lee: Good.\n"
                     .encode("cp1252"))
    assert main(["run", str(path), "--codebook", str(small_codebook), "--project",
                 str(tmp_path / "p.sqlite"), "--quiet"]) == 0
    assert "  check meeting01.txt: read as Windows-1252, not UTF-8 (the first non-UTF-8 " \
           "character is on line 1)" in capsys.readouterr().out


def test_a_first_import_whose_every_file_is_refused_reports_the_reasons(tmp_path,
                                                                         small_codebook):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "meeting1.vtt").write_text("WEBVTT\n\nbroken --> x\nhello\n", encoding="utf-8")
    (folder / "meeting2.txt").write_bytes(b"")
    report = run_pipeline([folder], small_codebook, tmp_path / "new.sqlite")
    assert report.imported == [] and sorted(report.skipped) == ["meeting1.vtt", "meeting2.txt"]
    assert "line 3" in report.skipped["meeting1.vtt"]
    uploaded = import_uploads([("meeting1.vtt", b"WEBVTT\n\nbroken --> x\nhi\n")], None,
                              tmp_path / "uploaded.sqlite")
    assert list(uploaded.skipped) == ["meeting1.vtt"]
    with Project(tmp_path / "new.sqlite") as project:
        assert project.segments() == [] and project.code_names() != []


def test_the_command_line_never_prints_a_file_names_terminal_escapes(tmp_path, small_codebook,
                                                                      capsys,
                                                                      fake_default_embedder):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "meeting1\x1b]0;owned\x07\x1b[2J.vtt").write_bytes(b"")
    (folder / "meeting2.txt").write_text("Ann Lee: We met.\n", encoding="utf-8")
    main(["run", str(folder), "--codebook", str(small_codebook), "--project",
          str(tmp_path / "p.sqlite"), "--quiet"])
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and "\x07" not in printed.out
    assert "skipped meeting1\\x1b]0;owned\\x07\\x1b[2J.vtt" in printed.out
