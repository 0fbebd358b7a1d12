"""The export for the paper: the theme table in Word, pseudonymised exports of a project
imported with real names, and the honest defaults."""

from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from coding.cli import main
from coding.model import Action, Decision
from coding.paths import default_key_path
from coding.people.pseudonyms import read_key
from coding.pipeline import export_project
from coding.report.bundle import UNREVIEWED
from coding.report.paper import ExportOptions
from coding.store import Project

SAMPLE_PEOPLE = ["Amara Osei", "Ben Kowalski", "Carmen Reyes", "Dev Patel", "Elena Novak",
                 "Jordan Lee"]


def _confirm_some(path, count: int = 12, coder: str = "ana") -> None:
    with Project(path) as project:
        rows = sorted(project.table_rows("suggestions"), key=lambda r: -r["score"])[:count]
        project.record_decisions([Decision(r["segment_id"], r["code"], Action.CONFIRM, coder)
                                  for r in rows])


def _every_byte(files) -> dict[str, bytes]:
    """Each file, and each member of each DOCX/XLSX zip, by name. PNG images are
    compressed pixels (a name can only turn up by chance); their text is checked in the
    SVG twin of each figure, which keeps its text as text."""
    contents = {}
    for path in files:
        if path.suffix == ".png":
            assert path.with_suffix(".svg") in files
            continue
        if path.suffix in (".docx", ".xlsx"):  # deflated: read what is inside instead
            with zipfile.ZipFile(path) as office:
                contents[f"{path.name} members"] = "\n".join(office.namelist()).encode()
                contents.update({f"{path.name}/{n}": office.read(n) for n in office.namelist()
                                 if not n.endswith(".png")})
        else:
            contents[path.name] = path.read_bytes()
    return contents


def test_a_project_with_real_names_exports_pseudonymised_without_a_real_name(sample_project,
                                                                              tmp_path):
    _confirm_some(sample_project)
    with Project(sample_project) as project:
        project.set_code_memo("Burnout", "Amara and Dev both framed it as exhaustion.", "ana")
        decisions_before = project.decisions()
    options = ExportOptions(include_suggested=True, pseudonymise=True)
    files = export_project(sample_project, tmp_path / "out", options=options)
    assert {p.suffix for p in files} >= {".csv", ".xlsx", ".docx"}
    words = {part for name in SAMPLE_PEOPLE for part in name.split()}
    found = {(where, word) for where, data in _every_byte(files).items() for word in words
             if re.search(rb"(?i)(?<![a-z])" + word.encode() + rb"(?![a-z])", data)}
    assert found == set()
    key = read_key(default_key_path(sample_project))
    assert set(key) == set(SAMPLE_PEOPLE) and set(key.values()) == {f"P{n}" for n in range(1, 7)}
    table = (tmp_path / "out" / f"theme_table{UNREVIEWED}.csv").read_text(encoding="utf-8-sig")
    assert re.search(r" — P\d · ", table)  # quotes are tagged with pseudonyms
    with Project(sample_project) as project:  # the project and its decisions are as they were
        assert project.decisions() == decisions_before
        assert "Amara Osei" in project.participants()
    again = export_project(sample_project, tmp_path / "again", options=options)
    assert read_key(default_key_path(sample_project)) == key  # the key is reused
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in files]


def test_the_theme_table_docx_is_a_real_word_table_and_the_same_bytes_each_time(
        sample_project, tmp_path):
    _confirm_some(sample_project)
    first = export_project(sample_project, tmp_path / "a")
    second = export_project(sample_project, tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    document = Document(str(tmp_path / "a" / "theme_table.docx"))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Table 1. Themes of Friendtor study")
    assert any(p.text.startswith("Note. n: turns coded with the theme")
               for p in document.paragraphs)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Theme", "n (%)", "Participants, n/N", "Meetings, n/N; first and last",
        "Exemplar quotes"]
    texts = [[c.text for c in row.cells] for row in table.rows[1:]]
    groups = [row[0] for row in texts if len(set(row)) == 1]
    assert groups == ["Work-life integration", "Professional wellbeing", "Professional growth",
                      "Other themes"]
    coded = [row for row in texts if len(set(row)) > 1 and not row[1].startswith("0\u00a0")]
    assert coded and all(re.fullmatch(r"\d+\s\(\d+\.\d%\)", row[1]) for row in coded)
    assert all(re.fullmatch(r"\d/\d", row[2]) for row in coded)
    assert all(row[4].startswith("“") for row in coded)
    assert len(document.tables) >= 2  # theme × meeting counts
    assert "<svg" in (tmp_path / "a" / "saturation.svg").read_text(encoding="utf-8")
    report = Document(str(tmp_path / "a" / "codebook_report.docx"))
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert "Burnout (Professional wellbeing)" in headings and "Audit trail" in headings
    assert len(report.inline_shapes) == 3  # heat map, saturation curve, co-occurrence


def test_exporting_with_nothing_confirmed_says_so_and_writes_nothing(sample_project, tmp_path,
                                                                     capsys):
    out = tmp_path / "out"
    assert main(["export", "--project", str(sample_project), "--out", str(out)]) == 2
    message = capsys.readouterr().err
    assert "nothing is confirmed yet" in message and "--include-suggestions" in message
    assert not out.exists() or not list(out.iterdir())
    assert main(["export", "--project", str(sample_project), "--out", str(out),
                 "--include-suggestions"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names and all(UNREVIEWED in name for name in names if name != "audit_trail.csv")


@pytest.mark.parametrize("rule, expected", [("all coders", 0), ("any coder", 1)])
def test_the_export_counts_by_the_rule_asked_for(sample_project, tmp_path, rule, expected):
    with Project(sample_project) as project:
        row = sorted(project.table_rows("suggestions"), key=lambda r: -r["score"])[0]
        project.record_decisions([
            Decision(row["segment_id"], row["code"], Action.CONFIRM, "ana"),
            Decision(row["segment_id"], row["code"], Action.REJECT, "ben")])
    _confirm_some(sample_project, count=0)
    assert main(["export", "--project", str(sample_project), "--out", str(tmp_path / "o"),
                 "--count", rule, "--include-suggestions"]) == 0
    import pandas as pd

    themes = pd.read_csv(tmp_path / "o" / f"theme_table{UNREVIEWED}.csv",
                         encoding="utf-8-sig").set_index("Theme")
    counted = themes.loc[row["code"], "Segments (n)"] - \
        themes.loc[row["code"], "Of which suggested, not reviewed (n)"]
    assert counted == expected
    disagreements = pd.read_excel(tmp_path / "o" / f"theme_table{UNREVIEWED}.xlsx",
                                  sheet_name="Open disagreements")
    assert list(disagreements["segment_id"]) == [row["segment_id"]]
