"""De-identification: pseudonyms, names masked in the words, the key kept apart."""

from __future__ import annotations

import re
import stat
import zipfile

import pytest

from coding.errors import ProjectError
from coding.paths import default_key_path
from coding.people.pseudonyms import Masker, read_key, read_mask_list, write_key
from coding.pipeline import export_project, run_pipeline
from coding.report.bundle import UNREVIEWED
from coding.report.tables import export_tables
from coding.store import Project

# Every way a real name of the two_meetings fixture is written, in any file we make.
REAL = ["Jane", "JANE", "Smith", "SMITH", "Kowalski", "Ben", "Okafor", "Mary"]
MASKS = b"# other people and places\nSt Mary's Hospice = [PLACE]\nOkafor\n"


def test_whole_words_any_case_and_possessives_are_masked():
    masker = Masker({"Jane Smith": "P1", "Jane": "P1", "Smith": "P1", "Ben": "P2"})
    assert masker.mask("JANE smith said Jane's idea helped Ben; Benjamin and Smithers "
                       "did not.") == "P1 said P1's idea helped P2; Benjamin and Smithers " \
                                      "did not."
    assert masker.mask("notes_jane_smith.vtt") == "notes_P1.vtt"


def test_a_mask_list_line_may_name_its_label():
    assert read_mask_list(MASKS, "masks.txt", "[NAME]") == {
        "St Mary's Hospice": "[PLACE]", "Okafor": "[NAME]"}


def test_the_key_round_trips_and_only_its_owner_can_read_it(tmp_path):
    key = {"Jane Smith": "P1", "Ben Kowalski": "Rose"}
    path = write_key(key, tmp_path / "keys" / "study.key.csv")
    assert read_key(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def pseudonymised(two_meetings, small_codebook, tmp_path, fake_embedder):
    masks = tmp_path / "masks.txt"
    masks.write_bytes(MASKS)
    people = tmp_path / "people.csv"
    people.write_text("participant,role\nJane Smith,physician\nBen Kowalski,nurse\n",
                      encoding="utf-8")
    project = tmp_path / "projects" / "study.sqlite"
    report = run_pipeline([two_meetings], small_codebook, project, pseudonymise=True,
                          mask_list=masks, participants_csv=people, embedder=fake_embedder)
    assert len(report.imported) == 2 and not report.skipped
    return project


def test_pseudonyms_are_consistent_across_transcripts_and_in_the_words(pseudonymised):
    with Project(pseudonymised) as project:
        turns = [(t.speaker, t.text)
                 for row in sorted(project.table_rows("transcripts"), key=lambda r: r["date"])
                 for t in project.turns(row["id"])]
        attributes = project.participant_attributes()
    assert [speaker for speaker, _ in turns] == ["P1", "P2", "P1", "P1", "P1", "P2"]
    assert turns[1][1] == "P1's boundary idea worked for me too, I turn it off at six."
    assert turns[2][1].endswith("P2, that is burnout prevention in practice at [PLACE].")
    assert turns[5][1] == ("Congratulations P1, that audit took a whole year with "
                           "Dr. [NAME].")
    assert attributes == {"P1": {"role": "physician"}, "P2": {"role": "nurse"}}


def test_no_export_and_not_the_project_file_holds_a_real_name(pseudonymised, tmp_path):
    files = export_project(pseudonymised, tmp_path / "out", include_suggested=True)
    with Project(pseudonymised) as project:
        tables = export_tables(project, include_suggested=True)
    assert tables.by_attribute  # the theme × role table is among what is checked
    contents = {path.name: path.read_bytes() for path in files}
    for office in (p for p in files if p.suffix in (".xlsx", ".docx")):
        with zipfile.ZipFile(office) as book:
            contents.update({f"{office.name}/{n}": book.read(n) for n in book.namelist()})
    assert not list(pseudonymised.parent.glob("*-wal"))  # everything is in the one file
    contents["project file"] = pseudonymised.read_bytes()
    contents["project folder"] = "\n".join(
        str(p) for p in pseudonymised.parent.rglob("*") if "keys" not in p.parts).encode()
    found = {(where, name) for where, data in contents.items() for name in REAL
             if re.search(rb"(?<![A-Za-z])" + name.encode() + rb"(?![A-Za-z])", data)}
    assert found == set()
    assert b"P1" in contents[f"theme_table{UNREVIEWED}.csv"] or \
        b"P2" in contents[f"segments{UNREVIEWED}.csv"]


def test_the_key_is_written_outside_the_project_and_reused_next_time(
        pseudonymised, small_codebook, tmp_path, fake_embedder):
    key_path = default_key_path(pseudonymised)
    assert key_path.parent != pseudonymised.parent
    assert read_key(key_path) == {"Jane Smith": "P1", "Ben Kowalski": "P2"}
    later = tmp_path / "later"
    later.mkdir()
    (later / "2025-03-12_meeting03.txt").write_text(
        "Carmen Reyes: Ben Kowalski told me about the audit.\nBen Kowalski: Thanks, "
        "Carmen.\n", encoding="utf-8")
    # pseudonymised already: it stays so
    run_pipeline([later], None, pseudonymised, embedder=fake_embedder)
    assert read_key(key_path) == {"Jane Smith": "P1", "Ben Kowalski": "P2",
                                  "Carmen Reyes": "P3"}
    with Project(pseudonymised) as project:
        assert project.participants() == ["P1", "P2", "P3"]


def test_real_names_cannot_enter_a_pseudonymised_project(pseudonymised, two_meetings,
                                                          tmp_path, fake_embedder):
    with pytest.raises(ProjectError, match="this project is pseudonymised"):
        run_pipeline([two_meetings], None, pseudonymised, pseudonymise=False,
                     embedder=fake_embedder)
    default_key_path(pseudonymised).rename(tmp_path / "moved.key.csv")
    with pytest.raises(ProjectError, match="the key of this pseudonymised project"):
        run_pipeline([two_meetings], None, pseudonymised, embedder=fake_embedder)
    report = run_pipeline([two_meetings], None, pseudonymised,
                          key_path=tmp_path / "moved.key.csv", embedder=fake_embedder)
    assert len(report.unchanged) == 2


def test_a_project_with_real_names_is_not_half_pseudonymised(two_meetings, small_codebook,
                                                               project_path, fake_embedder):
    run_pipeline([two_meetings], small_codebook, project_path, embedder=fake_embedder)
    with pytest.raises(ProjectError, match="already holds transcripts with real names"):
        run_pipeline([two_meetings], None, project_path, pseudonymise=True,
                     embedder=fake_embedder)


def test_pseudonyms_the_researcher_chose_are_kept_and_new_ones_continue(two_meetings,
                                                                        small_codebook,
                                                                        tmp_path,
                                                                        fake_embedder):
    key = write_key({"Ben Kowalski": "Rose"}, tmp_path / "chosen.key.csv")
    people = tmp_path / "people.csv"
    people.write_text("name,pseudonym,role\nJane Smith,Ivy,physician\n", encoding="utf-8")
    run_pipeline([two_meetings], small_codebook, tmp_path / "p.sqlite", pseudonymise=True,
                 key_path=key, participants_csv=people, embedder=fake_embedder)
    assert read_key(key) == {"Ben Kowalski": "Rose", "Jane Smith": "Ivy"}
    with Project(tmp_path / "p.sqlite") as project:
        assert project.participants() == ["Ivy", "Rose"]
        assert project.participant_attributes() == {"Ivy": {"role": "physician"}}


def test_a_one_word_name_shared_by_two_participants_is_masked_neutrally():
    from coding.model import Transcript, Turn
    from coding.people.pseudonyms import pseudonymise

    turns = (Turn(0, "Jane Smith", "Hello."), Turn(1, "Jane Doe", "Hi."),
             Turn(2, "Jane", "Jane Doe and I agree, Jane."))
    batch = pseudonymise([Transcript("t", "m.txt", turns)], {}, {})
    assert [t.speaker for t in batch.transcripts[0].turns] == ["P1", "P2", "P3"]
    assert batch.transcripts[0].turns[2].text == "P2 and I agree, [NAME]."
    assert batch.matches["P3"].ambiguous and not batch.matches["P1"].ambiguous


def test_a_mask_list_that_is_not_utf8_is_refused_with_its_line():
    from coding.people.matching import ParticipantError

    with pytest.raises(ParticipantError, match=r"line 2 of masks.txt: the file is not UTF-8"):
        read_mask_list("Okafor\nSão Paulo\n".encode("cp1252"), "masks.txt", "[NAME]")
