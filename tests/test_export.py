"""Exports: the theme table a paper needs, the same bytes every time, safe in Excel."""

from __future__ import annotations

import openpyxl
import pandas as pd

from coding.model import Action, Decision
from coding.pipeline import export_project
from coding.report.files import write_csv, write_xlsx
from coding.store import Project


def test_same_project_gives_the_same_bytes(sample_store, tmp_path):
    first = export_project(sample_store, tmp_path / "a", include_suggested=True)
    second = export_project(sample_store, tmp_path / "b", include_suggested=True)
    for one, two in zip(first, second):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_formula_like_cells_are_neutralised(tmp_path):
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"http://x\")", "+1", "-rm", "@SUM(A1)",
                                   "plain - dash"], "n": [1, -2, 3, 4, 5]})
    write_csv(frame, tmp_path / "t.csv")
    write_xlsx({"T": frame}, tmp_path / "t.xlsx")
    from_csv = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig")
    assert list(from_csv["text"]) == ["'=HYPERLINK(\"http://x\")", "'+1", "'-rm", "'@SUM(A1)",
                                      "plain - dash"]
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["T"]
    assert [c.value for c in sheet["A"]][1:] == list(from_csv["text"])
    assert [c.value for c in sheet["B"]][1:] == [1, -2, 3, 4, 5]


def test_confirmed_codes_fill_the_theme_table_and_rejected_ones_do_not(sample_store,
                                                                       tmp_path):
    with Project(sample_store) as project:
        segments = {s.id: s for s in project.segments()}
        burnout = [r for r in project.table_rows("suggestions") if r["code"] == "Burnout"]
        ids = [r["segment_id"] for r in sorted(burnout, key=lambda r: r["score"],
                                               reverse=True)[:3]]
        project.record_decisions([Decision(ids[0], "Burnout", Action.CONFIRM, "ana"),
                                  Decision(ids[1], "Burnout", Action.CONFIRM, "ana"),
                                  Decision(ids[2], "Burnout", Action.REJECT, "ana")])
    export_project(sample_store, tmp_path, include_suggested=False)
    themes = pd.read_csv(tmp_path / "theme_table.csv", encoding="utf-8-sig").set_index("Theme")
    assert themes.loc["Burnout", "Segments (n)"] == 2
    assert themes.loc["Burnout", "Segments (% of coded)"] == 100.0
    assert themes.loc["Setting boundaries", "Segments (n)"] == 0
    confirmed_speakers = {segments[i].speaker for i in ids[:2]}
    assert themes.loc["Burnout", "Participants (n/N)"].split("/")[0] == \
        str(len(confirmed_speakers))
    quotes = [themes.loc["Burnout", f"Exemplar {n}"] for n in (1, 2)]
    assert all(q.split(" — ")[1].split(" · ")[0] in confirmed_speakers for q in quotes)
    assert "[suggested]" not in " ".join(quotes)
    coded = pd.read_csv(tmp_path / "segments.csv", encoding="utf-8-sig")
    assert sorted(coded["segment_id"]) == sorted(ids[:2])
    assert set(coded["coder"]) == {"ana"}
    workbook = openpyxl.load_workbook(tmp_path / "theme_table.xlsx")
    assert workbook.sheetnames[:3] == ["Themes", "Per meeting", "Segments"]
    assert workbook.sheetnames[-1] == "Notes"
    assert workbook["Segments"].max_row == 3


def test_long_quotes_are_shortened_at_a_sentence_end():
    from coding.report.quotes import quote_text

    sentence = "This is one sentence of eight words here. "
    text = sentence * 12 + "and the ninety-seventh word trails"
    short = quote_text(text, limit=60)
    assert short.endswith("here.") and "trails" not in short
    assert len(short.split()) <= 60
    assert quote_text("Short and sweet.") == "Short and sweet."
    assert quote_text("word " * 100, limit=10) == "Word " + " ".join(["word"] * 9) + " …"


def test_an_undated_meeting_among_dated_ones_exports_and_sorts_last(tmp_path, small_codebook,
                                                                     fake_embedder):
    from coding.pipeline import run_pipeline
    from coding.report.tables import prevalence, segment_table

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2025-03-12_meeting2.txt").write_text(
        "Ann Lee: I set boundaries with my pager.\n", encoding="utf-8")
    (folder / "focus group.txt").write_text(
        "Raj Iyer: Burnout came up again this year.\n", encoding="utf-8")
    (folder / "2025-01-15_meeting1.txt").write_text(
        "Ann Lee: We celebrated a milestone.\n", encoding="utf-8")
    project = tmp_path / "p.sqlite"
    run_pipeline([folder], small_codebook, project, embedder=fake_embedder)
    written = export_project(project, tmp_path / "out", include_suggested=True)
    assert all(path.stat().st_size > 0 for path in written)
    with Project(project) as opened:
        columns = list(prevalence(opened, "meeting", include_suggested=True).columns)
        dates = set(segment_table(opened, include_suggested=True)["date"])
    assert columns == ["Meeting 1", "Meeting 2", "focus group.txt"]
    assert dates <= {"2025-01-15", "2025-03-12", ""}
