"""Agreement between coders: hand-worked figures, independent libraries, the rules for
missing and uncoded segments, and a real project file."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from coding.errors import AgreementError
from coding.model import Action, Decision
from coding.review.agreement import (
    ALL_THEMES,
    MACHINE,
    Judgements,
    agreement,
    judgements,
    project_agreement,
)
from coding.review.cards import ReviewFilter, decide, find_segments, segment_cards
from coding.store import Project

# A hand-worked example: three coders, theme "t", six segments; -1 = no judgement.
#            u1 u2 u3 u4 u5 u6
HAND_A = [1, 1, 0, 0, 1, -1]
HAND_B = [1, 0, 0, 0, 1, 1]
HAND_C = [1, 1, 0, -1, 0, 1]
# Per segment: applied n1 / not applied n0 / judged m
#   u1 3/0/3  u2 2/1/3  u3 0/3/3  u4 0/2/2  u5 2/1/3  u6 2/0/2
# Krippendorff: N1 = 9, N0 = 7, n = 16 pairable values; disagreeing coincidences
#   o01 = Σ n1·n0/(m−1) = 2/2 (u2) + 2/2 (u5) = 2
#   α = 1 − (n−1)·o01 / (N0·N1) = 1 − 15·2/63 = 33/63
# Fleiss (varying coders): P_u = Σ n(n−1) / m(m−1) = 1, 1/3, 1, 1, 1/3, 1 → P̄ = 7/9
#   p1 = 9/16, Pe = (81 + 49)/256 = 65/128, κ = (7/9 − 65/128)/(1 − 65/128) = 311/567
# Cohen A–B on u1..u5 (both judged): po = 4/5, pA = 3/5, pB = 2/5,
#   pe = 6/25 + 6/25 = 12/25, κ = (20 − 12)/(25 − 12) = 8/13
# Percent agreement = P̄ = 7/9.


def _hand_example(uncoded: int = 1) -> Judgements:
    """Theme "t" as above, a theme "o" that coder A applies everywhere (so no segment of
    the six is uncoded), and ``uncoded`` segments on which nobody applied anything."""
    values = np.zeros((3, 6 + uncoded, 2), dtype=np.int8)
    values[:, :6, 0] = [HAND_A, HAND_B, HAND_C]
    values[0, :6, 1] = 1
    values[:, :6, 1][values[:, :6, 0] == -1] = -1
    segments = tuple(f"u{i}" for i in range(1, 7 + uncoded))
    return Judgements(("A", "B", "C"), segments, ("t", "o"), values)


def _row(frame, theme):
    return frame[frame["theme"] == theme].iloc[0]


def test_the_hand_worked_example_gives_the_figures_worked_by_hand():
    report = agreement(_hand_example(), bootstrap=0)
    theme = _row(report.themes, "t")
    assert theme["alpha"] == pytest.approx(33 / 63)
    assert theme["fleiss_kappa"] == pytest.approx(311 / 567)
    assert theme["percent"] == pytest.approx(7 / 9)
    pairs = report.pairs[report.pairs["theme"] == "t"].set_index(["coder_a", "coder_b"])
    assert pairs.loc[("A", "B"), "cohen_kappa"] == pytest.approx(8 / 13)
    assert (report.compared, report.uncoded, report.single) == (6, 1, 0)


def test_uncoded_segments_are_counted_apart_and_do_not_move_any_figure():
    few, many = agreement(_hand_example(1), bootstrap=0), agreement(_hand_example(500),
                                                                     bootstrap=0)
    assert (few.uncoded, many.uncoded) == (1, 500)
    for column in ("alpha", "fleiss_kappa", "percent", "cohen_kappa_mean"):
        assert list(few.themes[column]) == pytest.approx(list(many.themes[column]))


def _random(coders: int, segments: int, themes: int, seed: int) -> Judgements:
    rng = np.random.default_rng(seed)
    truth = rng.random((segments, themes)) < 0.3
    values = (truth ^ (rng.random((coders, segments, themes)) < 0.2)).astype(np.int8)
    values[rng.random((coders, segments)) < 0.15] = -1
    return Judgements(tuple(f"c{i}" for i in range(coders)),
                      tuple(f"s{i}" for i in range(segments)),
                      tuple(f"t{i}" for i in range(themes)), values)


def test_alpha_matches_the_krippendorff_package_and_its_closed_form_used_by_the_bootstrap():
    from coding.review.agreement import _figures, _unit_stats

    judged = _random(4, 300, 5, seed=1)
    report = agreement(judged, bootstrap=0)
    kept = judged.values[:, (judged.values == 1).any(axis=(0, 2))
                         & ((judged.values != -1).any(axis=2).sum(axis=0) >= 2), :]
    for t, theme in enumerate(judged.themes):
        data = np.where(kept[:, :, t] == -1, np.nan, kept[:, :, t]).astype(float)
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert _row(report.themes, theme)["alpha"] == pytest.approx(expected, abs=1e-12)
    closed = _figures(_unit_stats(kept).sum(axis=0))["alpha"]
    assert list(closed) == pytest.approx(list(report.themes["alpha"]), abs=1e-12)


def test_cohen_kappa_matches_scikit_learn_for_every_pair_and_theme():
    judged = _random(3, 400, 4, seed=2)
    report = agreement(judged, bootstrap=0)
    kept = (judged.values == 1).any(axis=(0, 2))
    for _, row in report.pairs[report.pairs["theme"] != ALL_THEMES].iterrows():
        a, b = judged.coders.index(row["coder_a"]), judged.coders.index(row["coder_b"])
        t = judged.themes.index(row["theme"])
        first, second = judged.values[a, kept, t], judged.values[b, kept, t]
        both = (first != -1) & (second != -1)
        assert row["segments"] == both.sum()
        assert row["cohen_kappa"] == pytest.approx(
            cohen_kappa_score(first[both], second[both]), abs=1e-12)


def test_intervals_hold_the_estimate_and_repeat_with_the_same_seed():
    judged = _random(3, 500, 3, seed=3)
    one, two = agreement(judged, bootstrap=300, seed=7), agreement(judged, bootstrap=300,
                                                                    seed=7)
    assert one.themes.equals(two.themes) and one.pairs.equals(two.pairs)
    for name in ("alpha", "fleiss_kappa", "percent"):
        assert (one.themes[f"{name}_low"] <= one.themes[name]).all()
        assert (one.themes[name] <= one.themes[f"{name}_high"]).all()
        assert (one.themes[f"{name}_high"] - one.themes[f"{name}_low"] > 0.01).all()
    assert agreement(judged, bootstrap=0).themes.filter(like="_low").empty


def _d(coder: str, segment: str, code: str, action: Action, new_code: str = "") -> Decision:
    return Decision(segment_id=segment, code=code, action=action, coder=coder,
                    new_code=new_code)


def test_judgements_follow_the_latest_decision_and_keep_unreviewed_segments_missing():
    decisions = [
        _d("ana", "s1", "x", Action.CONFIRM), _d("ana", "s1", "x", Action.REJECT),
        _d("ana", "s2", "x", Action.RELABEL, "y"),
        _d("ben", "s1", "x", Action.CONFIRM),
        _d("ben", "s3", "y", Action.MEMO),  # a memo judges nothing
    ]
    judged = judgements(decisions, ["s1", "s2", "s3"], ["x", "y"], suggestions=[("s3", "y")],
                        include_machine=True)
    assert judged.coders == ("ana", "ben", MACHINE)
    ana, ben, machine = judged.values
    assert ana.tolist() == [[0, 0], [0, 1], [-1, -1]]  # latest wins; relabel moves
    assert ben.tolist() == [[1, 0], [-1, -1], [-1, -1]]  # s2 never decided: missing
    assert machine.tolist() == [[0, 0], [0, 0], [0, 1]]


def test_two_coders_on_a_real_project_file(sample_store):
    with Project(sample_store) as project:
        ids = find_segments(project, ReviewFilter())[:6]
        cards = segment_cards(project, ids)
        for number, card in enumerate(cards):
            code = card.themes[0].code
            decide(project, card.id, code, Action.CONFIRM, "Ana")
            decide(project, card.id, code,
                   Action.CONFIRM if number % 2 == 0 else Action.REJECT, "Ben")
        report = project_agreement(project, bootstrap=0)
        with_machine = project_agreement(project, include_machine=True, bootstrap=0)
        with pytest.raises(AgreementError, match="two coders"):
            project_agreement(project, coders=["Ana"])
    assert report.coders == ("Ana", "Ben")
    assert report.compared == 6
    pooled = report.pairs[report.pairs["theme"] == ALL_THEMES].iloc[0]
    assert pooled["segments"] == 6 * len(report.themes.index[:-1])
    assert with_machine.coders == ("Ana", "Ben", MACHINE)
    assert with_machine.single > 0  # segments only the machine judged cannot be compared


def test_judgements_match_replaying_the_decisions_one_by_one():
    rng = np.random.default_rng(4)
    segments, themes = [f"s{i}" for i in range(40)], ["x", "y", "z"]
    actions = [Action.CONFIRM, Action.REJECT, Action.RELABEL, Action.MEMO]
    decisions = [
        _d(f"c{rng.integers(3)}", segments[rng.integers(40)], themes[rng.integers(3)],
           action := actions[rng.integers(4)],
           themes[rng.integers(3)] if action == Action.RELABEL else "")
        for _ in range(300)]
    replayed = np.full((3, 40, 3), -1, dtype=np.int8)
    for d in decisions:
        if d.action == Action.MEMO:
            continue
        coder, segment = int(d.coder[1:]), segments.index(d.segment_id)
        if (replayed[coder, segment] == -1).all():
            replayed[coder, segment] = 0
        if d.action == Action.RELABEL:
            replayed[coder, segment, themes.index(d.code)] = 0
            replayed[coder, segment, themes.index(d.new_code)] = 1
        else:
            replayed[coder, segment, themes.index(d.code)] = int(d.action == Action.CONFIRM)
    judged = judgements(decisions, segments, themes, coders=["c0", "c1", "c2"])
    assert (judged.values == replayed).all()
