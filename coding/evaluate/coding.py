"""How well the product's suggestions agree with careful human coders.

Reads a coded data set (``codebook.yaml`` + ``units.csv``: unit_id, document, speaker,
text, codes separated by ``;``, empty when uncoded) and scores the product's own
``LearnedSuggester`` in several settings:

- ``zero-shot``: the codebook alone;
- ``k=2/5/10/20``: a simulated researcher has reviewed units of the training documents in
  random order, confirming each unit's codes, until every code has k confirmations (or
  the documents run out); uncoded units met on the way count as "no theme" judgements,
  at most k per code in all. Training and scoring documents never overlap
  (cross-validation grouped by document), over several seeds.

Beside the product, on the same units: a majority-code baseline and a keyword baseline.
Metrics: mean per-code Cohen's kappa (codes with at least MIN_UNITS coded units),
macro-F1, micro-F1, pooled kappa (all unit × code cells), relevance kappa (any code vs
none, where the data has uncoded units), with 95% intervals by bootstrap over documents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from coding.embed import Embedder
from coding.evaluate.coded import CodedData, dataset_folders, load_coded
from coding.evaluate.metrics import bootstrap, score
from coding.model import Feedback
from coding.suggest.keywords import KeywordMatcher
from coding.suggest.learned import LearnedSuggester

__all__ = ["CodedData", "dataset_folders", "evaluate_dataset", "load_coded",
           "simulated_feedback"]

SETTINGS = ("zero-shot", "k=2", "k=5", "k=10", "k=20")
FOLDS = 5
SEEDS = 3
Report = Callable[[str], None]


def simulated_feedback(data: CodedData, train: np.ndarray, k: int,
                       rng: np.random.Generator) -> Feedback:
    """What a researcher who reviewed training units in random order has decided."""
    confirmed: dict[str, frozenset[str]] = {}
    rejected: dict[str, frozenset[str]] = {}
    counts = np.zeros(len(data.codebook.names), dtype=int)
    names = np.array(data.codebook.names)
    for row in rng.permutation(np.flatnonzero(train)):
        if (counts >= k).all():
            break
        codes = data.gold[row]
        segment_id = data.segments[row].id
        if codes.any() and (counts[codes] < k).any():
            confirmed[segment_id] = frozenset(names[codes])
            counts += codes
        elif not codes.any() and len(rejected) < k * len(names):
            rejected[segment_id] = frozenset(names)
    return Feedback(confirmed=confirmed, rejected=rejected)


def product_predictions(data: CodedData, embedder: Embedder,
                        feedback: Feedback) -> np.ndarray:
    """(units, codes): the codes the product suggests, as the app would show them."""
    suggester = LearnedSuggester(embedder).fit(data.codebook, data.segments, feedback)
    row_of = {segment.id: row for row, segment in enumerate(data.segments)}
    column_of = {name: column for column, name in enumerate(data.codebook.names)}
    predicted = np.zeros(data.gold.shape, dtype=bool)
    for suggestion in suggester.suggest():
        predicted[row_of[suggestion.segment_id], column_of[suggestion.code]] = True
    return predicted


def keyword_predictions(data: CodedData) -> np.ndarray:
    found = KeywordMatcher().fit(data.codebook).match([s.text for s in data.segments])
    return np.array([[name in codes for name in data.codebook.names] for codes in found],
                    dtype=bool).reshape(data.gold.shape)


def majority_predictions(data: CodedData, train: np.ndarray) -> np.ndarray:
    """Every unit gets the code most frequent in the training documents."""
    predicted = np.zeros(data.gold.shape, dtype=bool)
    predicted[:, int(data.gold[train].sum(axis=0).argmax())] = True
    return predicted


def cross_validated(data: CodedData, embedder: Embedder, k: int, seed: int
                    ) -> dict[str, np.ndarray]:
    """Predictions of every method for every unit, each from a model that never saw the
    unit's document."""
    rng = np.random.default_rng(seed)
    documents = rng.permutation(np.unique(data.documents))
    folds = [documents[i::FOLDS] for i in range(min(FOLDS, len(documents)))]
    predicted = {name: np.zeros(data.gold.shape, dtype=bool)
                 for name in ("product", "majority")}
    for held_out in folds:
        test = np.isin(data.documents, held_out)
        feedback = simulated_feedback(data, ~test, k, rng) if k else Feedback()
        predicted["product"][test] = product_predictions(data, embedder, feedback)[test]
        predicted["majority"][test] = majority_predictions(data, ~test)[test]
    return predicted


def evaluate_dataset(data: CodedData, embedder: Embedder, settings=SETTINGS,
                     seeds: int = SEEDS, report: Report = print) -> list[dict]:
    """One result row per (setting, method), figures averaged over seeds."""
    keyword = keyword_predictions(data)
    results = []
    for setting in settings:
        k = 0 if setting == "zero-shot" else int(setting.removeprefix("k="))
        runs = [cross_validated(data, embedder, k, seed) for seed in range(seeds if k else 1)]
        for method in ("product", "majority", "keyword"):
            predictions = ([keyword] if method == "keyword"
                           else [run[method] for run in runs])
            results.append(_row(data, setting, method, predictions))
            report(_line(data.name, results[-1]))
    return results


def _row(data: CodedData, setting: str, method: str, predictions: list[np.ndarray]) -> dict:
    figures = [score(data.gold, predicted, data.has_uncoded) for predicted in predictions]
    row = {"setting": setting, "method": method}
    for key in figures[0]:
        values = [f[key] for f in figures if f[key] is not None]
        row[key] = round(float(np.mean(values)), 3) if values else None
    row["codes_scored"] = figures[0]["codes_scored"]
    low, high = bootstrap(data.gold, predictions[0], data.documents, "mean_kappa")
    row["mean_kappa_ci"] = [low, high]
    if data.has_uncoded:
        row["relevance_kappa_ci"] = list(bootstrap(data.gold, predictions[0], data.documents,
                                                   "relevance_kappa"))
    return row


def _line(name: str, row: dict) -> str:
    relevance = "" if row["relevance_kappa"] is None else \
        f"  relevance κ {row['relevance_kappa']:.3f}"
    return (f"{name:22} {row['setting']:9} {row['method']:8} mean κ {row['mean_kappa']:.3f} "
            f"[{row['mean_kappa_ci'][0]:.3f}, {row['mean_kappa_ci'][1]:.3f}] "
            f"({row['codes_scored']} codes)  macro-F1 {row['macro_f1']:.3f}  "
            f"micro-F1 {row['micro_f1']:.3f}  pooled κ {row['pooled_kappa']:.3f}{relevance}")


def human_ceiling(folder: str | Path) -> dict | None:
    """Agreement of two independent human coders (``coder_pairs.csv``), same metrics."""
    path = Path(folder) / "coder_pairs.csv"
    if not path.exists():
        return None
    pairs = pd.read_csv(path, keep_default_na=False, dtype=str)
    names = sorted({code.strip() for column in ("codes_coder_a", "codes_coder_b")
                    for codes in pairs[column] for code in codes.split(";") if code.strip()})

    def matrix(column: str) -> np.ndarray:
        return np.array([[n in {c.strip() for c in codes.split(";")} for n in names]
                         for codes in pairs[column]], dtype=bool)

    figures = score(matrix("codes_coder_a"), matrix("codes_coder_b"), True)
    return {"units": len(pairs), "documents": int(pairs["document"].nunique()), **figures}
