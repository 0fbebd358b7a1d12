"""Participant attributes from a CSV, and the theme × attribute table they feed."""

from __future__ import annotations

import openpyxl
import pytest

from coding.model import Action, Decision
from coding.people.matching import ParticipantError
from coding.people.roster import attribute_table, load_attributes
from coding.pipeline import export_project, run_pipeline
from coding.report.tables import NOT_GIVEN, theme_by_attribute
from coding.store import Project

ROLES = b"Participant,Role,Site\nDr. Jane Smith,physician,North\nben kowalski,nurse,North\n"


@pytest.fixture
def project(two_meetings, small_codebook, project_address, fake_embedder):
    run_pipeline([two_meetings], small_codebook, project_address, embedder=fake_embedder)
    with Project(project_address) as store:
        yield store


def test_names_in_the_csv_are_matched_like_speakers_and_stored(project):
    assert load_attributes(project, ROLES, "people.csv") == ["Role", "Site"]
    table = attribute_table(project).set_index("participant")
    assert table.loc["Jane Smith", "Role"] == "physician"
    assert table.loc["Ben Kowalski", "Site"] == "North"


def test_an_unknown_participant_names_file_row_and_fix_and_stores_nothing(project):
    data = ROLES + b"Carmen Reyes,nurse,South\n"
    with pytest.raises(ParticipantError) as refused:
        load_attributes(project, data, "people.csv")
    message = str(refused.value)
    assert message.startswith("row 4 of people.csv: 'Carmen Reyes' is not a participant")
    assert "Ben Kowalski, Jane Smith" in message
    assert project.participant_attributes() == {}


def test_a_csv_without_a_name_column_lists_the_columns_it_has(project):
    with pytest.raises(ParticipantError, match=r"row 1 of people.csv: no column names the "
                                               r"participant \(found: who, role\)"):
        load_attributes(project, b"who,role\nJane Smith,physician\n", "people.csv")


def _confirm_all(project: Project) -> None:
    theme = project.code_names()[0]
    project.record_decisions([Decision(s.id, theme, Action.CONFIRM, "Ana")
                              for s in project.segments()])


def test_theme_by_attribute_counts_confirmed_segments_per_value(project):
    load_attributes(project, b"participant,role\nJane Smith,physician\n", "people.csv")
    _confirm_all(project)
    table = theme_by_attribute(project, "role")
    theme = project.code_names()[0]
    assert list(table.columns) == ["physician", NOT_GIVEN]
    assert table.loc[theme].to_dict() == {"physician": 4, NOT_GIVEN: 2}  # Ben has no role
    assert table.drop(index=theme).to_numpy().sum() == 0


def test_the_xlsx_export_has_a_sheet_per_attribute(project, tmp_path):
    load_attributes(project, ROLES, "people.csv")
    _confirm_all(project)
    export_project(project.address, tmp_path / "out")
    book = openpyxl.load_workbook(tmp_path / "out" / "theme_table.xlsx")
    assert book.sheetnames[:5] == ["Themes", "Per meeting", "Segments", "By Role", "By Site"]
    rows = list(book["By Role"].values)
    assert rows[0] == ("theme", "nurse", "physician")
    assert rows[1][1:] == (2, 4)


def test_the_sample_study_participant_file_names_every_speaker(sample_project):
    from coding.pipeline import find_transcripts
    from tests.conftest import SAMPLE_TRANSCRIPTS

    assert "participants.csv" not in [p.name for p in find_transcripts([SAMPLE_TRANSCRIPTS])]
    with Project(sample_project) as project:
        data = (SAMPLE_TRANSCRIPTS / "participants.csv").read_bytes()
        assert load_attributes(project, data, "participants.csv") == [
            "role", "site", "career stage"]
        assert sorted(project.participant_attributes()) == project.participants()
