"""Several coders on one project: blind coding, reconciliation, the CLI and the theme
table's agreement column."""

from __future__ import annotations

import json

import pytest

from coding.cli import main
from coding.model import Action, Status
from coding.people.roster import correct_speakers
from coding.report.tables import theme_table
from coding.review.agreement import CONSENSUS, project_agreement
from coding.review.cards import (
    ReviewFilter,
    add_memo,
    decide,
    find_segments,
    review_counts,
    segment_cards,
)
from coding.review.reconcile import APPLIED, NOT_APPLIED, reconciliation, record_consensus
from coding.store import Project


@pytest.fixture
def project(sample_store):
    with Project(sample_store) as opened:
        yield opened


def _pending(project: Project, count: int) -> list[tuple[str, str]]:
    cards = segment_cards(project, find_segments(project, ReviewFilter())[:count])
    return [(card.id, card.themes[0].code) for card in cards]


def test_in_blind_coding_a_coder_sees_only_their_own_decisions(project):
    (first, theme), (second, other) = _pending(project, 2)
    decide(project, first, theme, Action.CONFIRM, "Ana")
    add_memo(project, first, "Ana", "sounds like burnout to me")
    decide(project, second, other, Action.REJECT, "Ben")
    project.set_blind(True)
    assert project.blind()
    confirmed = ReviewFilter(status=Status.CONFIRMED.value)
    assert find_segments(project, confirmed, viewer="Ben") == []
    assert find_segments(project, confirmed, viewer="Ana") == [first]
    ben_card = segment_cards(project, [first], viewer="Ben")[0]
    assert {t.status for t in ben_card.themes if t.code == theme} == {Status.PENDING}
    assert ben_card.memos == ()
    assert review_counts(project, viewer="Ben")[Status.CONFIRMED] == 0
    assert review_counts(project, viewer="Ana")[Status.CONFIRMED] == 1
    assert review_counts(project, viewer="Ben")[Status.REJECTED] == 1


def test_turning_blind_coding_off_shows_every_coders_decisions_again(project):
    (first, theme), = _pending(project, 1)
    decide(project, first, theme, Action.CONFIRM, "Ana")
    project.set_blind(True)
    project.set_blind(False)
    card = segment_cards(project, [first], viewer="Ben")[0]
    assert [(t.status, t.decided_by) for t in card.themes if t.code == theme] == [
        (Status.CONFIRMED, "Ana")]
    assert find_segments(project, ReviewFilter(status="confirmed"), viewer="Ben") == [first]


def _two_coders_disagree_on_one(project: Project) -> list[tuple[str, str]]:
    pairs = _pending(project, 3)
    for number, (segment, theme) in enumerate(pairs):
        decide(project, segment, theme, Action.CONFIRM, "Ana")
        decide(project, segment, theme, Action.REJECT if number == 1 else Action.CONFIRM,
               "Ben")
    return pairs


def test_reconciliation_lists_only_disagreements_side_by_side(project):
    pairs = _two_coders_disagree_on_one(project)
    view = reconciliation(project)
    assert view.coders == ("Ana", "Ben")
    rows = view.rows
    assert list(zip(rows["segment_id"], rows["theme"])) == [pairs[1]]
    assert rows.loc[0, "verdicts"] == {"Ana": APPLIED, "Ben": NOT_APPLIED}
    assert rows.loc[0, "consensus"] == ""
    project.set_blind(True)
    blind = reconciliation(project)
    assert blind.blind and blind.rows.empty


def test_the_consensus_is_kept_beside_the_coders_and_left_out_of_agreement(project):
    pairs = _two_coders_disagree_on_one(project)
    before = project_agreement(project, bootstrap=0)
    record_consensus(project, *pairs[1], applied=False, memo="talked it through")
    assert [d.coder for d in project.decisions()][-1] == CONSENSUS
    assert [d.coder for d in project.decisions()].count("Ana") == 3  # nothing overwritten
    assert reconciliation(project).rows.loc[0, "consensus"] == NOT_APPLIED
    assert reconciliation(project, unresolved_only=True).rows.empty
    after = project_agreement(project, bootstrap=0)
    assert after.coders == ("Ana", "Ben")
    assert after.themes.equals(before.themes)


def test_theme_table_gains_agreement_columns_only_with_two_coders(project):
    alone = theme_table(project)
    assert "krippendorff_alpha" not in alone.columns
    _two_coders_disagree_on_one(project)
    table = theme_table(project)
    assert list(table.columns[:len(alone.columns)]) == list(alone.columns)
    report = project_agreement(project, bootstrap=0).themes.set_index("theme")
    expected = table["theme"].map(report["alpha"])
    assert expected.notna().sum() >= 1  # some theme has both categories, so α exists
    assert list(table["krippendorff_alpha"]) == pytest.approx(list(expected), abs=5e-4,
                                                               nan_ok=True)


def test_cli_blind_and_agreement(sample_store, tmp_path, capsys):
    with Project(sample_store) as project:
        _two_coders_disagree_on_one(project)
    assert main(["blind", "on", "--project", str(sample_store)]) == 0
    with Project(sample_store) as project:
        assert project.blind()
    out = tmp_path / "agreement.json"
    assert main(["agreement", "--project", str(sample_store), "--coders", "Ana,Ben",
                 "--bootstrap", "50", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Coders: Ana, Ben. 3 segment(s) compared" in printed
    assert "(all themes)" in printed
    saved = json.loads(out.read_text())
    assert saved["coders"] == ["Ana", "Ben"] and saved["themes"][-1]["theme"] == "(all themes)"
    assert main(["agreement", "--project", str(sample_store), "--coders", "Ana"]) == 2


def test_status_table_for_one_coder_counts_only_their_decisions(project):
    from coding.report.tables import segment_codes

    (first, theme), (second, other) = _pending(project, 2)
    decide(project, first, theme, Action.CONFIRM, "Ana")
    decide(project, second, other, Action.CONFIRM, "Ben")

    def confirmed(table):
        rows = table[table["status"] == Status.CONFIRMED.value]
        return set(zip(rows["segment_id"], rows["theme"], rows["coder"]))

    assert confirmed(segment_codes(project)) == {(first, theme, "Ana"), (second, other, "Ben")}
    assert confirmed(segment_codes(project, coder="Ben")) == {(second, other, "Ben")}


def test_reconciliation_names_the_participant_as_corrected(project):
    pairs = _two_coders_disagree_on_one(project)
    label = next(s.speaker for s in project.segments() if s.id == pairs[1][0])
    correct_speakers(project, {label: "Participant X"}, "Ana")
    assert reconciliation(project).rows.loc[0, "speaker"] == "Participant X"


@pytest.mark.parametrize("coder", ["text", "theme", "segment_id", "speaker", "verdicts"])
def test_a_coder_named_like_a_column_keeps_the_transcript_words(project, coder):
    (segment, theme), = _pending(project, 1)
    words = next(s.text for s in project.segments() if s.id == segment)
    decide(project, segment, theme, Action.CONFIRM, "Ana")
    decide(project, segment, theme, Action.REJECT, coder)
    row = reconciliation(project).rows.iloc[0]
    assert (row["segment_id"], row["theme"], row["text"]) == (segment, theme, words)
    assert row["verdicts"] == {"Ana": APPLIED, coder: NOT_APPLIED}
