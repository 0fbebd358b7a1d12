"""Speaker labels as written become participants; a researcher can correct the mapping."""

from __future__ import annotations

import pytest

from coding.model import Action, Decision
from coding.people.matching import ParticipantError, SpeakerMatch, display_name, match_speakers
from coding.people.roster import correct_speakers, parse_corrections, speaker_table
from coding.pipeline import run_pipeline
from coding.report.tables import segment_table
from coding.review.cards import ReviewFilter, find_segments, review_options
from coding.store import Project


def test_titles_pronouns_case_and_a_first_name_become_one_participant():
    labels = ["Dr. Jane Smith", "Jane Smith (she/her)", "JANE SMITH", "Jane", "Ben Kowalski"]
    matches = match_speakers(labels)
    assert {label: matches[label].participant for label in labels} == {
        "Dr. Jane Smith": "Jane Smith", "Jane Smith (she/her)": "Jane Smith",
        "JANE SMITH": "Jane Smith", "Jane": "Jane Smith", "Ben Kowalski": "Ben Kowalski"}
    assert not any(match.ambiguous for match in matches.values())


def test_a_first_name_shared_by_two_people_stays_apart_and_is_flagged():
    matches = match_speakers(["Jane Smith", "Jane Doe", "Jane"])
    assert matches["Jane"] == SpeakerMatch("Jane", ambiguous=True)
    assert matches["Jane Doe"] == SpeakerMatch("Jane Doe")


def test_a_first_name_with_no_full_name_is_its_own_participant():
    assert match_speakers(["Moderator", "Jane"])["Jane"] == SpeakerMatch("Jane")


def test_accents_apostrophes_and_post_nominals_do_not_split_a_person():
    matches = match_speakers(["José O’Brien, MD", "Jose O'Brien", "Prof. JOSÉ O'BRIEN"])
    assert {match.participant for match in matches.values()} == {"José O’Brien"}
    assert display_name("PROF. AMARA OSEI [host]") == "Amara Osei"


@pytest.mark.parametrize("typed", ["Jane", "=Jane Smith", "Jane = "])
def test_a_malformed_correction_is_refused_with_an_example(typed):
    with pytest.raises(ParticipantError, match='--map "Jane=Jane Smith"'):
        parse_corrections([typed])


def test_one_participant_across_transcripts_and_a_correction_keeps_decisions(
        two_meetings, small_codebook, project_address, fake_embedder):
    run_pipeline([two_meetings], small_codebook, project_address, embedder=fake_embedder)
    with Project(project_address) as project:
        assert set(speaker_table(project)["participant"]) == {"Jane Smith", "Ben Kowalski"}
        segment, = [s for s in project.segments() if s.speaker == "Jane"]
        theme = project.code_names()[0]
        project.record_decisions([Decision(segment.id, theme, Action.CONFIRM, "Ana")])
        ids_before = [s.id for s in project.segments()]
        assert correct_speakers(project, {"Jane": "Jane Doe"}, coder="Ana") == 1
        confirmed = segment_table(project)
        assert review_options(project).speakers == ("Ben Kowalski", "Jane Doe", "Jane Smith")
        assert find_segments(project, ReviewFilter(speaker="Jane Doe", status="all")) == [
            segment.id]
    assert list(confirmed["speaker"]) == ["Jane Doe"]
    assert list(confirmed["segment_id"]) == [segment.id]
    # a re-run keeps the correction
    run_pipeline([two_meetings], None, project_address, embedder=fake_embedder)
    with Project(project_address) as project:
        assert [s.id for s in project.segments()] == ids_before
        jane = {e.label: e for e in project.speaker_map()}["Jane"]
        assert (jane.participant, jane.set_by) == ("Jane Doe", "Ana")
        edit = project.table_rows("speaker_edits")[0]
        assert (edit["before"], edit["after"], edit["coder"]) == ("Jane Smith", "Jane Doe",
                                                                   "Ana")


def test_a_correction_naming_an_unknown_label_changes_nothing(two_meetings, small_codebook,
                                                              project_address, fake_embedder):
    run_pipeline([two_meetings], small_codebook, project_address, embedder=fake_embedder)
    with Project(project_address) as project:
        before = project.speaker_map()
        with pytest.raises(ParticipantError, match="no speaker is written 'Janet'"):
            correct_speakers(project, {"Jane": "Jane Doe", "Janet": "Jane Doe"}, coder="Ana")
        assert project.speaker_map() == before
