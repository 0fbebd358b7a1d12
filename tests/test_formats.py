"""Every export format researchers bring: speakers, words and times as the file has them."""

from __future__ import annotations

import pytest

from coding.errors import TranscriptFormatError
from coding.readers import read_transcript

THREE = ["Amara Osei", "Ben Kowalski", "Carmen Reyes"]


def _summary(transcript):
    return [(t.speaker, t.start, t.end) for t in transcript.turns]


def test_zoom_vtt_without_speaker_labels_keeps_each_cue_as_a_turn(data_dir):
    transcript = read_transcript(data_dir / "zoom_unlabelled.vtt")
    assert _summary(transcript) == [("Unknown speaker", 1.2, 4.0),
                                    ("Unknown speaker", 4.0, 7.5),
                                    ("Unknown speaker", 8.1, 10.0)]
    assert transcript.turns[1].text == "start with a quick check-in round?"


def test_teams_vtt_voice_tags_give_the_speaker_as_written(data_dir):
    transcript = read_transcript(data_dir / "teams_small.vtt")
    assert _summary(transcript) == [("Amara Osei", 1.24, 7.48),
                                    ("Ben Kowalski (he/him)", 8.12, 15.26),
                                    ("Carmen Reyes", 15.9, 21.03)]
    assert transcript.turns[0].text == ("Okay, I think we're all here, so maybe we start "
                                        "with a quick check-in round?")
    assert "billing & staffing" in transcript.turns[2].text
    assert not any("3f0b8c2e" in turn.text for turn in transcript.turns)


def test_teams_docx_reads_turns_and_reports_the_title_it_left_out(data_dir):
    transcript = read_transcript(data_dir / "teams_small.docx")
    assert _summary(transcript) == [("Amara Osei", 1.0, 8.0), ("Ben Kowalski", 8.0, 62.0),
                                    ("Carmen Reyes", 62.0, None)]
    assert transcript.turns[1].text.endswith("set a boundary: phone off after seven.")
    assert transcript.format == "docx"
    words = " ".join(turn.text for turn in transcript.turns)
    assert "transcription" not in words and "47m" not in words
    assert len(transcript.warnings) == 1
    assert "paragraph 1–3" in transcript.warnings[0]


def test_older_teams_docx_with_timing_lines_keeps_milliseconds(data_dir):
    transcript = read_transcript(data_dir / "teams_stream.docx")
    assert _summary(transcript) == [("Amara Osei", 1.24, 7.48), ("Ben Kowalski", 8.12, 18.0),
                                    ("Carmen Reyes", 62.0, 69.5)]
    assert transcript.turns[2].text.startswith("That's brave.")


def test_otter_docx_skips_keywords_speaker_list_and_footer(data_dir):
    transcript = read_transcript(data_dir / "otter_small.docx")
    assert [(t.speaker, t.start) for t in transcript.turns] == [
        ("Amara Osei", 1.0), ("Ben Kowalski", 8.0), ("Carmen Reyes", 62.0)]
    assert transcript.turns[-1].text.endswith("charting until nine.")
    assert "paragraph 1–6" in transcript.warnings[0]


def test_otter_txt_footer_is_not_part_of_the_last_turn(data_dir):
    transcript = read_transcript(data_dir / "otter_small.txt")
    assert transcript.turns[-1].text.endswith("charting until nine.")


def test_subrip_merges_cues_and_drops_italics(data_dir):
    transcript = read_transcript(data_dir / "subtitles_small.srt")
    assert _summary(transcript) == [("Amara Osei", 1.2, 4.0), ("Ben Kowalski", 8.1, 15.25),
                                    ("Carmen Reyes", 18.5, 24.0)]
    assert transcript.turns[0].text.endswith("so maybe we start with a quick check-in round?")
    assert transcript.turns[1].text == ("Sure. I'll go first. The families keep texting me "
                                        "at night.")


def test_plain_text_stamps_give_start_times(data_dir):
    transcript = read_transcript(data_dir / "stamped_small.txt")
    assert _summary(transcript) == [("Amara Osei", 1.0, 8.0), ("Ben Kowalski", 8.0, 62.0),
                                    ("Carmen Reyes", 62.0, None)]
    assert transcript.turns[1].text.endswith("phone off after seven.")


def test_csv_columns_are_found_by_name_whatever_their_case(data_dir):
    transcript = read_transcript(data_dir / "table_small.csv")
    assert _summary(transcript) == [("Amara Osei", 1.2, 7.5), ("Ben Kowalski", 8.1, 18.0),
                                    ("Carmen Reyes", 18.5, 24.0)]
    assert "billing & staffing" in transcript.turns[2].text


def test_xlsx_with_synonym_columns_and_seconds(data_dir):
    transcript = read_transcript(data_dir / "table_small.xlsx")
    assert _summary(transcript) == [("Amara Osei", 1.2, 7.5), ("Ben Kowalski", 8.1, 18.0),
                                    ("Carmen Reyes", 62.0, 69.5)]
    assert transcript.format == "xlsx"


def test_semicolon_csv_from_european_excel(tmp_path):
    path = tmp_path / "meeting.csv"
    path.write_text("NAME;TEXT;START\nJane Doe;Hello, all;12,5\nRaj K;Yes;00:00:20\n",
                    encoding="utf-8")
    assert _summary(read_transcript(path)) == [("Jane Doe", 12.5, None), ("Raj K", 20.0, None)]


def test_csv_without_a_text_column_lists_the_columns_it_found(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("segment,theme,coder\n1,Burnout,ana\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert message.startswith(f"row 1 of {path}")
    assert "'segment', 'theme', 'coder'" in message and "speaker, text, start, end" in message


def test_a_bad_time_in_a_spreadsheet_names_its_cell(tmp_path):
    path = tmp_path / "meeting.csv"
    path.write_text("speaker,text,start\nJane,Hello,00:00:01\nRaj,Hi,soon\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as caught:
        read_transcript(path)
    assert caught.value.row == 3
    assert "cell C3 holds 'soon'" in str(caught.value)


@pytest.mark.parametrize("fixture, kind", [("zoom_small.vtt", "vtt"),
                                           ("subtitles_small.srt", "srt")])
def test_a_vtt_or_srt_saved_as_txt_is_read_as_what_it_is(data_dir, tmp_path, fixture, kind):
    renamed = tmp_path / "meeting.txt"
    renamed.write_bytes((data_dir / fixture).read_bytes())
    transcript = read_transcript(renamed)
    assert transcript.format == kind
    assert transcript.turns == read_transcript(data_dir / fixture).turns
