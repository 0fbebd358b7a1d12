"""Who counts (speaker roles) and which decisions count (consensus, then a stated rule)."""

from __future__ import annotations

import pytest

from coding.cli import main
from coding.model import Action, Decision, SpeakerRole, Status
from coding.people.roster import load_attributes, role_table
from coding.report.counting import ALL_CODERS, ANY_CODER, counted_decisions, describe_rule
from coding.report.tables import prevalence, segment_codes
from coding.review.cards import ReviewFilter, decide, find_segments, segment_cards
from coding.review.reconcile import record_consensus
from coding.store import Project


@pytest.fixture
def project(sample_project):
    with Project(sample_project) as opened:
        yield opened


def _speaker_of(project: Project) -> dict[str, str]:
    details = project.segment_details()
    return dict(zip(details["segment_id"], details["speaker"]))


def test_a_facilitator_is_left_out_of_counts_and_heat_maps(project):
    everyone = segment_codes(project)
    jordan = everyone[everyone["speaker"] == "Jordan Lee"]
    assert not jordan.empty  # suggested before the role is set
    project.set_participant_roles({"Jordan Lee": "facilitator"}, "Ana")
    assert project.participant_roles()["Jordan Lee"] == SpeakerRole.FACILITATOR
    counted = segment_codes(project)
    assert "Jordan Lee" not in set(counted["speaker"])
    assert "Jordan Lee" not in prevalence(project, "speaker", include_suggested=True).columns
    # ... and their turns lost their suggestions, but stay in the project as context.
    assert "Jordan Lee" not in set(_speaker_of(project)[s] for s in
                                   project.suggestion_frame()["segment_id"])
    assert "Jordan Lee" in set(project.segment_details()["speaker"])
    shown = segment_codes(project, include_facilitators=True)
    assert set(shown["speaker"]) >= set(counted["speaker"])


def test_roles_from_the_command_line_and_the_attributes_file(sample_project, capsys):
    assert main(["participants", "--project", str(sample_project),
                 "--role", "Jordan Lee=observer"]) == 0
    assert "observer" in capsys.readouterr().out
    assert main(["participants", "--project", str(sample_project),
                 "--role", "Jordan Lee=boss"]) == 2
    data = (b"participant,site,Speaker role\nJordan Lee,university,facilitator\n"
            b"Amara Osei,hospital,participant\n")
    with Project(sample_project) as project:
        assert load_attributes(project, data, "people.csv") == ["site"]
        roles = dict(zip(*role_table(project).to_dict("list").values()))
        assert roles["Jordan Lee"] == "facilitator" and roles["Amara Osei"] == "participant"
        assert project.participant_attributes()["Jordan Lee"] == {"site": "university"}


def _two_coders_split(project: Project) -> tuple[str, str]:
    card = segment_cards(project, find_segments(project, ReviewFilter())[:1])[0]
    segment, theme = card.id, card.themes[0].code
    decide(project, segment, theme, Action.REJECT, "Ana")
    decide(project, segment, theme, Action.CONFIRM, "Ben")  # the last click
    return segment, theme


def _status(project: Project, pair: tuple[str, str], rule: str) -> str:
    table = segment_codes(project, rule=rule).set_index(["segment_id", "theme"])
    return table.loc[pair, "status"]


def test_disagreements_count_by_the_stated_rule_not_by_the_last_click(project):
    pair = _two_coders_split(project)
    assert _status(project, pair, ALL_CODERS) == Status.REJECTED
    assert _status(project, pair, ANY_CODER) == Status.CONFIRMED
    assert _status(project, pair, "Ana") == Status.REJECTED
    counted = counted_decisions(project.decisions())
    assert counted.open == [pair]
    assert "1 disagreement(s) are still open" in describe_rule(ALL_CODERS, counted)
    record_consensus(project, *pair, applied=True)
    assert _status(project, pair, ALL_CODERS) == Status.CONFIRMED
    assert counted_decisions(project.decisions()).open == []


def test_the_rule_does_not_depend_on_the_order_of_clicks():
    ana = Decision("s1", "Burnout", Action.REJECT, "Ana")
    ben = Decision("s1", "Burnout", Action.CONFIRM, "Ben")
    for order in ([ana, ben], [ben, ana]):
        assert counted_decisions(order, ALL_CODERS).decided[("s1", "Burnout")].action == \
            Action.REJECT
        assert counted_decisions(order, ANY_CODER).decided[("s1", "Burnout")].action == \
            Action.CONFIRM


def test_a_coder_who_coded_the_segment_otherwise_did_not_apply_the_theme():
    decisions = [Decision("s1", "Burnout", Action.CONFIRM, "Ana"),
                 Decision("s1", "Boundaries", Action.CONFIRM, "Ben")]
    counted = counted_decisions(decisions, ALL_CODERS)
    assert counted.decided[("s1", "Burnout")].action == Action.REJECT
    assert sorted(counted.open) == [("s1", "Boundaries"), ("s1", "Burnout")]
    alone = counted_decisions(decisions[:1])
    assert alone.decided[("s1", "Burnout")].coder == "Ana" and not alone.open
