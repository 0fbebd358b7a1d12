"""Scoring emergent themes against human codes, and the two theme commands."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coding.cli import main
from coding.emergent.smalltalk import SMALL_TALK_NUMBER
from coding.emergent.coverage import MemberScores
from coding.evaluate.themes import (
    CoverageCase, coverage_accuracy, harmonic_purity, label_quality, majority_codes,
)


def test_harmonic_purity_is_one_for_a_perfect_match_and_splits_multi_coded_units():
    codes = (("a",), ("a",), ("b",), ("b",))
    assert harmonic_purity(np.array([0, 0, 1, 1]), codes) == 1.0
    assert harmonic_purity(np.array([0, 1, 2, 3]), codes) == 2 * 1 * 0.5 / 1.5
    # a unit coded a;b counts half for each code: purity 1.75/3, inverse 1.5/3 ...
    mixed = harmonic_purity(np.array([0, 0, 0]), (("a",), ("a", "b"), ("b",)))
    assert np.isclose(mixed, 2 * 0.5 * 1.0 / 1.5)


def test_small_talk_set_apart_earns_nothing_towards_harmonic_purity():
    codes = (("a",), ("a",), ("b",), ("b",))
    # as one group the two "b" units would be pure; judged "no theme" they are misses:
    # purity 2/4, inverse purity 2/4
    assert harmonic_purity(np.array([0, 0, SMALL_TALK_NUMBER, SMALL_TALK_NUMBER]),
                           codes) == 0.5
    assert harmonic_purity(np.full(4, SMALL_TALK_NUMBER), codes) == 0.0


def test_label_quality_counts_names_months_fillers_and_numbers_among_label_words():
    assert label_quality(["protected time · call schedule"], {"elena"}) == 0.0
    # 6 words, of which elena (name), august (month), yeah (filler), ninety (number)
    assert label_quality(["elena work · august", "yeah · ninety minutes"], {"elena"}) == 0.6667


def test_a_theme_is_rightly_covered_only_by_its_majority_human_code():
    themes = np.array([0, 0, 0, 1, 1])
    majority = majority_codes(themes, (("a",), ("a", "b"), ("b",), ("c",), ("c",)))
    assert majority == {0: "a", 1: "c"}  # a: 1.5, b: 1.5 → the first by name on a tie


def test_a_theme_is_judged_with_its_own_code_in_the_codebook_and_left_out():
    # Three members; each scores "a" highest, and after it b, b, c.
    score = np.array([[0.9, 0.5, 0.1], [0.8, 0.6, 0.2], [0.7, 0.1, 0.3]])
    scores = MemberScores(score, score, ("a", "b", "c"))
    right = CoverageCase(scores, np.arange(3), "a", {"a": 0.4, "b": 0.4, "c": 0.4})
    # with "a" left out, b gets two votes in three: covered by b, not new
    assert coverage_accuracy([right]) == (1.0, 0.0)
    strict = CoverageCase(scores, np.arange(3), "a", {"a": 0.4, "b": 0.7, "c": 0.7})
    assert coverage_accuracy([strict]) == (1.0, 1.0)
    wrong = CoverageCase(scores, np.arange(3), "b", {"a": 0.4, "b": 0.4, "c": 0.4})
    assert coverage_accuracy([right, wrong]) == (0.5, 0.0)


@pytest.mark.slow  # `coding eval` measures the bundled model; it makes its own Embedder
def test_eval_themes_writes_the_five_scores_per_dataset(tmp_path, capsys):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "codebook.yaml").write_text(
        "codes:\n- name: Weather\n  definition: Talk about rain and sun.\n"
        "- name: Food\n  definition: Talk about meals and cooking.\n", encoding="utf-8")
    rows = ["unit_id,document,speaker,text,codes"]
    for i in range(30):
        text, code = (("It rained all day and the sky was grey", "Weather") if i % 2 else
                      ("We cooked pasta with tomato sauce for dinner", "Food"))
        rows.append(f"{i},d{i // 10},P,{text} {i},{code}")
    (folder / "units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    assert main(["eval", "themes", str(tmp_path), "--json", str(out),
                 "--cache", str(tmp_path / "cache.sqlite")]) == 0
    scores = json.loads(out.read_text())["tiny"]
    assert {"harmonic_purity", "nmi", "ari", "n_themes", "code_recall", "label_quality",
            "covered_accuracy", "new_accuracy", "covered_accuracy_half_coded",
            "new_accuracy_half_coded"} <= set(scores)
    assert 0 <= scores["harmonic_purity"] <= 1 and scores["n_themes"] >= 2
    assert "minilm + kmeans" in capsys.readouterr().out


def test_coding_themes_fits_and_lists_the_themes(sample_project, capsys,
                                                 fake_default_embedder):
    assert main(["themes", "--project", str(sample_project), "--min-cluster-size", "15",
                 "--seed", "1"]) == 0
    printed = capsys.readouterr().out
    assert "themes in" in printed and "words:" in printed and " · " in printed
