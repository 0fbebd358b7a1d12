"""`coding eval coding`: the harness that scores suggestions against human coders."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score, f1_score

from coding.cli import main
from coding.errors import CodingError
from coding.evaluate.coding import load_coded, simulated_feedback
from coding.evaluate.metrics import score

REQUIRED = {"setting", "method", "mean_kappa", "macro_f1", "micro_f1", "pooled_kappa",
            "relevance_kappa"}


def test_per_code_kappa_and_f1_match_scikit_learn():
    rng = np.random.default_rng(3)
    gold = rng.random((200, 4)) < 0.3
    predicted = rng.random((200, 4)) < 0.3
    figures = score(gold, predicted, has_uncoded=True)
    kappas = [cohen_kappa_score(gold[:, j], predicted[:, j]) for j in range(4)]
    assert figures["mean_kappa"] == pytest.approx(np.mean(kappas))
    assert figures["macro_f1"] == pytest.approx(f1_score(gold, predicted, average="macro"))
    assert figures["micro_f1"] == pytest.approx(f1_score(gold, predicted, average="micro"))
    assert figures["relevance_kappa"] == pytest.approx(
        cohen_kappa_score(gold.any(axis=1), predicted.any(axis=1)))


def test_the_simulated_researcher_only_learns_from_training_documents(data_dir):
    data = load_coded(data_dir / "coded_tiny")
    train = data.documents != "meeting 3"
    taught = simulated_feedback(data, train, k=1, rng=np.random.default_rng(0))
    held_out = {s.id for s, keep in zip(data.segments, train) if not keep}
    assert taught.confirmed and not (set(taught.confirmed) | set(taught.rejected)) & held_out
    assert {code for codes in taught.confirmed.values() for code in codes} == {
        "Workload", "Scholarship"}


@pytest.mark.slow  # the bundled model, and a claim about its quality (beats majority)
def test_eval_coding_writes_every_setting_and_baseline(data_dir, tmp_path, capsys):
    out = tmp_path / "coding_tiny.json"
    assert main(["eval", "coding", str(data_dir / "coded_tiny"), "--json", str(out),
                 "--seeds", "1", "--cache", str(tmp_path / "cache.sqlite")]) == 0
    written = json.loads(out.read_text())
    assert written["dataset"] == "coded_tiny" and written["units"] == 18
    rows = {(r["setting"], r["method"]): r for r in written["results"]}
    assert set(rows) == {(s, m) for s in ("zero-shot", "k=2", "k=5", "k=10", "k=20")
                         for m in ("product", "majority", "keyword")}
    assert all(set(row) >= REQUIRED for row in rows.values())
    assert rows[("k=2", "product")]["relevance_kappa"] is not None  # the data has uncoded units
    # Two confirmed turns per theme are enough to beat always answering the commonest code.
    assert rows[("k=2", "product")]["mean_kappa"] > rows[("k=2", "majority")]["mean_kappa"]
    assert "keyword" in capsys.readouterr().out


def test_a_folder_without_units_is_refused_with_the_fix(tmp_path):
    with pytest.raises(CodingError, match="units.csv"):
        load_coded(tmp_path)
