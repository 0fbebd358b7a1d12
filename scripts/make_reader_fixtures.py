"""Write the Word and Excel fixtures in tests/data, laid out as the real exports are.

Run from the repository root: ``python scripts/make_reader_fixtures.py``. The people
and words are invented (the same as the other small fixtures).
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
TURNS = [
    ("Amara Osei", "0:01", "Okay, I think we're all here. Shall we start with a quick "
                           "check-in?"),
    ("Ben Kowalski", "0:08", "Sure. The families keep texting me at night and I can't "
                             "switch off, so I'm trying to set a boundary: phone off "
                             "after seven."),
    ("Carmen Reyes", "1:02", "That's brave. Our billing and staffing mess means I'm "
                             "charting until nine."),
]


def teams_docx(path: Path) -> None:
    """Teams 'Download as .docx': title, date, length, then 'Name   0:03' + line break +
    words in one paragraph per turn."""
    document = docx.Document()
    for line in ("Friendtor peer support – March", "March 12, 2025, 2:01PM", "47m 12s",
                 "Amara Osei started transcription"):
        document.add_paragraph(line)
    for name, time, words in TURNS:
        paragraph = document.add_paragraph(f"{name}   {time}")
        paragraph.add_run().add_break()
        paragraph.add_run(words)
    document.add_paragraph("Amara Osei stopped transcription")
    document.save(path)


def teams_stream_docx(path: Path) -> None:
    """Older Teams/Stream transcripts: timing, name and words as separate paragraphs."""
    document = docx.Document()
    times = ["0:0:1.240 --> 0:0:7.480", "0:0:8.120 --> 0:0:18.0",
             "0:1:2.0 --> 0:1:9.500"]
    for (name, _, words), timing in zip(TURNS, times):
        for line in (timing, name, words, ""):
            document.add_paragraph(line)
    document.save(path)


def otter_docx(path: Path) -> None:
    """Otter.ai 'Export text > DOCX': title, date, keywords, speakers, then 'Name  0:03'
    and the words as two paragraphs, ending with the Otter footer."""
    document = docx.Document()
    document.add_heading("Friendtor meeting 3", level=1)
    for line in ("Wed, Mar 12, 2025 2:01PM • 47:12", "SUMMARY KEYWORDS",
                 "boundaries, families, charting, staffing", "SPEAKERS",
                 "Amara Osei, Ben Kowalski, Carmen Reyes", ""):
        document.add_paragraph(line)
    for name, time, words in TURNS:
        document.add_paragraph(f"{name}  {time}")
        document.add_paragraph(words)
        document.add_paragraph("")
    document.add_paragraph("Transcribed by https://otter.ai")
    document.save(path)


def table_xlsx(path: Path) -> None:
    """A coding spreadsheet: speaker, start and end in seconds, and the words."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Transcript"
    sheet.append(["Participant", "Start (s)", "End (s)", "Utterance"])
    for (name, _, words), (start, end) in zip(TURNS, [(1.2, 7.5), (8.1, 18.0), (62.0, 69.5)]):
        sheet.append([name, start, end, words])
    book.save(path)


if __name__ == "__main__":
    teams_docx(DATA / "teams_small.docx")
    teams_stream_docx(DATA / "teams_stream.docx")
    otter_docx(DATA / "otter_small.docx")
    table_xlsx(DATA / "table_small.xlsx")
